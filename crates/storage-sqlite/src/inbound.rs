//! [`InboundLog`] for [`SqliteStore`]: a claim row per update being handled (until its lease
//! runs out), a `handled_updates` row per update applied, kept eight days.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ticket_domain::ports::{InboundClaim, InboundLog, RepositoryError};

use crate::{updates, SqliteStore};
use storage_schema::rows::{lease_end, micros};
use storage_schema::schema::update_claims;

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
            if updates::handled(c, id)? {
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
        self.write(move |c| updates::complete(c, id, at))
    }
}
