//! The workspace's default norms: what every channel expects unless it overrides them. Admins
//! change them; everyone may read them. Asks already made keep their due times: a norm is the
//! promise made when asking, not a rule applied afterwards.

use sundial_core::{Norms, NormsOverride};
use sundial_store::records::workspaces;

use super::visibility::parse_override;
use crate::events::{Audience, record};
use crate::{Actor, App, AppError, AppResult};

/// The workspace's norms in force, and the override that makes them differ from the built-in
/// defaults.
#[derive(Debug, Clone)]
pub struct WorkspaceNorms {
    pub norms: Norms,
    pub overrides: NormsOverride,
}

impl App {
    /// The workspace's default norms.
    pub async fn workspace_norms(&self, actor: &Actor) -> AppResult<WorkspaceNorms> {
        let mut reader = self.store().read().await?;
        let row = workspaces::get(&mut reader.conn(), actor.workspace_id.as_str()).await?;
        let overrides = parse_override(&row.norms);
        Ok(WorkspaceNorms {
            norms: Norms::workspace_defaults().with_override(&overrides),
            overrides,
        })
    }

    /// Admins replace the workspace's default norms; an urgency left out takes the built-in
    /// default again. Channels' own overrides still win.
    pub async fn set_workspace_norms(
        &self,
        actor: &Actor,
        overrides: NormsOverride,
    ) -> AppResult<WorkspaceNorms> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden("only owners and admins set the norms"));
        }
        let json = serde_json::to_string(&overrides).unwrap_or_else(|_| "{}".to_owned());
        let (actor_copy, now) = (actor.clone(), self.now());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    let ws = actor_copy.workspace_id.as_str();
                    workspaces::set_norms(&mut c, ws, &json).await?;
                    let payload = serde_json::json!({ "norms": overrides });
                    record(
                        &mut c,
                        &actor_copy,
                        "workspace.norms_set",
                        Audience::Workspace,
                        payload,
                        now,
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.workspace_norms(actor).await
    }
}
