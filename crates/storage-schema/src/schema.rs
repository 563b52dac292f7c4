//! The tables, as diesel sees them; written by hand to match `migrations/` (every integer,
//! times included, is a 64-bit `BigInt`).

diesel::table! {
    /// Anonymous visitors.
    visitors (id) {
        /// The visitor's id.
        id -> BigInt,
        /// The hash of the visitor's bearer token.
        token_hash -> Text,
        /// The name the visitor gave.
        name -> Nullable<Text>,
        /// The e-mail address the visitor gave.
        email -> Nullable<Text>,
        /// When the visitor was created.
        created_at -> BigInt,
    }
}

diesel::table! {
    /// One ticket per visitor.
    tickets (number) {
        /// The ticket number (>= 1001).
        number -> BigInt,
        /// The visitor who opened it.
        visitor_id -> BigInt,
        /// The first message.
        subject -> Text,
        /// `open`, `pending` or `closed`.
        status -> Text,
        /// 0 low, 1 medium, 2 high, 3 urgent.
        priority -> BigInt,
        /// When the first message arrived.
        created_at -> BigInt,
        /// The latest message or change.
        last_activity_at -> BigInt,
        /// When it was last closed, if closed.
        closed_at -> Nullable<BigInt>,
        /// The first operator reply.
        first_response_at -> Nullable<BigInt>,
        /// `first_response_at - created_at`, in microseconds.
        first_response_us -> Nullable<BigInt>,
        /// The page of the latest visitor message.
        last_page -> Nullable<Text>,
        /// The device of the latest visitor message.
        last_device -> Nullable<Text>,
        /// The Telegram user id of the member of the team it is assigned to.
        assignee_id -> Nullable<BigInt>,
        /// Their first name (set with `assignee_id`, or neither).
        assignee_name -> Nullable<Text>,
    }
}

diesel::table! {
    /// Ticket counts by status, priority and answered-or-not, kept by triggers.
    ticket_counts (status, priority, answered) {
        /// `open`, `pending` or `closed`.
        status -> Text,
        /// 0 low … 3 urgent.
        priority -> BigInt,
        /// 1 when the ticket has had an operator reply.
        answered -> BigInt,
        /// How many tickets.
        n -> BigInt,
    }
}

diesel::table! {
    /// Messages of the tickets.
    messages (id) {
        /// Increasing in the order of storage.
        id -> BigInt,
        /// The ticket.
        ticket_number -> BigInt,
        /// `visitor`, `operator` or `system`.
        author -> Text,
        /// The text.
        text -> Text,
        /// When it was stored.
        sent_at -> BigInt,
        /// The page a visitor wrote it from.
        page -> Nullable<Text>,
        /// The sender's idempotency key.
        client_id -> Nullable<Text>,
        /// The Telegram user id of the member of the team who wrote an operator reply.
        operator_id -> Nullable<BigInt>,
        /// Their first name (set with `operator_id`, or neither).
        operator_name -> Nullable<Text>,
    }
}

diesel::table! {
    /// The team's internal notes on the tickets, apart from the conversation.
    ticket_notes (id) {
        /// Increasing in the order of storage.
        id -> BigInt,
        /// The ticket.
        ticket_number -> BigInt,
        /// The text.
        text -> Text,
        /// The Telegram user id of the member of the team who wrote it (`NULL`: the console).
        operator_id -> Nullable<BigInt>,
        /// Their first name (set with `operator_id`, or neither).
        operator_name -> Nullable<Text>,
        /// When it was written.
        written_at -> BigInt,
        /// The idempotency key: one note per key and ticket.
        client_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// Notifications to deliver, one row per destination.
    outbox (id) {
        /// Increasing in the order of writing.
        id -> BigInt,
        /// Where it goes.
        destination -> Text,
        /// The notification, as JSON.
        payload -> Text,
        /// When it was written.
        created_at -> BigInt,
        /// When to try (again).
        next_attempt_at -> BigInt,
        /// Failed attempts so far.
        attempts -> BigInt,
        /// The latest error.
        last_error -> Nullable<Text>,
        /// When it was delivered.
        delivered_at -> Nullable<BigInt>,
        /// When it was given up.
        failed_at -> Nullable<BigInt>,
        /// Claimed by a delivery worker until then.
        claimed_until -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// What each bot message in an operator chat is about.
    sent_messages (chat_id, message_id) {
        /// The operator chat.
        chat_id -> BigInt,
        /// The bot's message in it.
        message_id -> BigInt,
        /// The ticket; `NULL` when the message is about several tickets (a digest).
        ticket_number -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// The focused ticket of each operator chat.
    chat_focus (chat_id) {
        /// The operator chat.
        chat_id -> BigInt,
        /// The ticket.
        ticket_number -> BigInt,
        /// When it was set.
        updated_at -> BigInt,
    }
}

diesel::table! {
    /// The topic of each ticket in each forum group.
    forum_topics (chat_id, ticket_number) {
        /// The forum group.
        chat_id -> BigInt,
        /// The ticket.
        ticket_number -> BigInt,
        /// The topic's thread (`message_thread_id`), one ticket's in its chat.
        thread_id -> BigInt,
        /// The name last set on Telegram.
        name -> Text,
        /// 1 when it was last closed on Telegram, else 0.
        closed -> BigInt,
        /// When it was last recorded.
        updated_at -> BigInt,
    }
}

diesel::table! {
    /// Incoming updates already applied.
    handled_updates (update_id) {
        /// The update id.
        update_id -> BigInt,
        /// When it was handled.
        handled_at -> BigInt,
    }
}

diesel::table! {
    /// Incoming updates being handled, each by one handler until its claim expires.
    update_claims (update_id) {
        /// The update id.
        update_id -> BigInt,
        /// The claim holds until then.
        claimed_until -> BigInt,
    }
}

diesel::joinable!(tickets -> visitors (visitor_id));
diesel::joinable!(messages -> tickets (ticket_number));
diesel::joinable!(ticket_notes -> tickets (ticket_number));
diesel::joinable!(forum_topics -> tickets (ticket_number));

diesel::allow_tables_to_appear_in_same_query!(
    visitors,
    tickets,
    ticket_counts,
    messages,
    ticket_notes,
    outbox,
    sent_messages,
    chat_focus,
    forum_topics,
    handled_updates,
    update_claims,
);
