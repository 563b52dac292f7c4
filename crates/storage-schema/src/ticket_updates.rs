//! The two `UPDATE tickets` statements of the write path, hand-written so that they stay
//! prepared, on every backend.
//!
//! diesel never keeps its own `UPDATE` statements prepared (a changeset may be empty), so each
//! update would be parsed and planned again, triggers included, for every message: 13 % of the
//! writer's time at 3,000 messages per second. These fixed statements are kept prepared by
//! diesel's statement cache like any query.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, Nullable, Text};
use diesel::{QueryResult, RunQueryDsl};

/// `UPDATE tickets` writing every column a use case may change: status, priority, last
/// activity, `closed_at`, last page, last device and assignee (both columns).
pub struct UpdateTicket<'a> {
    /// The ticket number.
    pub number: i64,
    /// The status, as stored.
    pub status: &'a str,
    /// The priority, as stored.
    pub priority: i64,
    /// The latest activity (microseconds).
    pub last_activity_at: i64,
    /// When it was closed (microseconds).
    pub closed_at: Option<i64>,
    /// The page of the latest visitor message.
    pub last_page: Option<&'a str>,
    /// The device of the latest visitor message.
    pub last_device: Option<&'a str>,
    /// The member of the team it is assigned to: their Telegram user id.
    pub assignee_id: Option<i64>,
    /// Their name (set with `assignee_id`, or neither).
    pub assignee_name: Option<&'a str>,
}

impl QueryId for UpdateTicket<'_> {
    type QueryId = UpdateTicket<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<DB> QueryFragment<DB> for UpdateTicket<'_>
where
    DB: Backend + HasSqlType<Text> + HasSqlType<BigInt>,
    str: ToSql<Text, DB>,
    i64: ToSql<BigInt, DB>,
    Option<i64>: ToSql<Nullable<BigInt>, DB>,
    for<'a> Option<&'a str>: ToSql<Nullable<Text>, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE tickets SET status = ");
        out.push_bind_param::<Text, _>(self.status)?;
        out.push_sql(", priority = ");
        out.push_bind_param::<BigInt, _>(&self.priority)?;
        out.push_sql(", last_activity_at = ");
        out.push_bind_param::<BigInt, _>(&self.last_activity_at)?;
        out.push_sql(", closed_at = ");
        out.push_bind_param::<Nullable<BigInt>, _>(&self.closed_at)?;
        out.push_sql(", last_page = ");
        out.push_bind_param::<Nullable<Text>, _>(&self.last_page)?;
        out.push_sql(", last_device = ");
        out.push_bind_param::<Nullable<Text>, _>(&self.last_device)?;
        out.push_sql(", assignee_id = ");
        out.push_bind_param::<Nullable<BigInt>, _>(&self.assignee_id)?;
        out.push_sql(", assignee_name = ");
        out.push_bind_param::<Nullable<Text>, _>(&self.assignee_name)?;
        out.push_sql(" WHERE number = ");
        out.push_bind_param::<BigInt, _>(&self.number)?;
        Ok(())
    }
}

impl<C> RunQueryDsl<C> for UpdateTicket<'_> {}

/// `UPDATE tickets` recording the first operator response at `at`, unless there is one.
pub struct FirstResponse {
    /// The ticket number.
    pub number: i64,
    /// When the reply was stored (microseconds).
    pub at: i64,
}

impl QueryId for FirstResponse {
    type QueryId = FirstResponse;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<DB> QueryFragment<DB> for FirstResponse
where
    DB: Backend + HasSqlType<BigInt>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE tickets SET first_response_at = ");
        out.push_bind_param::<BigInt, _>(&self.at)?;
        out.push_sql(", first_response_us = ");
        out.push_bind_param::<BigInt, _>(&self.at)?;
        out.push_sql(" - created_at WHERE number = ");
        out.push_bind_param::<BigInt, _>(&self.number)?;
        out.push_sql(" AND first_response_at IS NULL");
        Ok(())
    }
}

impl<C> RunQueryDsl<C> for FirstResponse {}
