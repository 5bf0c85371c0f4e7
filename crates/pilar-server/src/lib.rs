//! pilar's central sync service (`pilar serve`) and its admin side (`pilar server load`,
//! `pilar server enroll`): laptops pull and push their caseload streams over HTTP(S) to
//! PostgreSQL, in a schema Citus can shard by regency. The wire types are the core's
//! (`pilar_core::sync`); the rules a push is checked against mirror the store's.
//!
//! - `db`: connecting (TLS through OpenSSL), the pool (`pilar_app`), migrations, grants
//! - `catalog`: the synced tables' columns and types, read from PostgreSQL's catalog
//! - `sql`: every statement, grouped by how Citus routes it
//! - `apply`: checking and applying a batch of entries and rows to one caseload stream
//! - `api`: the HTTP endpoints
//! - `serve`: migrate, pool, listen (HTTPS with `--tls-cert/--tls-key`), stop gracefully
//! - `admin`: enrolment codes and devices; `load`: a whole pilar database onto the server
//! - `testing` (feature `testing`): a throw-away schema and the service in-process

pub mod admin;
pub mod api;
pub mod apply;
pub mod catalog;
pub mod db;
#[cfg(test)]
mod declared;
pub mod load;
pub mod serve;
pub mod sql;
#[cfg(feature = "testing")]
pub mod testing;

/// A runtime for `pilar serve` and the admin commands (the root binary has no tokio of its
/// own): threads as many as the machine's cores.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// Resolves when the process gets Ctrl-c (SIGINT) or SIGTERM.
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The PostgreSQL client the admin functions take (for the root binary, which has no
/// dependency of its own on it).
pub use tokio_postgres;
