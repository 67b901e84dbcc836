//! PostgreSQL storage settings the migrations make, whose effect is speed alone (so no
//! behaviour test would notice them gone): `event_queue` is never truncated by vacuum (0019),
//! and the message index merges its pending list in small steps (0020).

use super::reader;
use crate::Sql;
use crate::testing;

async fn options_of(db: &testing::TestDatabase, relation: &str) -> Vec<String> {
    Sql::new("SELECT unnest(reloptions) FROM pg_class WHERE relname = $1")
        .bind(relation)
        .fetch_scalars(&mut reader(&db.store).await.conn())
        .await
        .expect("the relation's options")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_storage_settings_are_in_place() {
    let db = testing::postgres().await;
    assert_eq!(
        options_of(&db, "event_queue").await,
        ["vacuum_truncate=false"]
    );
    assert_eq!(
        options_of(&db, "messages_body_tsv").await,
        ["gin_pending_list_limit=256"]
    );
}
