//! Unsubscribe links: each digest email carries a fresh random token, stored only as a hash
//! and bound to its member, so the link works without a login and turns email off for that
//! member alone. A guessed or altered token matches nothing.

use sundial_core::{MemberId, Role, WorkspaceId};
use sundial_store::Conn;
use sundial_store::records::{members, unsubscribe};
use sundial_store::time::to_millis;

use crate::accounts::secrets::{hash_token, new_token};
use crate::events::{Audience, record};
use crate::{Actor, App, AppError, AppResult};

/// Who was unsubscribed, for the confirmation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribed {
    pub name: String,
    pub email: String,
}

impl App {
    /// Turns digest email off for the member a link's token belongs to. `NotFound` for a token
    /// we never issued; changes nothing then. Using a link twice is harmless.
    pub async fn unsubscribe(&self, token: &str) -> AppResult<Unsubscribed> {
        let hash = hash_token(token);
        let now = self.now();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let (member_id, workspace_id) = unsubscribe::member_for(&mut c, &hash)
                        .await?
                        .ok_or(AppError::NotFound)?;
                    let mut row = members::get(&mut c, &workspace_id, &member_id).await?;
                    let done = Unsubscribed {
                        name: row.name.clone(),
                        email: row.email.clone(),
                    };
                    if !row.email_notifications {
                        return Ok(done);
                    }
                    row.email_notifications = false;
                    members::update(&mut c, &row).await?;
                    // The member acts through their link, as if they had changed the setting.
                    let actor = Actor {
                        member_id: MemberId::from_string(row.id.clone()),
                        workspace_id: WorkspaceId::from_string(row.workspace_id.clone()),
                        role: Role::parse(&row.role)?,
                    };
                    let payload = serde_json::json!({ "member_id": row.id });
                    record(
                        &mut c,
                        &actor,
                        "member.updated",
                        Audience::Workspace,
                        payload,
                        now,
                    )
                    .await?;
                    Ok(done)
                })
            })
            .await
    }

    /// The public address of the unsubscribe page for `token`.
    pub(super) fn unsubscribe_url(&self, token: &str) -> String {
        format!("{}/unsubscribe?token={token}", self.public_url())
    }
}

/// Issues a new unsubscribe token for a member, inside the caller's transaction; returns the
/// secret to put in the link (only its hash is stored).
pub(super) async fn issue(
    c: &mut Conn<'_>,
    member_id: &str,
    now: jiff::Timestamp,
) -> AppResult<String> {
    let (secret, hash) = new_token();
    unsubscribe::insert(c, &hash, member_id, to_millis(now)).await?;
    Ok(secret)
}
