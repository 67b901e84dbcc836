//! `sundial seed demo` and `sundial seed load`: fill an empty database and say how to use it.

use std::io::Write;

use anyhow::Context;
use sundial_app::App;
use sundial_app::seed::{LoadPlan, LoadProgress};

use crate::cli::{LoadArgs, SeedCommand};

pub async fn run(app: App, command: SeedCommand) -> anyhow::Result<()> {
    match command {
        SeedCommand::Demo => demo(&app).await,
        SeedCommand::Load(args) => load(&app, args).await,
    }
}

/// Seeds the demo team and prints how to sign in.
pub(crate) async fn demo(app: &App) -> anyhow::Result<()> {
    let seeded = app
        .seed_demo()
        .await
        .context("seeding the demo workspace")?;
    println!(
        "Seeded the demo workspace \"{}\": {} members, {} channels, {} threads, {} asks.",
        seeded.workspace_name, seeded.members, seeded.channels, seeded.threads, seeded.asks
    );
    println!(
        "Open the web app and sign in as {} (or any member, e.g. {}) with the password {}",
        seeded.owner_email,
        seeded.other_emails.join(", "),
        seeded.password
    );
    println!("Everyone's email is <first name>@demo.sundial.test and shares that password.");
    Ok(())
}

async fn load(app: &App, args: LoadArgs) -> anyhow::Result<()> {
    let plan = LoadPlan {
        members: args.members,
        channels: args.channels,
        messages: args.messages,
        batch: args.batch,
        password: args.password.clone(),
    };
    let total = plan.messages;
    let mut shown = 0;
    let report = app
        .seed_load(plan, |progress: LoadProgress| {
            // About twenty progress lines, whatever the size.
            if progress.messages >= shown + total / 20 || progress.messages == total {
                shown = progress.messages;
                eprintln!(
                    "  … {} of {total} messages ({:.1}s)",
                    progress.messages,
                    progress.elapsed.as_secs_f64()
                );
                let _ = std::io::stderr().flush();
            }
        })
        .await
        .context("loading synthetic history")?;
    let seconds = report.elapsed.as_secs_f64();
    println!(
        "workspace {}: {} members, {} channels, {} threads, {} asks",
        report.workspace_id, report.members, report.channels, report.threads, report.asks
    );
    println!(
        "sign in as {} (every member: memberN@load.sundial.test) with the password given by \
         --password; owner api token {}  (shown once)",
        report.owner_email, report.owner_token
    );
    println!(
        "{} messages in {seconds:.1}s ({:.0}/s)",
        report.messages,
        report.messages as f64 / seconds.max(f64::EPSILON)
    );
    Ok(())
}
