//! `Store::token_owner`: on PostgreSQL answered from memory once looked up, and forgotten on
//! every node when a token is revoked or a member's role changes, whichever node changed it.
//! The second store here is a second node on the same database.

use std::time::Duration;

use super::{member, seed, workspace, write};
use crate::backend_tests;
use crate::records::members;
use crate::records::tokens::{self, TokenOwner};
use crate::testing::TestDatabase;
use crate::{Dialect, Sql, Store, StoreOptions};

/// Ann, a member, with the live tokens `h-1` and `h-2` (by hash).
async fn anns_tokens(db: &TestDatabase) {
    seed(
        &db.store,
        vec![workspace("ws").into(), member("ws", "ann", "member").into()],
    )
    .await;
    write(&db.store, "tokens", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            for hash in ["h-1", "h-2"] {
                tokens::insert(&mut c, hash, "ann", "api", 0, None).await?;
            }
            Ok(())
        })
    })
    .await;
}

async fn second_node(db: &TestDatabase) -> Store {
    Store::open(
        &db.location,
        &StoreOptions {
            connections: Some(2),
        },
    )
    .await
    .expect("a second node")
}

async fn owner(store: &Store, hash: &str) -> Option<TokenOwner> {
    store.token_owner(hash, 1_000).await.expect("the look-up")
}

/// Waits up to five seconds for `hash`'s owner on `store` to satisfy `wanted`.
async fn eventually(store: &Store, hash: &str, wanted: impl Fn(Option<TokenOwner>) -> bool) {
    for _ in 0..100 {
        if wanted(owner(store, hash).await) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{hash}: the change never reached this node");
}

async fn revoke(store: &Store, hash: &'static str) {
    write(store, "revoking", move |tx| {
        Box::pin(async move { tokens::revoke(&mut tx.conn(), hash, 10).await })
    })
    .await;
}

/// Once the listening node is up, its first answer is remembered (there is nothing to wait
/// for on SQLite, which does not remember).
async fn listening(store: &Store, hash: &str) -> TokenOwner {
    eventually(store, hash, |found| found.is_some()).await;
    owner(store, hash).await.expect("a live token")
}

async fn a_revoked_token_stops_working_on_every_node(db: TestDatabase) {
    anns_tokens(&db).await;
    let other = second_node(&db).await;
    let found = listening(&db.store, "h-1").await;
    assert_eq!(
        (
            found.member_id.as_str(),
            found.role.as_str(),
            found.expires_at
        ),
        ("ann", "member", None)
    );
    // Revoked on this node: gone at once.
    listening(&db.store, "h-2").await;
    revoke(&db.store, "h-2").await;
    assert_eq!(owner(&db.store, "h-2").await, None);
    // Revoked on the other: gone as soon as the notice arrives.
    revoke(&other, "h-1").await;
    eventually(&db.store, "h-1", |found| found.is_none()).await;
}

async fn a_role_changed_on_another_node_reaches_this_one(db: TestDatabase) {
    anns_tokens(&db).await;
    let other = second_node(&db).await;
    listening(&db.store, "h-1").await;
    write(&other, "promoting ann", |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            let mut ann = members::get(&mut c, "ws", "ann").await?;
            ann.role = "admin".to_owned();
            members::update(&mut c, &ann).await
        })
    })
    .await;
    eventually(&db.store, "h-1", |found| {
        found.is_some_and(|owner| owner.role == "admin")
    })
    .await;
}

/// With the notices switched off, a revoke on another node goes unnoticed on PostgreSQL: the
/// answer comes from memory. (Shows that the cache is used, and why the notices matter.)
async fn a_looked_up_token_is_answered_from_memory(db: TestDatabase) {
    anns_tokens(&db).await;
    listening(&db.store, "h-1").await;
    let postgres = db.store.dialect() == Dialect::Postgres;
    write(&db.store, "a revoke behind the store's back", move |tx| {
        Box::pin(async move {
            let mut c = tx.conn();
            if postgres {
                Sql::new("ALTER TABLE tokens DISABLE TRIGGER tokens_changed")
                    .execute(&mut c)
                    .await?;
            }
            Sql::new("UPDATE tokens SET revoked_at = 10 WHERE token_hash = 'h-1'")
                .execute(&mut c)
                .await?;
            Ok(())
        })
    })
    .await;
    let found = owner(&db.store, "h-1").await;
    let expected = if postgres { Some("ann") } else { None };
    assert_eq!(found.as_ref().map(|o| o.member_id.as_str()), expected);
}

backend_tests!(
    a_revoked_token_stops_working_on_every_node,
    a_role_changed_on_another_node_reaches_this_one,
    a_looked_up_token_is_answered_from_memory
);
