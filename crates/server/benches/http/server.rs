//! The server under test: `sundial_server::serve` on a random loopback port, over a fresh
//! database, on the system clock, stopped and its database removed at the end of a scenario.

use std::sync::Arc;
use std::time::Duration;

use sundial_app::App;
use sundial_core::SystemClock;
use sundial_store::Store;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::Api;
use crate::backend::Backend;
use crate::{BenchResult, Options};

/// How long a stopping server may take to finish what is in flight.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// A running server and the database under it.
#[derive(Debug)]
pub struct Server {
    pub api: Api,
    /// The same store the server uses, for what HTTP cannot do quickly (bulk loading) or at all
    /// (reading the head of the event log).
    pub store: Store,
    backend: Backend,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Opens the database and starts serving it on `127.0.0.1:0`.
    pub async fn start(backend: Backend, options: &Options) -> BenchResult<Self> {
        let store = match backend.open(options.connections).await {
            Ok(store) => store,
            Err(error) => {
                backend.remove()?;
                return Err(error);
            }
        };
        let app = App::new(store.clone(), Arc::new(SystemClock));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            // A dropped sender stops the server too.
            let _ = stopped.await;
        };
        let task = tokio::spawn(sundial_server::serve(listener, app, shutdown));
        Ok(Self {
            api: Api::new(base)?,
            store,
            backend,
            stop,
            task,
        })
    }

    /// Stops serving, waits (a while) for in-flight requests, and removes the database.
    pub async fn stop(self) -> BenchResult<()> {
        let Server {
            api,
            store,
            backend,
            stop,
            task,
        } = self;
        drop(api);
        let _ = stop.send(());
        match tokio::time::timeout(STOP_GRACE, task).await {
            Ok(joined) => joined??,
            Err(_) => eprintln!("  (the server did not stop within {STOP_GRACE:?}; moving on)"),
        }
        drop(store);
        backend.remove()
    }
}
