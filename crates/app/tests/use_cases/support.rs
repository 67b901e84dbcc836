//! A test app on a fresh database with a manual clock, and helpers to make people and places.

use std::sync::Arc;

use jiff::Timestamp;
use sundial_app::accounts::{NewMember, NewWorkspace};
use sundial_app::channels::NewChannel;
use sundial_app::requests::NewRequest;
use sundial_app::threads::{NewThread, Posted};
use sundial_app::{Actor, App};
use sundial_core::{ManualClock, MemberId, Role, WorkspaceId};
use sundial_store::testing::TestDatabase;

/// Monday 2026-03-09 14:00 UTC: 10:00 in New York (after the DST change), 23:00 in Tokyo.
pub const MONDAY_14Z: &str = "2026-03-09T14:00:00Z";

pub fn at(text: &str) -> Timestamp {
    text.parse().expect("a valid RFC 3339 instant in a test")
}

pub struct TestApp {
    pub app: App,
    pub clock: ManualClock,
    _db: TestDatabase,
}

impl TestApp {
    pub fn new(db: TestDatabase) -> Self {
        let clock = ManualClock::new(at(MONDAY_14Z));
        let app = App::new(db.store.clone(), Arc::new(clock.clone()));
        Self {
            app,
            clock,
            _db: db,
        }
    }

    /// Sets up the server's first workspace; its owner works in New York.
    pub async fn owner(&self) -> Actor {
        let result = self
            .app
            .setup(NewWorkspace {
                workspace_name: "Acme".into(),
                owner: person("ana@acme.test", "Ana", "America/New_York"),
            })
            .await
            .expect("setup");
        self.app
            .authenticate(&result.token)
            .await
            .expect("the setup token works")
    }

    /// Adds a member in `zone` with the default Monday–Friday 09–17 hours.
    pub async fn member(&self, admin: &Actor, email: &str, zone: &str) -> Actor {
        self.member_with_role(admin, email, zone, "member").await
    }

    pub async fn member_with_role(
        &self,
        admin: &Actor,
        email: &str,
        zone: &str,
        role: &str,
    ) -> Actor {
        let name = email.split('@').next().unwrap_or("someone").to_owned();
        let view = self
            .app
            .add_member(
                admin,
                NewMember {
                    role: Some(role.into()),
                    ..person(email, &name, zone)
                },
            )
            .await
            .expect("adding a member");
        Actor {
            member_id: MemberId::from_string(view.id),
            workspace_id: WorkspaceId::from_string(view.workspace_id),
            role: Role::parse(role).expect("a role"),
        }
    }

    pub async fn channel(&self, actor: &Actor, name: &str, private: bool) -> String {
        self.app
            .create_channel(
                actor,
                NewChannel {
                    name: name.into(),
                    purpose: String::new(),
                    private,
                    norms: None,
                },
            )
            .await
            .expect("creating a channel")
            .id
    }

    pub async fn thread(&self, actor: &Actor, channel: &str, title: &str) -> Posted {
        self.app
            .post_thread(
                actor,
                channel,
                NewThread {
                    idempotency_key: None,
                    title: title.into(),
                    body: format!("About {title}."),
                    request: None,
                },
            )
            .await
            .expect("posting a thread")
    }

    pub async fn ask(
        &self,
        actor: &Actor,
        channel: &str,
        title: &str,
        kind: &str,
        urgency: &str,
        to: &[&Actor],
    ) -> Posted {
        self.app
            .post_thread(
                actor,
                channel,
                NewThread {
                    idempotency_key: None,
                    title: title.into(),
                    body: format!("Could you look at {title}?"),
                    request: Some(request(kind, urgency, to)),
                },
            )
            .await
            .expect("posting an ask")
    }
}

pub fn person(email: &str, name: &str, zone: &str) -> NewMember {
    NewMember {
        email: email.into(),
        name: name.into(),
        password: "correct horse battery".into(),
        time_zone: zone.into(),
        ..NewMember::default()
    }
}

pub fn request(kind: &str, urgency: &str, to: &[&Actor]) -> NewRequest {
    NewRequest {
        kind: kind.into(),
        urgency: urgency.into(),
        to: to.iter().map(|a| a.member_id.to_string()).collect(),
        due_at: None,
    }
}

/// The field of a validation error, or a panic naming what came instead.
pub fn invalid_field<T: std::fmt::Debug>(result: Result<T, sundial_app::AppError>) -> String {
    match result {
        Err(sundial_app::AppError::Invalid(error)) => error.field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}
