//! Starting the service: migrate, learn the catalog, open the pool, then accept HTTP/1.1
//! connections (plain, or HTTPS through OpenSSL) until told to stop, letting requests in
//! flight finish.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use chrono::NaiveDate;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use openssl::ssl::{Ssl, SslAcceptor, SslFiletype, SslMethod};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::api::AppState;
use crate::catalog::Catalog;
use crate::db::{self, DbError};

/// What `pilar serve` needs besides the listening socket.
#[derive(Debug, Clone)]
pub struct Options {
    pub pg_url: String,
    pub pool: usize,
    /// Pins the server's date (tests).
    pub today: Option<NaiveDate>,
    /// One log line per request on stderr.
    pub log: bool,
    /// `application_name` of the pool's connections.
    pub application_name: String,
}

impl Options {
    pub fn new(pg_url: &str) -> Options {
        Options {
            pg_url: pg_url.to_string(),
            pool: db::DEFAULT_POOL,
            today: None,
            log: true,
            application_name: "pilar-serve".into(),
        }
    }
}

/// Migrates the schema and opens the pool. Returns the versions migrated and the state.
pub async fn prepare(opts: &Options) -> Result<(Vec<i32>, AppState), DbError> {
    let mut admin = db::connect(&opts.pg_url).await?;
    let applied = db::migrate(&mut admin).await?;
    let catalog = Catalog::load(&admin).await?;
    let pool = db::pool(&opts.pg_url, opts.pool, &opts.application_name)?;
    // One connection now, so a wrong role or URL is told at start, not at the first laptop.
    let _ = pool.get().await.map_err(|e| DbError::Pool(e.to_string()))?;
    Ok((
        applied,
        AppState {
            pool,
            catalog: Arc::new(catalog),
            today: opts.today,
            log: opts.log,
        },
    ))
}

/// The TLS side of `--tls-cert/--tls-key` (PEM files: the certificate chain, the key).
pub fn tls_acceptor(cert: &Path, key: &Path) -> Result<SslAcceptor, openssl::error::ErrorStack> {
    let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls())?;
    b.set_private_key_file(key, SslFiletype::PEM)?;
    b.set_certificate_chain_file(cert)?;
    b.check_private_key()?;
    Ok(b.build())
}

/// How long requests in flight may take to finish after the stop signal.
const DRAIN: Duration = Duration::from_secs(20);

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting, lets
/// open requests finish (at most [`DRAIN`]) and returns.
pub async fn run(
    listener: TcpListener,
    router: Router,
    tls: Option<SslAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    let tls = tls.map(Arc::new);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut tasks = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        while tasks.try_join_next().is_some() {}
        let (stream, _) = tokio::select! {
            conn = listener.accept() => match conn {
                Ok(c) => c,
                // Out of file descriptors and the like: wait a little, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let tls = tls.clone();
        let stop = stop_rx.clone();
        tasks.spawn(async move {
            let io: Pin<Box<dyn Io>> = match tls {
                None => Box::pin(stream),
                Some(acceptor) => {
                    let Ok(ssl) = Ssl::new(acceptor.context()) else {
                        return;
                    };
                    let Ok(mut s) = tokio_openssl::SslStream::new(ssl, stream) else {
                        return;
                    };
                    let handshake =
                        tokio::time::timeout(Duration::from_secs(30), Pin::new(&mut s).accept());
                    if !matches!(handshake.await, Ok(Ok(()))) {
                        return;
                    }
                    Box::pin(s)
                }
            };
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30))
                .serve_connection(TokioIo::new(io), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopped(stop) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let _ = tokio::time::timeout(DRAIN, async { while tasks.join_next().await.is_some() {} }).await;
}

/// Resolves when the stop flag is set.
async fn stopped(mut rx: tokio::sync::watch::Receiver<bool>) {
    let _ = rx.wait_for(|s| *s).await.map(|_| ());
}

trait Io: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send> Io for T {}

/// Binds the listening socket.
pub async fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}
