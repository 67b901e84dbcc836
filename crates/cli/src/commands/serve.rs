//! `sundial serve`: open the database, listen, and stop gracefully on SIGTERM or Ctrl-C.

use anyhow::Context;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
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
    sundial_server::serve_with(listener, app, options, shutdown_signal())
        .await
        .context("serving HTTP")?;
    tracing::info!("stopped; every acknowledged write is committed");
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
