//! Who is acting: the authenticated member every use case starts from. Permission checks read
//! it; nothing else about the caller is trusted.

use sundial_core::{MemberId, Role, WorkspaceId};

/// The authenticated caller of a use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub member_id: MemberId,
    pub workspace_id: WorkspaceId,
    pub role: Role,
}

impl Actor {
    /// Whether the actor may administer the workspace (owners and admins).
    pub fn is_admin(&self) -> bool {
        self.role.can_administer()
    }

    /// Whether the actor is a guest, who sees only channels they were added to.
    pub fn is_guest(&self) -> bool {
        self.role.is_guest()
    }
}
