//! The workspace both scenarios start from, made through the app like a real team would:
//! setup, members, public channels. (Their text comes from `sundial_app::seed`'s words.)

use std::sync::Arc;

use sundial_app::accounts::{NewMember, NewWorkspace};
use sundial_app::channels::NewChannel;
use sundial_app::{Actor, App};
use sundial_core::{MemberId, Role, SystemClock, WorkspaceId};
use sundial_store::Store;

use crate::BenchResult;

/// A workspace with its members (the owner first) and channels.
#[derive(Debug, Clone)]
pub struct Team {
    pub app: App,
    pub members: Vec<Actor>,
    pub channels: Vec<String>,
}

/// Time zones the members are spread over, so due times are computed on different calendars.
const ZONES: [&str; 4] = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "America/Los_Angeles",
];

/// Sets up a workspace with `members` members (including its owner) and `channels` public
/// channels, on the real clock.
pub async fn team(store: Store, members: usize, channels: usize) -> BenchResult<Team> {
    let app = App::new(store, Arc::new(SystemClock));
    let setup = app
        .setup(NewWorkspace {
            workspace_name: "Bench".to_owned(),
            owner: new_member(0),
        })
        .await?;
    let workspace_id = WorkspaceId::from_string(setup.workspace.id);
    let owner = Actor {
        member_id: MemberId::from_string(setup.member.id),
        workspace_id: workspace_id.clone(),
        role: Role::Owner,
    };
    let mut actors = vec![owner.clone()];
    for i in 1..members.max(1) {
        let view = app.add_member(&owner, new_member(i)).await?;
        actors.push(Actor {
            member_id: MemberId::from_string(view.id),
            workspace_id: workspace_id.clone(),
            role: Role::Member,
        });
    }
    let mut channel_ids = Vec::with_capacity(channels);
    for i in 0..channels {
        let channel = app
            .create_channel(
                &owner,
                NewChannel {
                    name: format!("team-{i}"),
                    purpose: format!("Bench channel {i}"),
                    private: false,
                    norms: None,
                },
            )
            .await?;
        channel_ids.push(channel.id);
    }
    Ok(Team {
        app,
        members: actors,
        channels: channel_ids,
    })
}

fn new_member(i: usize) -> NewMember {
    NewMember {
        email: format!("member{i}@bench.example"),
        name: format!("Member {i}"),
        handle: Some(format!("member{i}")),
        password: "correct horse battery staple".to_owned(),
        time_zone: ZONES[i % ZONES.len()].to_owned(),
        working_hours: None,
        role: None,
    }
}
