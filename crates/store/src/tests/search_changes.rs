//! The search index follows every change to what it indexes, however the changes fall into
//! transactions: several in one write, a write that fails, writes that share a batch. On SQLite
//! the index is brought up to date when the writer commits (`search_index.rs`), so each test
//! also runs FTS5's own check that the index matches its tables.

use super::{Seed, channel, in_channel, member, message, reader, seed, thread, workspace, write};
use crate::records::messages::{self, MessageRow};
use crate::records::search::{self, Searcher};
use crate::testing::TestDatabase;
use crate::{Dialect, Sql, Store, StoreError};

/// One workspace with ann in a public channel holding thread `t1` and its message `m1`.
async fn seed_thread(store: &Store) -> MessageRow {
    let general = channel("w1", "c1", "general", false, "ann");
    let t1 = thread(&general, "t1", "Quarterly planning", "ann", 100);
    let m1 = message(&t1, "m1", "ann", "The alpha draft is ready", 110);
    let records: Vec<Seed> = vec![
        workspace("w1").into(),
        member("w1", "ann", "owner").into(),
        general.into(),
        in_channel("c1", "ann"),
        t1.clone().into(),
        m1.clone().into(),
    ];
    seed(store, records).await;
    m1
}

/// What a search for `query` finds: message ids, and `thread:<id>` for a title.
async fn found(store: &Store, query: &str) -> Vec<String> {
    let searcher = Searcher {
        workspace_id: "w1",
        member_id: "ann",
        guest: false,
    };
    let hits = search::search(&mut reader(store).await.conn(), searcher, query, 50)
        .await
        .unwrap_or_else(|e| panic!("searching {query:?}: {e}"));
    let mut found: Vec<String> = hits
        .into_iter()
        .map(|hit| match hit.message_id {
            Some(id) => id,
            None => format!("thread:{}", hit.thread_id),
        })
        .collect();
    found.sort();
    found
}

/// On SQLite, FTS5's check that both indexes hold exactly what their tables hold; it fails
/// with "database disk image is malformed" otherwise. PostgreSQL derives its search vectors
/// from the rows themselves, so there is nothing to check.
async fn assert_index_matches_content(store: &Store) {
    if store.dialect() != Dialect::Sqlite {
        return;
    }
    write(store, "checking the search index", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            for fts in ["threads_fts", "messages_fts"] {
                Sql::new(format!(
                    "INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"
                ))
                .execute(&mut c)
                .await?;
            }
            Ok(())
        })
    })
    .await;
}

/// Changes a message's body without keeping history (`messages::edit` does both; these tests
/// need only the change).
fn set_body(id: &'static str, body: &'static str) -> Sql<'static> {
    Sql::new("UPDATE messages SET body = $2 WHERE id = $1")
        .bind(id)
        .bind(body)
}

async fn a_message_posted_and_edited_in_one_write_is_found_by_its_last_words(db: TestDatabase) {
    let m1 = seed_thread(&db.store).await;
    let m2 = MessageRow {
        id: "m2".to_owned(),
        body: "bravo first words".to_owned(),
        ..m1.clone()
    };
    write(&db.store, "posting then editing twice", move |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            messages::insert(&mut c, &m2).await?;
            messages::edit(&mut c, "m2", "bravo first words", "charlie second", 121).await?;
            messages::edit(&mut c, "m2", "charlie second", "delta last", 122).await?;
            Ok(())
        })
    })
    .await;
    assert!(found(&db.store, "bravo").await.is_empty());
    assert!(found(&db.store, "charlie").await.is_empty());
    assert_eq!(found(&db.store, "delta").await, ["m2"]);
    assert_eq!(found(&db.store, "alpha").await, [m1.id]);
    assert_index_matches_content(&db.store).await;
}

async fn a_message_edited_twice_in_one_write_loses_its_old_words(db: TestDatabase) {
    seed_thread(&db.store).await;
    write(&db.store, "editing twice", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            set_body("m1", "The bravo draft").execute(&mut c).await?;
            set_body("m1", "The charlie draft").execute(&mut c).await?;
            Ok(())
        })
    })
    .await;
    assert!(found(&db.store, "alpha").await.is_empty());
    assert!(found(&db.store, "bravo").await.is_empty());
    assert_eq!(found(&db.store, "charlie").await, ["m1"]);
    assert_index_matches_content(&db.store).await;
}

