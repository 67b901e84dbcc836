//! `sundial admin …`: bootstrap a workspace and its members without the web app.

use anyhow::Context;
use sundial_app::App;
use sundial_app::accounts::{NewMember, NewWorkspace};

use crate::cli::AdminCommand;

pub async fn run(app: App, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateWorkspace {
            name,
            owner_email,
            owner_name,
            time_zone,
            password,
        } => {
            let created = app
                .create_workspace(NewWorkspace {
                    workspace_name: name,
                    owner: NewMember {
                        email: owner_email,
                        name: owner_name,
                        password,
                        time_zone,
                        ..NewMember::default()
                    },
                })
                .await
                .context("creating the workspace")?;
            println!(
                "workspace {} ({})",
                created.workspace.name, created.workspace.id
            );
            println!(
                "owner     {} <{}> ({})",
                created.member.name, created.member.email, created.member.id
            );
            println!("api token {}  (shown once)", created.token);
        }
        AdminCommand::CreateMember {
            workspace,
            email,
            name,
            handle,
            time_zone,
            role,
            password,
        } => {
            let actor = app
                .operator(&workspace)
                .await
                .context("finding the workspace")?;
            let member = app
                .add_member(
                    &actor,
                    NewMember {
                        email,
                        name,
                        handle,
                        password,
                        time_zone,
                        working_hours: None,
                        role: Some(role),
                    },
                )
                .await
                .context("adding the member")?;
            println!(
                "member {} <{}> @{} ({})",
                member.name, member.email, member.handle, member.id
            );
        }
    }
    Ok(())
}
