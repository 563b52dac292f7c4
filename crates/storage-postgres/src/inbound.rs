//! [`InboundLog`] for [`PostgresStore`]: a claim row per update being handled (until its lease
//! runs out), a `handled_updates` row per update applied, kept eight days. Several instances
//! may receive the same update (a webhook redelivered to another instance): the claim is one
//! atomic upsert, so exactly one of them handles it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use storage_schema::rows::{lease_end, micros, CountValue};
use storage_schema::schema::update_claims;
use ticket_domain::ports::{InboundClaim, InboundLog, RepositoryError};

use crate::{updates, PostgresStore};

/// Claims update `$1` until `$2`, unless a claim holds beyond `$3`; returns the id when
/// claimed, nothing when busy.
const CLAIM_SQL: &str = "INSERT INTO update_claims (update_id, claimed_until) VALUES ($1, $2) \
     ON CONFLICT (update_id) DO UPDATE SET claimed_until = EXCLUDED.claimed_until \
     WHERE update_claims.claimed_until <= $3 \
     RETURNING update_id AS n";

impl InboundLog for PostgresStore {
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
            // Inserted, or taken over from an expired claim; a live claim is left alone (and
            // nothing is returned). A concurrent claimer waits for this one's commit.
            let claimed = diesel::sql_query(CLAIM_SQL)
                .bind::<BigInt, _>(id)
                .bind::<BigInt, _>(until)
                .bind::<BigInt, _>(now)
                .get_result::<CountValue>(c)
                .optional()?;
            if claimed.is_none() {
                return Ok(InboundClaim::Busy);
            }
            // A handler that completed while this claim waited has committed by now: this
            // statement sees it.
            if updates::handled(c, id)? {
                diesel::delete(update_claims::table.find(id)).execute(c)?;
                return Ok(InboundClaim::Done);
            }
            Ok(InboundClaim::Claimed)
        })
    }

    fn complete(&self, id: i64, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        self.write(move |c| updates::complete(c, id, at))
    }
}