async fn a_deleted_message_is_no_longer_found(db: TestDatabase) {
    let m1 = seed_thread(&db.store).await;
    let m2 = MessageRow {
        id: "m2".to_owned(),
        body: "echo lives briefly".to_owned(),
        ..m1
    };
    write(
        &db.store,
        "editing, deleting, and posting then deleting",
        move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                set_body("m1", "The bravo draft").execute(&mut c).await?;
                messages::insert(&mut c, &m2).await?;
                for id in ["m1", "m2"] {
                    Sql::new("DELETE FROM messages WHERE id = $1")
                        .bind(id)
                        .execute(&mut c)
                        .await?;
                }
                Ok(())
            })
        },
    )
    .await;
    for word in ["alpha", "bravo", "echo"] {
        assert!(found(&db.store, word).await.is_empty(), "{word} was found");
    }
    // The thread's title is still indexed.
    assert_eq!(found(&db.store, "quarterly").await, ["thread:t1"]);
    assert_index_matches_content(&db.store).await;
}

async fn a_renamed_thread_is_found_by_its_new_title(db: TestDatabase) {
    seed_thread(&db.store).await;
    write(&db.store, "renaming", |tx| {
        Box::pin(async move {
            Sql::new("UPDATE threads SET title = $2 WHERE id = $1")
                .bind("t1")
                .bind("Yearly roadmap")
                .execute(&mut tx.conn())
                .await
                .map(drop)
        })
    })
    .await;
    assert!(found(&db.store, "quarterly").await.is_empty());
    assert_eq!(found(&db.store, "roadmap").await, ["thread:t1"]);
    assert_index_matches_content(&db.store).await;
}

async fn a_failed_write_leaves_nothing_in_the_index(db: TestDatabase) {
    let m1 = seed_thread(&db.store).await;
    let m2 = MessageRow {
        id: "m2".to_owned(),
        body: "foxtrot never lands".to_owned(),
        ..m1
    };
    let failed = db
        .store
        .write(move |tx| {
            Box::pin(async move {
                let mut c = tx.conn();
                messages::insert(&mut c, &m2).await?;
                set_body("m1", "The golf draft").execute(&mut c).await?;
                Err::<(), _>(StoreError::NotFound)
            })
        })
        .await;
    assert!(matches!(failed, Err(StoreError::NotFound)));
    assert!(found(&db.store, "foxtrot").await.is_empty());
    assert!(found(&db.store, "golf").await.is_empty());
    assert_eq!(found(&db.store, "alpha").await, ["m1"]);
    assert_index_matches_content(&db.store).await;
}

async fn concurrent_writes_are_all_found(db: TestDatabase) {
    let m1 = seed_thread(&db.store).await;
    let mut writes = Vec::new();
    for i in 0..40 {
        let store = db.store.clone();
        let row = MessageRow {
            id: format!("m-{i}"),
            body: format!("hotel number{i}"),
            ..m1.clone()
        };
        writes.push(tokio::spawn(async move {
            store
                .write(move |tx| {
                    Box::pin(async move { messages::insert(&mut tx.conn(), &row).await })
                })
                .await
        }));
    }
    for write in writes {
        write.await.expect("a write task").expect("a write");
    }
    assert_eq!(found(&db.store, "hotel").await.len(), 40);
    assert_eq!(found(&db.store, "number7").await, ["m-7"]);
    assert_index_matches_content(&db.store).await;
}

crate::backend_tests!(
    a_message_posted_and_edited_in_one_write_is_found_by_its_last_words,
    a_message_edited_twice_in_one_write_loses_its_old_words,
    a_deleted_message_is_no_longer_found,
    a_renamed_thread_is_found_by_its_new_title,
    a_failed_write_leaves_nothing_in_the_index,
    concurrent_writes_are_all_found,
);
