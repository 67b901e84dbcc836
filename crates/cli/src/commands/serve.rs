//! `sundial serve`: open the database, listen, and stop gracefully on SIGTERM or Ctrl-C.

use anyhow::Context;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    // First of all: a signal during start-up then stops the server as soon as it serves.
    let shutdown = shutdown_signal()?;
    let app = super::open_app(&args.database).await?;
    let app = super::mail::configure(app, &args.mail)?;
    if args.demo {
        if app.is_empty().await.context("checking for existing data")? {
            super::seed::demo(&app).await?;
        } else {
            println!("The database already holds a workspace: serving it without seeding.");
        }
    }
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr().context("reading the bound address")?;
    tracing::info!(%address, "sundial is listening");
    println!("Sundial is running at http://{address}/");
    if args.no_jobs {
        tracing::info!("--no-jobs: this node runs no background jobs");
    }
    let options = sundial_server::ServeOptions {
        run_jobs: !args.no_jobs,
    };
    sundial_server::serve_with(listener, app, options, shutdown)
        .await
        .context("serving HTTP")?;
    tracing::info!("stopped; every acknowledged write is committed");
    Ok(())
}

/// Registers for Ctrl-C and SIGTERM now and returns what completes on the first of them.
/// Registering when the future is first polled was too late: a signal arriving between the
/// listener's bind and that poll met the default action and killed the process mid-request.
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt()).context("listening for Ctrl-C")?;
        let mut terminate = signal(SignalKind::terminate()).context("listening for SIGTERM")?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
            tracing::info!("shutting down");
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    })
}
