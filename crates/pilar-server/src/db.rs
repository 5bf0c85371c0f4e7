//! Connecting to PostgreSQL (TLS through OpenSSL when the URL asks for it), the service's
//! pool (every connection `SET ROLE pilar_app`), and the schema: roles, versioned
//! migrations (each in one transaction, never destructive), grants.

use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres_openssl::MakeTlsConnector;
use tokio_postgres::config::SslMode;
use tokio_postgres::{Client, Config, NoTls};

/// The largest pool the service opens, whatever `--pool` says: PostgreSQL copes with a
/// bounded number of backends, not one per laptop.
pub const MAX_POOL: usize = 32;
pub const DEFAULT_POOL: usize = 16;

/// The role the service's statements run as: no BYPASSRLS, so row-level security on
/// `kab_code` applies.
pub const APP_ROLE: &str = "pilar_app";
/// The role roll-ups read `team_rollup` as (and nothing else).
pub const REPORT_ROLE: &str = "pilar_report";

/// The migrations, in order: (version, name, SQL). Never edit one that has shipped; append.
/// On a Citus coordinator `citus.sql` runs after version 1.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "tables", include_str!("../sql/001_tables.sql")),
    (
        2,
        "foreign keys",
        include_str!("../sql/002_foreign_keys.sql"),
    ),
    (
        3,
        "row-level security",
        include_str!("../sql/003_security.sql"),
    ),
    (
        4,
        "pregnancy fields",
        include_str!("../sql/004_pregnancy.sql"),
    ),
    (
        5,
        "commitment verifications",
        include_str!("../sql/005_verifications.sql"),
    ),
    (
        6,
        "payments per tahap",
        include_str!("../sql/006_payments.sql"),
    ),
    (7, "p2k2 groups", include_str!("../sql/007_p2k2_groups.sql")),
    (8, "life events", include_str!("../sql/008_life_events.sql")),
    (9, "sign-offs", include_str!("../sql/009_signoffs.sql")),
];

/// The Citus distribution calls, run between migrations 1 and 2 on a Citus cluster.
pub const CITUS_SQL: &str = include_str!("../sql/citus.sql");

/// Tables replicated to every Citus node.
pub const REFERENCE_TABLES: [&str; 4] = ["regions", "workers", "devices", "enroll_codes"];
/// Tables distributed by `kab_code`, colocated with `households`.
pub const KAB_TABLES: [&str; 17] = [
    "households",
    "p2k2_groups",
    "members",
    "graduations",
    "activities",
    "activity_households",
    "referrals",
    "payments",
    "verifications",
    "life_events",
    "signoffs",
    "caseloads",
    "caseload_log",
    "sync_pushes",
    "sync_quarantine",
    "device_heads",
    "team_rollup",
];
/// Distributed by `nik` (national uniqueness).
pub const NIK_TABLE: &str = "nik_claims";

