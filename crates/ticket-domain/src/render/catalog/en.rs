//! English.

use super::{
    AnswerTexts, ButtonTexts, Catalog, CommandTexts, CommandWords, DigestTexts, ErrorTexts,
    HelpTexts, Labels, ListTexts, NotificationTexts, StatsTexts, ViewTexts,
};

/// The English texts.
pub(super) static EN: Catalog = Catalog {
    date_time: "%d/%m/%Y %H:%M",
    labels: Labels {
        visitor: "Visitor",
        anonymous: "Anonymous visitor",
        email: "Email",
        message: "Message",
        page: "Page",
        subject: "Subject",
        status: "Status",
        priority: "Priority",
        open: "Open",
        pending: "Pending",
        closed: "Closed",
        mobile: "📱 Mobile",
        tablet: "📱 Tablet",
        desktop: "💻 Desktop",
    },
    notification: NotificationTexts {
        created: |number| format!("🆕 NEW TICKET {number}"),
        appended: |number| format!("📝 REPLY ON TICKET {number}"),
        reopened: |number| format!("🔓 TICKET {number} REOPENED BY THE VISITOR"),
        time: "Time",
        history_hint: |number| format!("💡 Reply with /ticket {number} to see the history"),
        commands_hint: |number| format!("🛠️ Commands: /tickets /close {number} /help"),
    },
    list: ListTexts {
        title: "🎫 TICKET MANAGEMENT",
        summary: "📊 Summary:",
        total: "Total",
        active: "📋 Open and pending tickets:",
        open: "🟢 Open tickets:",
        pending: "⏳ Pending tickets:",
        closed: "🔴 Closed tickets:",
        urgent: "🚨 Urgent tickets:",
        all: "📋 All tickets:",
        mark_open: "🟢 open",
        mark_pending: "⏳ pending",
        mark_closed: "🔴 closed",
        page: |page, pages| format!("📄 Page {page}/{pages}"),
        next_page: |command| format!(" · next: {command}"),
        no_such_page: |page, pages, first| {
            format!("📄 There is no page {page} (there are {pages} page(s)). See {first}")
        },
        all_caught_up: "✨ No ticket to handle. All caught up!",
        no_match: "✨ No ticket matches.",
    },
    view: ViewTexts {
        title: |number| format!("🎫 TICKET {number}"),
        created: "Created",
        last_activity: "Last activity",
        closed: "Closed",
        conversation: "💬 CONVERSATION:",
        support: "🎧 Support",
        system: "⚙️ System",
        note: "🔒 Internal note",
        assignee: "Assigned to",
        hidden: |hidden| format!("({hidden} older message(s) not shown)"),
        reply_here: |number| format!("↩️ Type your reply: it will go to ticket {number}."),
    },
    stats: StatsTexts {
        title: "📊 DETAILED STATISTICS",
        total: "Total tickets",
        urgent: "Urgent",
        stale: "Stale (>7d)",
        created_today: "Created today",
        first_response: "First response (median)",
        no_reply_yet: "no reply yet",
        day: "d",
        more_urgent: |more| format!("… and {more} more: /tickets urgent"),
        recommended: "💡 Recommended actions:",
        handle_urgent: |n| match n {
            1 => "Handle the 1 urgent ticket".to_owned(),
            n => format!("Handle the {n} urgent tickets"),
        },
        follow_up_stale: |n| match n {
            1 => "Follow up or close the stale ticket (>7d)".to_owned(),
            n => format!("Follow up or close the {n} stale tickets (>7d)"),
        },
        answer_open: |n| match n {
            1 => "Answer the open ticket: /tickets open".to_owned(),
            n => format!("Answer the {n} open tickets: /tickets open"),
        },
        nothing_to_do: "Nothing to do, all caught up 🎉",
    },
    answers: AnswerTexts {
        closed: |number| format!("✅ Ticket {number} closed."),
        reopened: |number| format!("🔓 Ticket {number} reopened."),
        same_priority: |number, priority| {
            format!("ℹ️ Ticket {number} already has priority {priority}.")
        },
        priority_changed: |number, from, to| {
            format!(
                "{} Priority of ticket {number} changed from {from} → {to}",
                to.icon()
            )
        },
        reply_sent: |number, name| format!("✅ Reply sent to ticket {number} ({name})."),
        note_added: |number| format!("🔒 Note added to ticket {number} (seen by the team only)."),
        assigned: |number, name| format!("👥 Ticket {number} assigned to {name}."),
        unassigned: |number| format!("👥 Ticket {number} is no longer assigned."),
        assign_how: |number| {
            format!("↩️ To assign {number} to a colleague, reply to one of their messages with /assign {number}.")
        },
        take_needs_telegram: "⚠️ Only a member of the team on Telegram can take a ticket.",
        reply_reopened: "🔓 The ticket was closed: it is pending again.",
        not_found: |number| format!("❌ Ticket {number} does not exist. See /tickets"),
        already_closed: |number| {
            format!("ℹ️ Ticket {number} is already closed. To reopen it: /reopen {number}")
        },
        not_closed: |number, status| {
            format!("ℹ️ Ticket {number} is not closed (status: {status}).")
        },
        no_reply_target: "🤔 Which ticket is this for? Reply (swipe → Reply) to the ticket's \
            notification, open it with /ticket T1001 and then type, or send /reply T1001 your \
            message.",
        not_authorised: "⛔ This bot is for the support team only.",
        text_only: "📎 Only text messages are supported for now.",
        unreadable_line: "⚠️ Unreadable line (invalid UTF-8 text, or too long): ignored. Please \
            type it again.",
        internal_error: "⚠️ Internal error: nothing was saved. Please try again in a moment.",
        note_closed: "Conversation closed by the support. Write again if you need anything.",
        note_reopened: "Conversation reopened by the support.",
    },
    errors: ErrorTexts {
        unknown_command: |name| {
            format!("❓ Unknown command: {name}. Send /help for the list of commands.")
        },
        missing_argument: "⚠️ An argument is missing.",
        unexpected_argument: |extra| format!("⚠️ Unexpected argument: “{extra}”."),
        not_a_ticket_number: "⚠️ That is not a ticket number (example: T1001).",
        unknown_priority: |word| {
            format!(
                "⚠️ Unknown priority: “{word}”. Priorities: low 🟢, medium 🟡, high 🔴, urgent 🚨."
            )
        },
        not_a_filter: |word| {
            format!(
                "⚠️ “{word}” is neither a filter (open, pending, closed, urgent, all) nor a page \
                 number."
            )
        },
        empty_message: "⚠️ The message is empty.",
        too_long: |chars| {
            format!(
                "⚠️ The message is {chars} characters long; the limit is 4000. Split it into \
                 several messages."
            )
        },
        usage: "Usage:",
    },
    help: HelpTexts {
        title: "🎫 HELP — AVAILABLE COMMANDS",
        example_message: "your message",
        footer: "↩️ To answer a visitor: reply to their ticket's notification, or open it with \
            /ticket T1001 and then just type your message.",
        greeting: "👋 Hello! This bot tells you about every message left on your site and lets \
            you answer from here.",
    },
    commands: CommandTexts {
        tickets: CommandWords {
            help: "open and pending tickets, most urgent first",
            menu: "Open and pending tickets",
        },
        ticket: CommandWords {
            help: "a ticket's details and conversation",
            menu: "A ticket's details",
        },
        reply: CommandWords {
            help: "reply to a ticket",
            menu: "Reply",
        },
        note: CommandWords {
            help: "internal note, seen by the team only",
            menu: "Internal note",
        },
        take: CommandWords {
            help: "take a ticket (it is assigned to you)",
            menu: "Take",
        },
        assign: CommandWords {
            help: "in reply to a colleague's message: assign it to them",
            menu: "Assign",
        },
        unassign: CommandWords {
            help: "assign a ticket to nobody",
            menu: "Unassign",
        },
        close: CommandWords {
            help: "close a ticket",
            menu: "Close",
        },
        reopen: CommandWords {
            help: "reopen a closed ticket",
            menu: "Reopen",
        },
        priority: CommandWords {
            help: "change the priority (low 🟢, medium 🟡, high 🔴, urgent 🚨)",
            menu: "Priority",
        },
        stats: CommandWords {
            help: "detailed statistics",
            menu: "Statistics",
        },
        help: CommandWords {
            help: "this help",
            menu: "Help",
        },
        menu_message: "message",
        menu_with_example: |description, example| format!("{description}: {example}"),
    },
    digest: DigestTexts {
        header: |count| format!("📬 {count} notifications grouped"),
        hint: |example| {
            format!(
                "↩️ This message groups several tickets. Answer with /reply {example} your \
                 message."
            )
        },
        reply_to_digest: "↩️ This message groups several tickets: nothing was sent. Answer with \
            /reply T1001 your message.",
    },
    buttons: ButtonTexts {
        view: "View",
        close: "Close",
        urgent: "Urgent",
    },
};
