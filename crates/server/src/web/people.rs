//! Looking members up by id for display: the use cases return ids; pages show names and zones.

use std::collections::HashMap;

use sundial_app::views::MemberView;

use super::page::WebError;
use super::session::Viewer;
use crate::ServerState;

/// The workspace's members by id, as the viewer may see them.
#[derive(Debug, Clone)]
pub(crate) struct Directory {
    by_id: HashMap<String, MemberView>,
}

impl Directory {
    /// Everyone in the viewer's workspace.
    pub(crate) async fn load(state: &ServerState, viewer: &Viewer) -> Result<Self, WebError> {
        let members = state.app.members(&viewer.actor).await?;
        Ok(Self {
            by_id: members.into_iter().map(|m| (m.id.clone(), m)).collect(),
        })
    }

    /// The member with this id, if they are in the workspace.
    pub(crate) fn get(&self, id: &str) -> Option<&MemberView> {
        self.by_id.get(id)
    }

    /// A member's name; someone no longer listed (or the command-line operator) reads as such.
    pub(crate) fn name(&self, id: &str) -> String {
        match self.by_id.get(id) {
            Some(member) => member.name.clone(),
            None if id == "operator" => "the operator".to_owned(),
            None => "a former member".to_owned(),
        }
    }
}
