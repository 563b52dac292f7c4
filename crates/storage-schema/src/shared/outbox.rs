//! The notification outbox: written with each visitor message, drained in order per
//! destination by delivery workers, each entry claimed for a lease before it is delivered.

/// Expands the module `outbox` (queueing, and [`NotificationOutbox`] for `$store`) for
/// connections of type `$conn`. `$lock_claims` runs first in every claiming transaction: a
/// backend whose writers are not already serialised takes a lock there, so that two workers
/// never claim the same entries.
///
/// [`NotificationOutbox`]: ticket_domain::ports::NotificationOutbox
#[doc(hidden)]
#[macro_export]
macro_rules! __shared_outbox {
    ($conn:ty, $store:ty, $lock_claims:path) => {
        /// The notification outbox: queueing, claiming, and the outcome of deliveries.
        pub(crate) mod outbox {
            use std::time::Duration;

            use $crate::__private::chrono::{DateTime, Utc};
            use $crate::__private::diesel::dsl::min;
            use $crate::__private::diesel::prelude::*;
            use $crate::__private::ticket_domain::notification::OperatorNotification;
            use $crate::__private::ticket_domain::ports::{
                NotificationOutbox, OutboxBacklog, OutboxEntry, OutboxId, RepositoryError,
            };
            use $crate::error::{Fail, Res};
            use $crate::rows::{instant, lease_end, micros, unsigned, EndOfAttempt};
            use $crate::schema::outbox;

            /// How many ids one `UPDATE … WHERE id IN (…)` binds at most.
            const IDS_PER_STATEMENT: usize = 500;

            /// Queues `notification` for `destination`, due at `at`.
            pub(crate) fn enqueue(
                conn: &mut $conn,
                destination: &str,
                notification: &OperatorNotification,
                at: i64,
            ) -> Res<()> {
                let payload = $crate::__private::serde_json::to_string(notification)
                    .map_err(Fail::storage)?;
                $crate::__private::diesel::insert_into(outbox::table)
                    .values((
                        outbox::destination.eq(destination),
                        outbox::payload.eq(&payload),
                        outbox::created_at.eq(at),
                        outbox::next_attempt_at.eq(at),
                    ))
                    .execute(conn)?;
                Ok(())
            }

            /// Pending: neither delivered nor given up (the condition of the partial index
            /// `outbox_pending`).
            macro_rules! pending {
                () => {
                    outbox::table
                        .filter(outbox::delivered_at.is_null())
                        .filter(outbox::failed_at.is_null())
                };
            }

            /// Each destination with pending entries, and its oldest pending entry.
            fn heads(conn: &mut $conn) -> Res<Vec<(String, Option<i64>)>> {
                Ok(pending!()
                    .group_by(outbox::destination)
                    .select((outbox::destination, min(outbox::id)))
                    .load(conn)?)
            }

            /// A pending entry: id, payload, due, attempts, claimed until.
            type PendingRow = (i64, String, i64, i64, Option<i64>);

            /// The due entries, and the ids of those whose payload cannot be read, with the
            /// reason.
            type DueRead = (Vec<OutboxEntry>, Vec<(OutboxId, String)>);

            /// For each destination whose oldest pending entry is due and unclaimed at `now`,
            /// its oldest unclaimed entries (at most `per_destination`).
            fn read_due(
                conn: &mut $conn,
                now: i64,
                only: Option<&str>,
                per_destination: u32,
            ) -> Res<DueRead> {
                let mut entries = Vec::new();
                let mut corrupt = Vec::new();
                let heads = heads(conn)?;
                let wanted = heads
                    .into_iter()
                    .filter(|(destination, _)| only.is_none_or(|only| only == destination));
                for (destination, _) in wanted {
                    let rows: Vec<PendingRow> = pending!()
                        .filter(outbox::destination.eq(&destination))
                        .order(outbox::id.asc())
                        .limit(i64::from(per_destination))
                        .select((
                            outbox::id,
                            outbox::payload,
                            outbox::next_attempt_at,
                            outbox::attempts,
                            outbox::claimed_until,
                        ))
                        .load(conn)?;
                    let claimed = |row: &PendingRow| row.4.is_some_and(|t| t > now);
                    if rows
                        .first()
                        .is_none_or(|head| head.2 > now || claimed(head))
                    {
                        continue;
                    }
                    for row in rows.iter().take_while(|row| !claimed(row)) {
                        let (id, payload, _, attempts, _) = row;
                        match $crate::__private::serde_json::from_str::<OperatorNotification>(
                            payload,
                        ) {
                            Ok(notification) => entries.push(OutboxEntry {
                                id: OutboxId(*id),
                                destination: destination.clone(),
                                notification,
                                attempts: u32::try_from(*attempts).unwrap_or(u32::MAX),
                            }),
                            Err(error) => corrupt.push((OutboxId(*id), error.to_string())),
                        }
                    }
                }
                Ok((entries, corrupt))
            }

            /// Gives up the entries whose payload cannot be read.
            fn give_up_unreadable(
                conn: &mut $conn,
                corrupt: &[(OutboxId, String)],
                now: i64,
            ) -> Res<()> {
                for (id, error) in corrupt {
                    $crate::__private::tracing::error!(
                        outbox_id = id.0,
                        %error,
                        "unreadable outbox entry given up"
                    );
                    $crate::__private::diesel::update(outbox::table.find(id.0))
                        .set((
                            outbox::failed_at.eq(now),
                            outbox::last_error.eq(format!("unreadable payload: {error}")),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            }

            /// Claims `entries` until `until`.
            fn claim(conn: &mut $conn, entries: &[OutboxEntry], until: i64) -> Res<()> {
                for chunk in entries.chunks(IDS_PER_STATEMENT) {
                    let ids: Vec<i64> = chunk.iter().map(|entry| entry.id.0).collect();
                    $crate::__private::diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
                        .set(outbox::claimed_until.eq(until))
                        .execute(conn)?;
                }
                Ok(())
            }

            /// Ends an attempt at `id`: one more attempt, the claim released, and `end`.
            fn end_attempt(conn: &mut $conn, id: OutboxId, end: &EndOfAttempt<'_>) -> Res<()> {
                $crate::__private::diesel::update(outbox::table.find(id.0))
                    .set((
                        outbox::attempts.eq(outbox::attempts + 1),
                        outbox::claimed_until.eq(None::<i64>),
                        end,
                    ))
                    .execute(conn)?;
                Ok(())
            }

            impl NotificationOutbox for $store {
                fn claim_due(
                    &self,
                    now: DateTime<Utc>,
                    destination: Option<&str>,
                    per_destination: u32,
                    lease: Duration,
                ) -> Result<Vec<OutboxEntry>, RepositoryError> {
                    let only = destination.map(str::to_owned);
                    let until = lease_end(now, lease);
                    let now = micros(now);
                    self.write(move |c| {
                        $lock_claims(c)?;
                        // Each round gives up at least one unreadable entry, so this ends.
                        loop {
                            let (entries, corrupt) =
                                read_due(c, now, only.as_deref(), per_destination)?;
                            if corrupt.is_empty() {
                                claim(c, &entries, until)?;
                                return Ok(entries);
                            }
                            give_up_unreadable(c, &corrupt, now)?;
                        }
                    })
                }

                fn next_due_at(&self) -> Result<Option<DateTime<Utc>>, RepositoryError> {
                    self.read(|c| {
                        let ids: Vec<i64> =
                            heads(c)?.into_iter().filter_map(|(_, id)| id).collect();
                        let heads: Vec<(i64, Option<i64>)> = outbox::table
                            .filter(outbox::id.eq_any(ids))
                            .select((outbox::next_attempt_at, outbox::claimed_until))
                            .load(c)?;
                        let next = heads
                            .into_iter()
                            .map(|(due, claimed_until)| due.max(claimed_until.unwrap_or(i64::MIN)))
                            .min();
                        next.map(instant).transpose()
                    })
                }

                fn mark_delivered(
                    &self,
                    ids: &[OutboxId],
                    at: DateTime<Utc>,
                ) -> Result<(), RepositoryError> {
                    if ids.is_empty() {
                        return Ok(());
                    }
                    let ids = ids.to_vec();
                    self.write(move |c| {
                        for chunk in ids.chunks(IDS_PER_STATEMENT) {
                            let chunk: Vec<i64> = chunk.iter().map(|id| id.0).collect();
                            $crate::__private::diesel::update(
                                pending!().filter(outbox::id.eq_any(chunk)),
                            )
                            .set((
                                outbox::delivered_at.eq(micros(at)),
                                outbox::claimed_until.eq(None::<i64>),
                            ))
                            .execute(c)?;
                        }
                        Ok(())
                    })
                }

                fn retry_later(
                    &self,
                    id: OutboxId,
                    next_attempt_at: DateTime<Utc>,
                    error: &str,
                ) -> Result<(), RepositoryError> {
                    let error = error.to_owned();
                    self.write(move |c| {
                        let end = EndOfAttempt {
                            last_error: &error,
                            next_attempt_at: Some(micros(next_attempt_at)),
                            failed_at: None,
                        };
                        end_attempt(c, id, &end)
                    })
                }

                fn give_up(
                    &self,
                    id: OutboxId,
                    at: DateTime<Utc>,
                    error: &str,
                ) -> Result<(), RepositoryError> {
                    let error = error.to_owned();
                    self.write(move |c| {
                        let end = EndOfAttempt {
                            last_error: &error,
                            next_attempt_at: None,
                            failed_at: Some(micros(at)),
                        };
                        end_attempt(c, id, &end)
                    })
                }

                fn release_claims(&self) -> Result<u64, RepositoryError> {
                    self.write(|c| {
                        let released = $crate::__private::diesel::update(
                            pending!().filter(outbox::claimed_until.is_not_null()),
                        )
                        .set(outbox::claimed_until.eq(None::<i64>))
                        .execute(c)?;
                        Ok(u64::try_from(released).unwrap_or(u64::MAX))
                    })
                }

                fn backlog(&self) -> Result<OutboxBacklog, RepositoryError> {
                    self.read(|c| {
                        let pending: i64 = pending!().count().get_result(c)?;
                        let failed: i64 = outbox::table
                            .filter(outbox::failed_at.is_not_null())
                            .count()
                            .get_result(c)?;
                        Ok(OutboxBacklog {
                            pending: unsigned(pending)?,
                            failed: unsigned(failed)?,
                        })
                    })
                }
            }
        }
    };
}
