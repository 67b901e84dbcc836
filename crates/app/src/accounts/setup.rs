//! Creating a workspace with its owner: the first-run setup and the operator's bootstrap.

use serde::Serialize;
use sundial_core::{NormsOverride, WorkspaceId};
use sundial_store::records::{tokens, workspaces};
use sundial_store::time::to_millis;

use super::members::{NewMember, insert_member};
use super::secrets::new_token;
use crate::events::{Audience, record};
use crate::views::{MemberView, WorkspaceView};
use crate::{Actor, App, AppError, AppResult};

/// A workspace to create, with its owner.
#[derive(Debug, Clone)]
pub struct NewWorkspace {
    pub workspace_name: String,
    pub owner: NewMember,
}

/// What setup returns: the workspace, its owner, and the owner's first API token (shown once).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SetupResult {
    pub workspace: WorkspaceView,
    pub member: MemberView,
    pub token: String,
}

impl App {
    /// First run only: creates the workspace and its owner and signs the owner in. Once any
    /// workspace exists this is a conflict, so a public server cannot be set up twice.
    pub async fn setup(&self, input: NewWorkspace) -> AppResult<SetupResult> {
        self.create_workspace_inner(input, true).await
    }

    /// Creates another workspace with its owner (the operator's `sundial admin` path).
    pub async fn create_workspace(&self, input: NewWorkspace) -> AppResult<SetupResult> {
        self.create_workspace_inner(input, false).await
    }

    async fn create_workspace_inner(
        &self,
        input: NewWorkspace,
        first_only: bool,
    ) -> AppResult<SetupResult> {
        let name = input.workspace_name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AppError::invalid(
                "workspace_name",
                "must be 1 to 100 characters",
            ));
        }
        let workspace_id = WorkspaceId::generate();
        let owner = input.owner.validate(&workspace_id, Some("owner"))?;
        let password_hash = super::secrets::hash_password(owner.password.clone()).await?;
        let now = self.now();
        let (token, token_hash) = new_token();
        let workspace = workspaces::WorkspaceRow {
            id: workspace_id.to_string(),
            name,
            norms: serde_json::to_string(&NormsOverride::default()).unwrap_or_else(|_| "{}".into()),
            created_at: to_millis(now),
        };
        let member = owner.row(now);
        let (workspace_row, member_row) = (workspace.clone(), member.clone());
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    let mut c = tx.conn();
                    if first_only && workspaces::count(&mut c).await? > 0 {
                        return Err(AppError::Conflict {
                            field: "workspace".to_owned(),
                            reason: "this server is already set up; sign in instead".to_owned(),
                        });
                    }
                    workspaces::insert(&mut c, &workspace_row).await?;
                    insert_member(&mut c, &member_row, &password_hash).await?;
                    tokens::insert(
                        &mut c,
                        &token_hash,
                        &member_row.id,
                        "api",
                        to_millis(now),
                        None,
                    )
                    .await?;
                    let actor = Actor {
                        member_id: sundial_core::MemberId::from_string(&member_row.id),
                        workspace_id: sundial_core::WorkspaceId::from_string(&workspace_row.id),
                        role: sundial_core::Role::Owner,
                    };
                    let payload = serde_json::json!({
                        "workspace_id": workspace_row.id, "member_id": member_row.id,
                    });
                    record(
                        &mut c,
                        &actor,
                        "workspace.created",
                        Audience::Workspace,
                        payload,
                        now,
                    )
                    .await?;
                    Ok(())
                })
            })
            .await?;
        let schedule = crate::schedules::from_row(&member)?;
        Ok(SetupResult {
            workspace: WorkspaceView::from(&workspace),
            member: MemberView::new(&member, &schedule, now),
            token,
        })
    }
}

impl App {
    /// An owner-level actor for a server operator working on `workspace_id` from the command
    /// line. Its events name the actor `operator`, not a member.
    pub async fn operator(&self, workspace_id: &str) -> AppResult<Actor> {
        let mut reader = self.store().read().await?;
        let workspace = workspaces::get(&mut reader.conn(), workspace_id).await?;
        Ok(Actor {
            member_id: sundial_core::MemberId::from_string("operator"),
            workspace_id: WorkspaceId::from_string(workspace.id),
            role: sundial_core::Role::Owner,
        })
    }
}

impl App {
    /// Whether any workspace exists yet: until one does, the web app offers the first-run
    /// setup instead of signing in.
    pub async fn is_set_up(&self) -> AppResult<bool> {
        let mut reader = self.store().read().await?;
        Ok(workspaces::count(&mut reader.conn()).await? > 0)
    }
}
