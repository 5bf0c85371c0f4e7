//! `pilar serve`: the central sync service. Migrates the PostgreSQL schema, opens the pool
//! (at most 32 connections, 16 by default), serves `/v1/...` over HTTP, or HTTPS with
//! `--tls-cert/--tls-key` (OpenSSL), until Ctrl-c or SIGTERM, letting requests in flight
//! finish. One log line per request on stderr (`pilar_server::api`).

use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;

use pilar_server::api::router;
use pilar_server::db::MAX_POOL;
use pilar_server::serve::{Options, bind, prepare, run, tls_acceptor};

use crate::cli::{Cli, ServeArgs};
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};

use super::Failure;

pub fn command(cli: &Cli, lang: Lang, args: &ServeArgs) -> Result<ExitCode, Failure> {
    if !(1..=MAX_POOL).contains(&args.pool) {
        return Ok(super::usage(&fill(tr(lang, T::ServePool), &[&args.pool])));
    }
    let listen: SocketAddr = args
        .listen
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| Failure(fill(tr(lang, T::ServeBadListen), &[&args.listen])))?;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            Some(tls_acceptor(cert, key).map_err(|e| Failure(fill(tr(lang, T::ServeTls), &[&e])))?)
        }
        (None, None) => None,
        _ => return Ok(super::usage(tr(lang, T::ServeTlsPair))),
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let mut opts = Options::new(&args.pg);
    opts.pool = args.pool;
    if cli.today.is_some() {
        opts.today = Some(super::today(cli, lang)?);
    }
    let rt =
        pilar_server::runtime().map_err(|e| Failure(fill(tr(lang, T::ServerRuntime), &[&e])))?;
    rt.block_on(async {
        let (applied, state) = prepare(&opts)
            .await
            .map_err(|e| Failure(fill(tr(lang, T::ServeDb), &[&e])))?;
        if let Some(v) = applied.last() {
            eprintln!("pilar: {}", fill(tr(lang, T::ServeMigrated), &[v]));
        }
        let listener = bind(listen)
            .await
            .map_err(|e| Failure(fill(tr(lang, T::ServeListen), &[&listen, &e])))?;
        let at = listener.local_addr().unwrap_or(listen);
        eprintln!(
            "pilar: {}",
            fill(
                tr(lang, T::ServeListening),
                &[&format!("{scheme}://{at}"), &opts.pool]
            )
        );
        run(listener, router(state), tls, pilar_server::stop_signal()).await;
        eprintln!("pilar: {}", tr(lang, T::ServeStopped));
        Ok(ExitCode::SUCCESS)
    })
}
