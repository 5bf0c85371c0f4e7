//! What the tests share: a blocking HTTP client (ureq with native-tls, i.e. OpenSSL), demo
//! data, and builders for pushes.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use pilar_core::sync::{
    CASELOAD_TABLES, Cell, ChainPoint, EnrollResponse, Entry, PushRequest, Row, TableRows,
};
use pilar_server::load::{LoadOptions, Snapshot};
use pilar_server::testing::{Harness, Setup};
use serde_json::Value;

/// The date the tests pin the server (and the demo) to.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

pub struct Http {
    agent: ureq::Agent,
    pub base: String,
    pub token: Option<String>,
}

pub struct Answer {
    pub status: u16,
    pub json: Value,
    pub encoding: Option<String>,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.json["error"].as_str().unwrap_or("")
    }
}

impl Http {
    pub fn new(base: &str) -> Http {
        Http::with_roots(base, None)
    }

    /// A client that trusts `pem` (a self-signed test certificate) for HTTPS.
    pub fn with_roots(base: &str, pem: Option<&[u8]>) -> Http {
        use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};
        let mut tls = TlsConfig::builder().provider(TlsProvider::NativeTls);
        if let Some(pem) = pem {
            let cert = Certificate::from_pem(pem).expect("a PEM certificate");
            tls = tls.root_certs(RootCerts::Specific(Arc::new(vec![cert])));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .tls_config(tls.build())
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .build();
        Http {
            agent: ureq::Agent::new_with_config(config),
            base: base.to_string(),
            token: None,
        }
    }

    pub fn authed(&self, token: &str) -> Http {
        Http {
            agent: self.agent.clone(),
            base: self.base.clone(),
            token: Some(token.to_string()),
        }
    }

    fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut r = r.expect("the server answers");
        let status = r.status().as_u16();
        let encoding = r
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = r
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .expect("a body");
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            json,
            encoding,
        }
    }

    pub fn get(&self, path: &str) -> Answer {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        Http::answer(req.call())
    }

    /// A GET whose transport may fail (TLS refused...).
    pub fn try_get(&self, path: &str) -> Result<u16, ureq::Error> {
        self.agent
            .get(format!("{}{path}", self.base))
            .call()
            .map(|r| r.status().as_u16())
    }

    pub fn post(&self, path: &str, body: &impl serde::Serialize) -> Answer {
        self.post_raw(path, &serde_json::to_vec(body).unwrap(), &[])
    }

    pub fn post_raw(&self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> Answer {
        Http::answer(self.send_raw(path, body, headers))
    }

    /// As [`Http::post_raw`], but a server that refuses a body by its length may close the
    /// connection before the client has written all of it: `None` then (refused all the
    /// same, and nothing read).
    pub fn post_raw_or_closed(
        &self,
        path: &str,
        body: &[u8],
        headers: &[(&str, &str)],
    ) -> Option<Answer> {
        match self.send_raw(path, body, headers) {
            Err(ureq::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
                ) =>
            {
                None
            }
            r => Some(Http::answer(r)),
        }
    }

    fn send_raw(
        &self,
        path: &str,
        body: &[u8],
        headers: &[(&str, &str)],
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json");
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send(body)
    }

    /// Enrols with a code; the client for the new device.
    pub fn enroll(&self, code: &str) -> (Http, EnrollResponse) {
        let a = self.post(
            "/v1/enroll",
            &serde_json::json!({"code": code, "device_name": "test laptop"}),
        );
        assert_eq!(a.status, 200, "enrol: {}", a.json);
        let e: EnrollResponse = serde_json::from_value(a.json).unwrap();
        (self.authed(&e.token), e)
    }

    pub fn push(&self, p: &PushRequest) -> Answer {
        self.post("/v1/push", p)
    }

    pub fn pull(&self, after: i64, anchor: Option<&ChainPoint>) -> Answer {
        let a = anchor.map_or(String::new(), |a| {
            format!("&anchor_seq={}&anchor_hash={}", a.seq, a.hash)
        });
        self.get(&format!("/v1/pull?after={after}{a}"))
    }
}

/// A demo database and the server with its workers (no caseload rows yet).
pub struct Fx {
    pub h: Harness,
    pub snap: Snapshot,
    pub http: Http,
    pub _dir: tempfile::TempDir,
    /// login -> worker id
    pub ids: BTreeMap<String, String>,
}

impl Fx {
    pub fn id(&self, login: &str) -> &str {
        &self.ids[login]
    }

    /// Enrols a new device for `login`.
    pub fn device(&self, login: &str) -> (Http, EnrollResponse) {
        let code = self.h.enroll_code(login);
        self.http.enroll(&code)
    }
}

/// Writes a demo database (`households`, `workers` facilitators and their supervisor).
pub fn demo(dir: &Path, households: u64, workers: u64) -> std::path::PathBuf {
    let path = dir.join("demo.db");
    pilar_store::demo::generate(
        &path,
        &pilar_store::demo::DemoConfig {
            households,
            workers,
            seed: 7,
            today: today(),
        },
    )
    .expect("the demo");
    path
}

