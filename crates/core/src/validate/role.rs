//! A member's role in a workspace, which decides what they may administer.

use serde::{Deserialize, Serialize};

use super::parse_choice;
use crate::ValidationError;

/// A member's role. Owners and admins administer the workspace; guests see only the channels they
/// are invited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Member,
    Guest,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Member, Role::Guest];

    /// Parses the wire name (`owner`, `admin`, `member`, `guest`; field `role`).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        parse_choice("role", input, &Self::ALL, Self::as_str)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Guest => "guest",
        }
    }

    /// Whether this role may change workspace settings, members and channels (owner or admin).
    pub fn can_administer(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }

    /// Whether this is a guest, limited to the channels they are invited to.
    pub fn is_guest(self) -> bool {
        self == Role::Guest
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_wire_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{role}\""));
        }
    }

    #[test]
    fn only_owners_and_admins_administer_and_only_guests_are_guests() {
        let table = [
            (Role::Owner, true, false),
            (Role::Admin, true, false),
            (Role::Member, false, false),
            (Role::Guest, false, true),
        ];
        for (role, administers, guest) in table {
            assert_eq!(role.can_administer(), administers, "{role}");
            assert_eq!(role.is_guest(), guest, "{role}");
        }
    }

    #[test]
    fn an_unknown_role_is_refused_on_the_role_field() {
        for input in ["", "Owner", "superuser", " admin"] {
            assert_eq!(
                Role::parse(input).unwrap_err(),
                ValidationError::new("role", "must be one of: owner, admin, member, guest")
            );
        }
    }
}
