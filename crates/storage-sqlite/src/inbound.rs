//! [`InboundLog`] for [`SqliteStore`]: a claim row per update being handled (until its lease
//! runs out), a `handled_updates` row per update applied, kept eight days.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use ticket_domain::ports::{InboundClaim, InboundLog, RepositoryError};

use crate::SqliteStore;
use storage_schema::error::Fail;
use storage_schema::rows::{lease_end, micros};
use storage_schema::schema::{handled_updates, update_claims};

/// How long handled update ids are kept at least (the port asks for eight days).
const KEEP_HANDLED_UPDATES: TimeDelta = TimeDelta::days(8);

impl InboundLog for SqliteStore {
    fn claim(
        &self,
        id: i64,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<InboundClaim, RepositoryError> {
        let until = lease_end(now, lease);
        let now = micros(now);
        self.write(move |c| {
            let handled = handled_updates::table
                .find(id)
                .count()
                .get_result::<i64>(c)?
                > 0;
            if handled {
                return Ok(InboundClaim::Done);
            }
            // Inside the writer's immediate transaction: nobody writes between the read and the
            // write, in this process or another.
            let held_until: Option<i64> = update_claims::table
                .find(id)
                .select(update_claims::claimed_until)
                .get_result(c)
                .optional()?;
            if held_until.is_some_and(|held_until| held_until > now) {
                return Ok(InboundClaim::Busy);
            }
            diesel::replace_into(update_claims::table)
                .values((
                    update_claims::update_id.eq(id),
                    update_claims::claimed_until.eq(until),
                ))
                .execute(c)?;
            Ok(InboundClaim::Claimed)
        })
    }

    fn complete(&self, id: i64, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        self.write(move |c| {
            diesel::insert_or_ignore_into(handled_updates::table)
                .values((
                    handled_updates::update_id.eq(id),
                    handled_updates::handled_at.eq(micros(at)),
                ))
                .execute(c)?;
            diesel::delete(update_claims::table.find(id)).execute(c)?;
            // Forget what is older than the retention; an index range, usually empty.
            let horizon = at
                .checked_sub_signed(KEEP_HANDLED_UPDATES)
                .map_or(i64::MIN, micros);
            diesel::delete(handled_updates::table.filter(handled_updates::handled_at.lt(horizon)))
                .execute(c)
                .map_err(Fail::from)?;
            Ok(())
        })
    }
}