#[derive(Debug)]
pub enum DbError {
    /// The URL does not parse.
    Url(String),
    Tls(openssl::error::ErrorStack),
    Pg(tokio_postgres::Error),
    Pool(String),
    /// The schema is of a newer pilar, or the catalog lacks what this build needs.
    Schema(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Url(e) => write!(f, "{e}"),
            DbError::Tls(e) => write!(f, "TLS: {e}"),
            DbError::Pg(e) => match e.as_db_error() {
                Some(db) => write!(f, "{}: {}", db.severity(), db.message()),
                None => write!(f, "{e}"),
            },
            DbError::Pool(e) => write!(f, "{e}"),
            DbError::Schema(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<tokio_postgres::Error> for DbError {
    fn from(e: tokio_postgres::Error) -> Self {
        DbError::Pg(e)
    }
}

/// Parses a connection string (`postgres://...` or `host=... user=...`).
pub fn parse_config(url: &str) -> Result<Config, DbError> {
    url.parse::<Config>()
        .map_err(|e| DbError::Url(e.to_string()))
}

/// The TLS connector for `sslmode=require`: OpenSSL, verifying the server's certificate
/// against the system's roots and `PILAR_PG_CA` (a PEM file, for a private CA), unless
/// `PILAR_PG_INSECURE=1` (a self-signed server on a private network).
fn tls_connector() -> Result<MakeTlsConnector, DbError> {
    let mut builder = SslConnector::builder(SslMethod::tls()).map_err(DbError::Tls)?;
    if let Some(ca) = std::env::var_os("PILAR_PG_CA").filter(|v| !v.is_empty()) {
        builder.set_ca_file(ca).map_err(DbError::Tls)?;
    }
    if std::env::var("PILAR_PG_INSECURE").is_ok_and(|v| v == "1") {
        builder.set_verify(SslVerifyMode::NONE);
    }
    Ok(MakeTlsConnector::new(builder.build()))
}

/// TLS to PostgreSQL when the URL says `sslmode=require`; otherwise (libpq's default
/// `prefer` included) a plain connection, as on a local or private-network server.
fn wants_tls(config: &Config) -> bool {
    matches!(config.get_ssl_mode(), SslMode::Require)
}

/// One connection (the admin commands), as the URL's user: not `pilar_app`.
pub async fn connect(url: &str) -> Result<Client, DbError> {
    let config = parse_config(url)?;
    let client = if wants_tls(&config) {
        let (client, conn) = config.connect(tls_connector()?).await?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        client
    } else {
        let (client, conn) = config.connect(NoTls).await?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        client
    };
    Ok(client)
}

/// The service's pool: at most [`MAX_POOL`] connections, each switched to [`APP_ROLE`]
/// when it is made and checked again (`SET ROLE`) each time it is handed out, so a
/// connection PostgreSQL dropped is replaced rather than used.
pub fn pool(url: &str, size: usize, application_name: &str) -> Result<Pool, DbError> {
    let mut config = parse_config(url)?;
    config.application_name(application_name);
    config.connect_timeout(Duration::from_secs(10));
    let manager_config = ManagerConfig {
        recycling_method: RecyclingMethod::Custom(format!("SET ROLE {APP_ROLE}")),
    };
    let manager = if wants_tls(&config) {
        Manager::from_config(config, tls_connector()?, manager_config)
    } else {
        Manager::from_config(config, NoTls, manager_config)
    };
    Pool::builder(manager)
        .max_size(size.clamp(1, MAX_POOL))
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(30)))
        .create_timeout(Some(Duration::from_secs(10)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .post_create(deadpool_postgres::Hook::async_fn(|client, _| {
            Box::pin(async move {
                client
                    .batch_execute(&format!("SET ROLE {APP_ROLE}"))
                    .await
                    .map_err(deadpool_postgres::HookError::Backend)
            })
        }))
        .build()
        .map_err(|e| DbError::Pool(e.to_string()))
}

/// Creates the two roles once per cluster (under an advisory lock: several schemas or
/// servers may start at once) and makes the connecting user a member, so it may
/// `SET ROLE` to them.
const ROLES: &str = "
DO $$
BEGIN
    PERFORM pg_advisory_xact_lock(8470001);
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pilar_app') THEN
        CREATE ROLE pilar_app NOLOGIN NOBYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pilar_report') THEN
        CREATE ROLE pilar_report NOLOGIN NOBYPASSRLS;
    END IF;
    IF NOT pg_has_role(current_user, 'pilar_app', 'MEMBER') THEN
        EXECUTE format('GRANT pilar_app TO %I', current_user);
    END IF;
    IF NOT pg_has_role(current_user, 'pilar_report', 'MEMBER') THEN
        EXECUTE format('GRANT pilar_report TO %I', current_user);
    END IF;
END $$;";

/// What `pilar_app` and `pilar_report` may do, granted again at every start (idempotent):
/// `pilar_app` reads and inserts; it updates every column but `kab_code` (the table-level
/// UPDATE is revoked and the columns granted one by one, so `kab_code` stays out: on
/// Citus, changing a row's distribution value is refused, a move between regencies is a
/// transfer); it never deletes. `pilar_report` reads `team_rollup` only.
const GRANTS: &str = "
DO $$
DECLARE
    t text;
    cols text;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO pilar_app, pilar_report', current_schema());
    EXECUTE 'GRANT SELECT ON regions, workers TO pilar_app';
    EXECUTE 'GRANT SELECT, INSERT ON devices TO pilar_app';
    EXECUTE 'GRANT SELECT ON enroll_codes TO pilar_app';
    EXECUTE 'REVOKE UPDATE ON enroll_codes FROM pilar_app';
    EXECUTE 'GRANT UPDATE (used_at, device_id) ON enroll_codes TO pilar_app';
    EXECUTE 'GRANT SELECT, INSERT ON nik_claims TO pilar_app';
    EXECUTE 'REVOKE UPDATE ON nik_claims FROM pilar_app';
    EXECUTE 'GRANT UPDATE (household_id) ON nik_claims TO pilar_app';
    FOREACH t IN ARRAY ARRAY['p2k2_groups', 'households', 'members', 'graduations', 'activities',
        'activity_households', 'referrals', 'payments', 'verifications', 'life_events', 'signoffs', 'caseloads',
        'caseload_log', 'sync_pushes',
        'sync_quarantine', 'device_heads', 'team_rollup'] LOOP
        SELECT string_agg(quote_ident(column_name::text), ', ') INTO cols
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = t AND column_name <> 'kab_code';
        EXECUTE format('GRANT SELECT, INSERT ON %I TO pilar_app', t);
        EXECUTE format('REVOKE UPDATE, DELETE ON %I FROM pilar_app', t);
        EXECUTE format('GRANT UPDATE (%s) ON %I TO pilar_app', cols, t);
        EXECUTE format('REVOKE UPDATE (kab_code) ON %I FROM pilar_app', t);
    END LOOP;
    EXECUTE 'GRANT SELECT ON team_rollup TO pilar_report';
END $$;";

/// The version table.
const SCHEMA_TABLE: &str = "CREATE TABLE IF NOT EXISTS pilar_schema (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)";

/// Brings the schema (the connection's `search_path`'s first schema) up to date: the
/// roles, every pending migration in its own transaction (with `citus.sql` after the first
/// when the citus extension is installed), then the grants. Returns the versions applied.
/// A schema newer than this build is refused untouched.
pub async fn migrate(client: &mut Client) -> Result<Vec<i32>, DbError> {
    client.batch_execute(ROLES).await?;
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    let mut applied = Vec::new();
    // One migrating server at a time (per database): the others wait, then find it done.
    let tx = client.transaction().await?;
    tx.batch_execute("SELECT pg_advisory_xact_lock(8470002)")
        .await?;
    tx.batch_execute(SCHEMA_TABLE).await?;
    tx.commit().await?;
    let citus: bool = client
        .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'citus'", &[])
        .await?
        .is_some();
    for &(version, name, sql) in MIGRATIONS {
        let tx = client.transaction().await?;
        tx.batch_execute("SELECT pg_advisory_xact_lock(8470002)")
            .await?;
        let current: i32 = tx
            .query_one(
                "SELECT coalesce(max(version), 0) AS version FROM pilar_schema",
                &[],
            )
            .await?
            .get("version");
        if current > known {
            return Err(DbError::Schema(format!(
                "the database schema is version {current}, newer than this pilar ({known})"
            )));
        }
        if current >= version {
            continue;
        }
        tx.batch_execute(sql).await?;
        if version == 1 && citus {
            tx.batch_execute(CITUS_SQL).await?;
        }
        tx.execute(
            "INSERT INTO pilar_schema (version, name) VALUES ($1, $2)",
            &[&version, &name],
        )
        .await?;
        tx.commit().await?;
        applied.push(version);
    }
    client.batch_execute(GRANTS).await?;
    Ok(applied)
}

/// Whether a failure is the connection's (dropped, refused, timed out) rather than a
/// statement's: worth one more try on a fresh connection.
pub fn is_connection_error(e: &tokio_postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    match e.as_db_error() {
        // admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now
        Some(db) => matches!(db.code().code(), "57P01" | "57P02" | "57P03"),
        None => {
            let text = e.to_string();
            text.contains("connection") || text.contains("closed")
        }
    }
}