pub fn snapshot(path: &Path) -> Snapshot {
    let store = pilar_store::store::Store::open(path).expect("open the demo");
    Snapshot::read(&store).expect("read the demo")
}

/// The server with the demo's workers loaded (regency 3324) and the demo read.
pub fn fixture_with(setup: Setup, households: u64, workers: u64) -> Option<Fx> {
    let h = Harness::start_with(Setup {
        today: Some(today()),
        ..setup
    })?;
    let dir = tempfile::tempdir().unwrap();
    let snap = snapshot(&demo(dir.path(), households, workers));
    let only_workers = Snapshot {
        workers: snap.workers.clone(),
        ..Snapshot::default()
    };
    let mut c = h.pg();
    h.block_on(pilar_server::load::load(
        &mut c,
        &only_workers,
        &LoadOptions {
            kab: Some("3324".into()),
            today: Some(today()),
        },
    ))
    .expect("load the workers");
    let ids = snap
        .workers
        .iter()
        .map(|w| (text(w, "login").to_string(), text(w, "id").to_string()))
        .collect();
    let http = Http::new(&h.url());
    Some(Fx {
        h,
        snap,
        http,
        _dir: dir,
        ids,
    })
}

pub fn fixture() -> Option<Fx> {
    fixture_with(Setup::default(), 12, 2)
}

pub fn text<'a>(row: &'a Row, col: &str) -> &'a str {
    row.get(col).and_then(Cell::as_text).unwrap_or("")
}

/// A facilitator's whole caseload in the demo, as a push's rows.
pub fn caseload(snap: &Snapshot, worker: &str) -> TableRows {
    let rows = |t: &str| snap.tables.get(t).cloned().unwrap_or_default();
    let households: Vec<String> = rows("households")
        .iter()
        .filter(|h| text(h, "worker_id") == worker)
        .map(|h| text(h, "id").to_string())
        .collect();
    let mine = |h: &str| households.iter().any(|x| x == h);
    let activities: Vec<String> = rows("activities")
        .iter()
        .filter(|a| match a.get("household_id") {
            Some(Cell::Text(h)) => mine(h),
            _ => text(a, "worker_id") == worker,
        })
        .map(|a| text(a, "id").to_string())
        .collect();
    let mut out = TableRows::new();
    for t in CASELOAD_TABLES {
        let list: Vec<Row> = rows(t)
            .into_iter()
            .filter(|r| match t {
                "households" => mine(text(r, "id")),
                "p2k2_groups" => text(r, "worker_id") == worker,
                "activities" => activities.iter().any(|a| a == text(r, "id")),
                "activity_households" => activities.iter().any(|a| a == text(r, "activity_id")),
                _ => mine(text(r, "household_id")),
            })
            .collect();
        if !list.is_empty() {
            out.insert(t.to_string(), list);
        }
    }
    out
}

pub fn count_rows(rows: &TableRows) -> u64 {
    rows.values().map(|v| v.len() as u64).sum()
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A history entry written now by `author`.
pub fn entry(
    table: &str,
    record: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
    author: &str,
) -> Entry {
    Entry {
        id: new_id(),
        table: table.into(),
        record_id: record.into(),
        field: field.into(),
        old: old.map(str::to_string),
        new: new.map(str::to_string),
        at: "2026-06-15T08:00:00.000Z".into(),
        author: author.into(),
    }
}

pub fn push_req(
    base_seq: i64,
    entries: Vec<Entry>,
    rows: TableRows,
    laptop_seq: i64,
) -> PushRequest {
    PushRequest {
        push_id: new_id(),
        caseload: None,
        base_seq,
        entries,
        rows,
        open_conflicts: Vec::new(),
        laptop_head: ChainPoint {
            seq: laptop_seq,
            hash: format!("laptop-{laptop_seq}"),
        },
        anchor: None,
    }
}

/// The anchor a laptop that pushed `laptop_head` seq `n` sends next.
pub fn anchor(n: i64) -> Option<ChainPoint> {
    Some(ChainPoint {
        seq: n,
        hash: format!("laptop-{n}"),
    })
}

/// How many rows each table of the schema has (to show nothing changed).
pub fn table_counts(h: &Harness) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for t in [
        "households",
        "members",
        "graduations",
        "activities",
        "activity_households",
        "referrals",
        "payments",
        "signoffs",
        "caseloads",
        "caseload_log",
        "sync_pushes",
        "sync_quarantine",
        "device_heads",
        "team_rollup",
        "nik_claims",
        "devices",
        "enroll_codes",
    ] {
        out.insert(t.to_string(), h.count(&format!("SELECT count(*) FROM {t}")));
    }
    out.insert(
        "seq".into(),
        h.count("SELECT coalesce(sum(seq), 0)::bigint FROM caseloads"),
    );
    out
}

/// Walks every caseload's chain on the server; see `Harness::verify_chains`.
pub fn verify_chains(h: &Harness) -> i64 {
    h.verify_chains()
}
