//! Typed identifiers: one newtype per record kind, so a `ThreadId` can never be passed where a
//! `MemberId` is expected. Ids are opaque strings to every client.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A fresh, unique id. Version-7 UUIDs sort by creation time, which keeps
            /// primary-key inserts appending at the end of the index instead of scattering.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().simple().to_string())
            }

            /// Wraps an id read from storage or received from a client. Ids are opaque, so any
            /// string is accepted; an unknown id simply finds nothing.
            pub fn from_string(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as text, for storage and output.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A workspace: a team or company. Nothing crosses workspaces.
    WorkspaceId
);
id_type!(
    /// A person in a workspace.
    MemberId
);
id_type!(
    /// A channel: a place for threads.
    ChannelId
);
id_type!(
    /// A titled conversation in a channel.
    ThreadId
);
id_type!(
    /// One message in a thread.
    MessageId
);
id_type!(
    /// An ask attached to a message.
    RequestId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_unique_and_sort_by_creation() {
        let a = MessageId::generate();
        let b = MessageId::generate();
        assert_ne!(a, b);
        assert!(a < b);
    }
}
