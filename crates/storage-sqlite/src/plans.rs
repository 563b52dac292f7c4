//! Checks that the hot queries (the list of every filter, the statistics) run on their index:
//! a page or a figure must never turn into a scan of every ticket or a sort.

use diesel::prelude::*;
use diesel::sql_types::Text;
use ticket_domain::command::ListFilter;

use crate::{SqliteStore, StoreConfig};
use storage_schema::error::Res;
use storage_schema::sql::{
    created_since_sql, first_responses_sql, page_sql, plan, stale_sql, Dialect,
};

#[derive(QueryableByName)]
struct Step {
    #[diesel(sql_type = Text)]
    detail: String,
}

/// The steps of `EXPLAIN QUERY PLAN sql` (parameters unbound: NULL).
fn explain(store: &SqliteStore, sql: &str) -> Vec<String> {
    store
        .read(|c| -> Res<Vec<Step>> {
            Ok(diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load::<Step>(c)?)
        })
        .expect("plan")
        .into_iter()
        .map(|s| s.detail)
        .collect()
}

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("plans.db");
    let store = SqliteStore::open(StoreConfig::new(path.to_string_lossy())).expect("store");
    (dir, store)
}

#[test]
fn every_list_filter_reads_its_index_in_order_without_sorting() {
    let (_dir, store) = store();
    for filter in [
        ListFilter::Active,
        ListFilter::Open,
        ListFilter::Pending,
        ListFilter::Closed,
        ListFilter::Urgent,
        ListFilter::All,
    ] {
        let steps = explain(&store, &page_sql(Dialect::Sqlite, filter));
        let (index, _) = plan(filter);
        assert!(
            steps[0].contains(&format!("INDEX {index}")),
            "{filter:?}: {steps:?}"
        );
        assert!(
            steps
                .iter()
                .any(|s| s.contains("SEARCH v USING INTEGER PRIMARY KEY")),
            "{filter:?}: {steps:?}"
        );
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "{filter:?}: {steps:?}"
        );
    }
}

#[test]
fn statistics_read_ranges_of_covering_indexes() {
    let (_dir, store) = store();
    for (sql, index) in [
        (stale_sql(Dialect::Sqlite), "tickets_active_activity"),
        (created_since_sql(Dialect::Sqlite), "tickets_created"),
        (
            first_responses_sql(Dialect::Sqlite),
            "tickets_first_response",
        ),
    ] {
        let steps = explain(&store, &sql);
        assert_eq!(steps.len(), 1, "{steps:?}");
        assert!(
            steps[0].starts_with("SEARCH tickets USING COVERING INDEX"),
            "{steps:?}"
        );
        assert!(steps[0].contains(index), "{steps:?}");
    }
}
