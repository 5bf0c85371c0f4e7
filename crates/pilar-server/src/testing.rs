//! Test harness (feature `testing`), for this crate's tests and the laptop client's
//! end-to-end tests: a throw-away schema `t_<random>` in the PostgreSQL of
//! `PILAR_TEST_PG` (default `host=127.0.0.1 user=postgres dbname=test`), the service
//! running in-process on `127.0.0.1:0` (its own runtime, so tests stay synchronous), and
//! the schema dropped when the harness is dropped, also when a test fails.
//!
//! Where no PostgreSQL answers, [`Harness::start`] prints `skipped: no PostgreSQL at ...
//! (set PILAR_TEST_PG)` and returns `None`, so the test passes; with `PILAR_REQUIRE_PG=1`
//! (CI) it panics instead.
//!
//! ```no_run
//! let Some(h) = pilar_server::testing::Harness::start() else { return };
//! let url = h.url(); // http://127.0.0.1:PORT
//! let code = h.enroll_code("budi");
//! ```

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use tokio::runtime::Runtime;
use tokio_postgres::{Client, NoTls};

use crate::api::{AppState, layered, routes};
use crate::serve::{Options, prepare, run, tls_acceptor};

/// The default test server.
pub const DEFAULT_PG: &str = "host=127.0.0.1 user=postgres dbname=test";

/// The connection string the tests use.
pub fn base_url() -> String {
    std::env::var("PILAR_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_PG.to_string())
}

/// `url` with the connection's `search_path` set to `schema`.
pub fn with_schema(url: &str, schema: &str) -> String {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}options=-c%20search_path%3D{schema}")
    } else {
        format!("{url} options='-c search_path={schema}'")
    }
}

/// How to start the service.
#[derive(Debug, Clone)]
pub struct Setup {
    pub pool: usize,
    /// PEM certificate and key: serve HTTPS.
    pub tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
    pub today: Option<NaiveDate>,
    /// Extra routes (a test may add a panicking one).
    pub extra: Option<axum::Router>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            pool: 4,
            tls: None,
            today: None,
            extra: None,
        }
    }
}

/// A schema of its own and the service on it.
pub struct Harness {
    rt: Runtime,
    pub schema: String,
    /// The PostgreSQL connection string with the schema on the search path.
    pub pg_url: String,
    base: String,
    addr: SocketAddr,
    tls: bool,
    pub state: AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    /// The setup it was started with (for [`Harness::restart`]).
    setup: Setup,
}

/// Whether PostgreSQL answers at `url` (within 3 s).
pub fn pg_available(rt: &Runtime, url: &str) -> bool {
    rt.block_on(async {
        let Ok(config) = url.parse::<tokio_postgres::Config>() else {
            return false;
        };
        matches!(
            tokio::time::timeout(Duration::from_secs(3), config.connect(NoTls)).await,
            Ok(Ok(_))
        )
    })
}

/// Prints the skip line, or panics when `PILAR_REQUIRE_PG=1`.
pub fn skip(url: &str) {
    let line = format!("skipped: no PostgreSQL at {url} (set PILAR_TEST_PG)");
    if std::env::var("PILAR_REQUIRE_PG").is_ok_and(|v| v == "1") {
        panic!("{line}, and PILAR_REQUIRE_PG=1");
    }
    eprintln!("{line}");
}

impl Harness {
    /// A fresh schema and the service on it (plain HTTP, pool of 4), or `None` (skipped).
    pub fn start() -> Option<Harness> {
        Harness::start_with(Setup::default())
    }

