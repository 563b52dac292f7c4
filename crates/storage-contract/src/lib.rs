//! The storage ports' contract suite: what every backend (SQLite, PostgreSQL) must do, as
//! functions generic over a store implementing the ports ([`support::Store`]), each given a
//! [`support::Factory`] that opens a fresh, empty store. A backend runs the whole suite with
//! [`contract_tests!`], one `#[test]` per function, unchanged:
//!
//! ```ignore
//! storage_contract::contract_tests!(crate::fresh_store);
//! ```
//!
//! Writes go through the domain's use-case transactions, so that the suite checks that the
//! storage keeps rows as the rules expect. Only for tests: the functions panic on failure.

pub mod assignees;
pub mod chats;
pub mod concurrency;
pub mod inbound;
pub mod listing;
pub mod notes;
pub mod outbox;
pub mod support;
pub mod tickets;
pub mod transaction;
pub mod visitors;

/// One `#[test]` per contract function, each calling it with `$factory`. With `if $available`,
/// each test first evaluates `$available` (a `bool` expression) and returns at once when it is
/// false: for a backend that a developer's machine may not have (the expression says why it
/// skips). The module list below is the one list of the suite's functions.
#[macro_export]
macro_rules! contract_tests {
    ($factory:path) => {
        $crate::contract_tests! { $factory, if true }
    };
    ($factory:path, if $available:expr) => {
        $crate::contract_tests! { @expand $factory, $available;
            visitors: [
                a_created_visitor_is_found_by_its_token_hash,
                the_first_message_creates_an_open_medium_ticket,
                a_message_without_page_keeps_the_last_known_page,
                tickets_are_numbered_from_t1001_strictly_increasing,
                a_repeated_client_id_is_a_duplicate_that_writes_nothing,
                a_client_id_is_only_a_duplicate_within_one_ticket,
                a_message_reopens_a_closed_ticket,
                name_and_email_are_recorded_when_given,
                page_and_device_follow_the_latest_message,
                a_message_from_an_unknown_visitor_is_refused,
                only_visitors_without_a_ticket_created_in_the_window_are_purged,
            ],
            tickets: [
                a_reply_makes_the_ticket_pending,
                a_reply_keeps_the_member_of_the_team_who_wrote_it,
                a_repeated_reply_is_a_duplicate_that_writes_nothing,
                a_visitor_client_id_never_swallows_an_operator_reply,
                a_reply_to_an_unknown_ticket_is_refused,
                closing_and_reopening_record_a_system_note,
                a_status_change_of_an_unknown_ticket_is_refused,
                setting_a_priority_returns_the_previous_one,
                an_unknown_ticket_reads_as_none,
                the_history_holds_the_latest_messages_oldest_first,
                a_visitor_reads_the_messages_after_an_id,
            ],
            notes: [
                a_note_is_stored_with_who_wrote_it,
                a_note_with_a_client_id_used_on_its_ticket_is_not_stored_again,
                notes_without_a_client_id_are_all_stored,
                the_history_holds_the_latest_notes_oldest_first,
                notes_never_appear_in_the_conversation,
                a_note_on_an_unknown_ticket_is_refused,
            ],
            listing: [
                filters_list_their_tickets_in_urgency_then_recency_order,
                pages_skip_and_limit_but_count_every_match,
                tickets_are_counted_by_status,
                statistics_cover_every_ticket,
                the_median_of_an_even_count_is_the_mean_of_the_middle_two,
                there_is_no_median_without_a_reply,
            ],
            outbox: [
                a_message_fans_out_to_every_destination,
                without_destinations_nothing_is_queued,
                due_entries_come_oldest_first_per_destination,
                a_waiting_entry_holds_back_its_destination_only,
                the_next_due_time_is_that_of_the_first_waiting_head,
                delivered_entries_are_not_returned_again,
                a_given_up_entry_lets_the_next_one_go,
                a_retry_counts_the_attempt_and_delays_the_entry,
                a_claimed_entry_is_not_handed_out_again_until_its_lease_runs_out,
                settling_an_entry_releases_its_claim,
                released_claims_are_handed_out_at_once,
                a_claim_for_one_destination_leaves_the_others,
            ],
            inbound: [
                an_update_is_claimed_by_one_handler_at_a_time,
                a_handled_update_is_done_for_every_later_claim,
                a_claim_whose_lease_ran_out_can_be_taken_again,
                handled_update_ids_are_kept_eight_days_across_restarts,
            ],
            assignees: [
                a_new_ticket_is_assigned_to_nobody,
                an_assignee_is_read_back_by_every_read_of_the_ticket,
                a_cleared_or_replaced_assignee_is_read_back_as_written,
                the_use_cases_that_change_a_ticket_keep_its_assignee,
                an_inserted_ticket_keeps_the_assignee_it_is_given,
            ],
            transaction: [
                a_failing_unit_of_work_writes_nothing,
                a_new_number_is_above_every_stored_ticket,
                updating_an_unknown_ticket_is_refused,
            ],
            concurrency: [
                concurrent_first_messages_get_distinct_numbers,
                a_client_id_sent_at_once_by_several_tabs_is_one_message,
                a_note_added_at_once_by_several_handlers_is_one_note,
                a_resuming_reader_never_misses_a_message_committed_later,
                concurrent_assignments_leave_one_assignee_whole,
            ],
            chats: [
                a_remembered_message_leads_to_its_ticket,
                a_remembered_digest_is_about_several_tickets,
                a_later_record_replaces_the_earlier,
                an_unknown_message_is_about_nothing,
                the_focus_is_per_chat_and_survives_a_restart,
                a_remembered_topic_is_found_both_ways_and_survives_a_restart,
                an_unknown_topic_is_none,
                a_re_created_topic_replaces_the_earlier,
                the_same_thread_gets_its_name_and_state_updated,
                a_thread_belongs_to_one_ticket_of_its_chat,
                only_the_current_thread_is_forgotten,
                topics_are_per_chat,
            ],
        }
    };
    (@expand $factory:path, $available:expr;
        $($module:ident: [$($name:ident),* $(,)?]),* $(,)?) => {
        $(mod $module {
            $(#[test]
            fn $name() {
                if !$available {
                    return;
                }
                $crate::$module::$name(&$factory);
            })*
        })*
    };
}