    pub fn start_with(setup: Setup) -> Option<Harness> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let base = base_url();
        if !pg_available(&rt, &base) {
            skip(&base);
            return None;
        }
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let pg_url = with_schema(&base, &schema);
        rt.block_on(async {
            let c = connect(&base).await;
            c.batch_execute(&format!("CREATE SCHEMA {schema}"))
                .await
                .expect("create the test schema");
        });
        let mut opts = Options::new(&pg_url);
        opts.pool = setup.pool;
        opts.today = setup.today;
        opts.log = std::env::var("PILAR_TEST_LOG").is_ok_and(|v| v == "1");
        opts.application_name = format!("pilar-test-{schema}");
        // From here on the guard drops the schema whatever happens.
        let prepared = rt.block_on(prepare(&opts));
        let state = match prepared {
            Ok((_, state)) => state,
            Err(e) => {
                rt.block_on(drop_schema(&base, &schema));
                panic!("the service does not start: {e}");
            }
        };
        let mut h = Harness {
            rt,
            schema,
            pg_url,
            base,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: setup.tls.is_some(),
            state,
            stop: None,
            server: None,
            setup,
        };
        h.listen();
        Some(h)
    }

    fn listen(&mut self) {
        let listener = self
            .rt
            .block_on(tokio::net::TcpListener::bind(self.addr))
            .expect("bind 127.0.0.1");
        self.addr = listener.local_addr().expect("the port");
        let tls = self
            .setup
            .tls
            .as_ref()
            .map(|(cert, key)| tls_acceptor(cert, key).expect("the test certificate loads"));
        let mut app = routes(self.state.clone());
        if let Some(extra) = self.setup.extra.clone() {
            app = app.merge(extra);
        }
        let app = layered(app, self.state.log);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        self.stop = Some(tx);
        self.server = Some(self.rt.spawn(run(listener, app, tls, async move {
            let _ = rx.await;
        })));
    }

    /// Stops the service (requests in flight finish) and starts it again on the same port.
    pub fn restart(&mut self) {
        self.stop_server();
        self.listen();
    }

    fn stop_server(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.server.take() {
            let _ = self.rt.block_on(h);
        }
    }

    /// `http://127.0.0.1:PORT` (or `https://`).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Runs a future on the harness's runtime.
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// A new connection as the database owner, on the test schema.
    pub fn pg(&self) -> Client {
        self.rt.block_on(connect(&self.pg_url))
    }

    /// Runs SQL as the owner on the test schema.
    pub fn sql(&self, sql: &str) {
        let c = self.pg();
        self.rt
            .block_on(c.batch_execute(sql))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A number from SQL (`SELECT count(*) ...`: one row, one column, named `n` here).
    pub fn count(&self, sql: &str) -> i64 {
        let c = self.pg();
        self.rt
            .block_on(c.query_one(&format!("SELECT ({sql}) AS n"), &[]))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .get("n")
    }

    /// Adds a region and a worker directly (tests that need no loaded database).
    pub fn add_worker(
        &self,
        id: &str,
        login: &str,
        role: &str,
        kab: &str,
        supervisor: Option<&str>,
    ) {
        let sup = supervisor.map_or("NULL".to_string(), |s| format!("'{s}'"));
        self.sql(&format!(
            "INSERT INTO regions (kab_code, prov_code, name) VALUES ('{kab}', '{}', '')
                 ON CONFLICT DO NOTHING;
             INSERT INTO workers (id, name, login, role, annual_target, supervisor_id,
                 created_at, updated_at, author_id, kab_code, prov_code, scope)
             VALUES ('{id}', '{login}', '{login}', '{role}', 10, {sup}, now(), now(), '{id}',
                 '{kab}', '{}', 'kab:{kab}')",
            &kab[..2],
            &kab[..2]
        ));
    }

    /// A one-time enrolment code for a login the server knows.
    pub fn enroll_code(&self, login: &str) -> String {
        let c = self.pg();
        self.rt
            .block_on(crate::admin::issue_code(&c, login, Utc::now()))
            .map(|(code, _)| code)
            .unwrap_or_else(|e| panic!("enrol code for {login}: {e:?}"))
    }

    /// Ends the pool's connections from PostgreSQL's side (as a restart or a network cut
    /// would); returns how many.
    pub fn terminate_connections(&self) -> i64 {
        self.count(&format!(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE application_name = 'pilar-test-{}' AND pid <> pg_backend_pid()",
            self.schema
        ))
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.stop_server();
        self.state.pool.close();
        let (base, schema) = (self.base.clone(), self.schema.clone());
        self.rt.block_on(drop_schema(&base, &schema));
    }
}

async fn connect(url: &str) -> Client {
    let (client, conn) = url
        .parse::<tokio_postgres::Config>()
        .expect("a connection string")
        .connect(NoTls)
        .await
        .unwrap_or_else(|e| panic!("connect to {url}: {e}"));
    tokio::spawn(async move {
        let _ = conn.await;
    });
    client
}

async fn drop_schema(base: &str, schema: &str) {
    if let Ok(config) = base.parse::<tokio_postgres::Config>()
        && let Ok((client, conn)) = config.connect(NoTls).await
    {
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let _ = client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .await;
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost: (cert PEM, key PEM).
/// For the HTTPS tests of the service and of the laptop's client.
pub fn self_signed() -> (Vec<u8>, Vec<u8>) {
    use openssl::asn1::Asn1Time;
    use openssl::bn::{BigNum, MsbOption};
    use openssl::hash::MessageDigest;
    use openssl::pkey::PKey;
    use openssl::rsa::Rsa;
    use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
    use openssl::x509::{X509, X509NameBuilder};
    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "localhost").unwrap();
    let name = name.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    let mut serial = BigNum::new().unwrap();
    serial.rand(64, MsbOption::MAYBE_ZERO, false).unwrap();
    b.set_serial_number(&serial.to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(2).unwrap())
        .unwrap();
    b.append_extension(BasicConstraints::new().ca().build().unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .ip("127.0.0.1")
        .dns("localhost")
        .build(&b.x509v3_context(None, None))
        .unwrap();
    b.append_extension(san).unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    (
        b.build().to_pem().unwrap(),
        key.private_key_to_pem_pkcs8().unwrap(),
    )
}

impl Harness {
    /// Walks every caseload's chain on the server (seqs rising, each hash over its entry and
    /// the previous hash, the head's hash the last entry's); returns how many entries it
    /// checked.
    pub fn verify_chains(&self) -> i64 {
        let h = self;
        let c = h.pg();
        let streams = h
            .block_on(c.query(
                "SELECT kab_code::text AS kab_code, worker_id::text AS worker_id, seq, last_hash
                 FROM caseloads",
                &[],
            ))
            .unwrap();
        let mut n = 0;
        for s in streams {
            let (kab, worker): (String, String) = (s.get("kab_code"), s.get("worker_id"));
            let rows = h
                .block_on(c.query(crate::sql::single_shard::LOG_CHAIN, &[&kab, &worker]))
                .unwrap();
            let mut prev = String::new();
            let mut last_seq = 0;
            for r in rows {
                let seq: i64 = r.get("seq");
                assert!(seq > last_seq, "seqs rise in {worker}'s stream");
                last_seq = seq;
                let at: chrono::DateTime<chrono::Utc> = r.get("created_at");
                let e = pilar_core::sync::Entry {
                    id: r.get("id"),
                    table: r.get("table_name"),
                    record_id: r.get("record_id"),
                    field: r.get("field"),
                    old: r.get("old_value"),
                    new: r.get("new_value"),
                    at: crate::catalog::format_time(&at),
                    author: r.get("author_id"),
                };
                assert_eq!(
                    r.get::<_, String>("prev_hash"),
                    prev,
                    "prev_hash of seq {seq}"
                );
                let hash: String = r.get("hash");
                assert_eq!(
                    hash,
                    pilar_core::chain::entry_hash(&e.chain(&prev)),
                    "hash of seq {seq} in {worker}'s stream"
                );
                prev = hash;
                n += 1;
            }
            assert_eq!(
                prev,
                s.get::<_, String>("last_hash"),
                "{worker}'s last hash"
            );
        }
        n
    }
}
