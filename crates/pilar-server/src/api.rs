//! The HTTP API (`/v1/...`, see `pilar_core::sync` for the bodies): the router, its
//! handlers, errors as JSON, gzip both ways, one log line per request, and panics turned
//! into 500s.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate, Utc};
use deadpool_postgres::Pool;
use futures_util::FutureExt;
use pilar_core::model::Role;
use pilar_core::sync::{
    self, CASELOAD_TABLES, ChainPoint, EnrollRequest, EnrollResponse, ErrorBody, ErrorCode,
    FacilitatorRollup, HealthResponse, MAX_BODY_BYTES, MAX_PAGE, PullQuery, PullResponse,
    PushRequest, PushResponse, RegencyRollup, RollupQuery, RollupResponse, RollupScope,
    StreamEntry, TableRows, TeamCaseload, TeamPullRequest, TeamPullResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use tokio_postgres::Transaction;

use crate::apply::{self, Actor, ApplyError, Meta, Stream};
use crate::catalog::{Catalog, format_time, parse_uuid, row_from_pg};
use crate::db::{REPORT_ROLE, is_connection_error};
use crate::sql::{self, table_statements};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub catalog: Arc<Catalog>,
    /// Pins the server's date (tests); otherwise the local date.
    pub today: Option<NaiveDate>,
    /// One line per request on stderr.
    pub log: bool,
}

impl AppState {
    fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// A failure answered as `{"error": code, "reason": ...}`.
#[derive(Debug)]
pub struct ApiError {
    pub body: ErrorBody,
    /// Worth one more try on a fresh connection (the connection broke).
    retry: bool,
}

impl ApiError {
    pub fn new(code: ErrorCode, reason: impl Into<String>) -> ApiError {
        ApiError {
            body: ErrorBody {
                error: code,
                reason: reason.into(),
                head: None,
                anchor_seq: None,
            },
            retry: false,
        }
    }

    fn bad(reason: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, reason)
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        if is_connection_error(&e) {
            let mut err = ApiError::new(
                ErrorCode::Unavailable,
                "the database connection broke; nothing was changed, try again",
            );
            err.retry = true;
            return err;
        }
        // A deadlock or serialization failure (two pushes claiming the same NIKs): the
        // transaction was rolled back; once more, then the laptop's own retry.
        if let Some(db) = e.as_db_error()
            && matches!(db.code().code(), "40001" | "40P01")
        {
            let mut err = ApiError::new(
                ErrorCode::Unavailable,
                "the database was busy with the same records; nothing was changed, try again",
            );
            err.retry = true;
            return err;
        }
        // The code and message only: a detail may quote a value (a NIK).
        let what = match e.as_db_error() {
            Some(db) => format!("{} {}", db.code().code(), db.message()),
            None => "database error".into(),
        };
        eprintln!("pilar serve: database: {what}");
        ApiError::new(ErrorCode::Internal, "a database error; nothing was changed")
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        eprintln!("pilar serve: pool: {e}");
        let mut err = ApiError::new(
            ErrorCode::Unavailable,
            "the database does not answer; try again later",
        );
        err.retry = true;
        err
    }
}

impl From<ApplyError> for ApiError {
    fn from(e: ApplyError) -> Self {
        match e {
            ApplyError::Pg(e) => e.into(),
            ApplyError::Race => {
                let mut err = ApiError::new(
                    ErrorCode::Unavailable,
                    "another push stored the same entry at the same moment; push again",
                );
                err.retry = true;
                err
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.body.error.status()).unwrap_or(StatusCode::BAD_REQUEST);
        json_response(status, &self.body, false)
    }
}

type ApiResult = Result<Response, ApiError>;

/// The device a request comes from (its id's first 8 characters go to the log).
#[derive(Debug, Clone)]
pub struct Device {
    pub id: String,
    pub worker_id: String,
    pub kab: String,
    pub role: Role,
    pub scope: String,
}

#[derive(Clone)]
struct DeviceTag(String);

/// The service's routes, with its layers.
pub fn router(state: AppState) -> Router {
    let log = state.log;
    layered(routes(state), log)
}

/// The layers every route gets: one log line per request (when `log`), panics as 500s.
/// (Routes merged after this do not get them.)
pub fn layered(routes: Router, log: bool) -> Router {
    routes
        .layer(middleware::from_fn(catch_panic))
        .layer(middleware::from_fn(move |req, next| {
            access_log(log, req, next)
        }))
}

/// The service's routes without the layers.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/enroll", post(enroll))
        .route("/v1/pull", get(pull))
        .route("/v1/push", post(push))
        .route("/v1/team/pull", post(team_pull))
        .route("/v1/rollup", get(rollup))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "wrong method for this endpoint",
    )
}

/// A panic in a handler is a 500 for that request; the server goes on.
async fn catch_panic(req: Request, next: Next) -> Response {
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            ErrorCode::Internal,
            "a fault on the server; nothing was changed",
        )
        .into_response(),
    }
}

/// One line per request: method, path, status, bytes, milliseconds, the device id's first 8
/// characters. Never a query string, a body, a name, a NIK or a token.
async fn access_log(on: bool, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    if on {
        let bytes = axum::body::HttpBody::size_hint(response.body())
            .exact()
            .unwrap_or(0);
        let device = response
            .extensions()
            .get::<DeviceTag>()
            .map_or("-".to_string(), |d| d.0.clone());
        eprintln!(
            "pilar serve: {method} {path} {} {bytes}B {}ms dev={device}",
            response.status().as_u16(),
            start.elapsed().as_millis()
        );
    }
    response
}

/// A JSON answer, gzip when the client accepts it and it is large.
fn json_response<T: Serialize>(status: StatusCode, body: &T, gzip: bool) -> Response {
    let bytes = match serde_json::to_vec(body) {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json");
    let body = if gzip && bytes.len() > sync::GZIP_ABOVE {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        if enc.write_all(&bytes).is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        match enc.finish() {
            Ok(z) => {
                builder = builder.header(header::CONTENT_ENCODING, "gzip");
                z
            }
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    } else {
        bytes
    };
    builder
        .body(Body::from(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|e| e.trim().starts_with("gzip")))
}

fn ok<T: Serialize>(headers: &HeaderMap, device: Option<&Device>, body: &T) -> Response {
    let mut r = json_response(StatusCode::OK, body, accepts_gzip(headers));
    tag(&mut r, device);
    r
}

fn tag(r: &mut Response, device: Option<&Device>) {
    if let Some(d) = device {
        r.extensions_mut()
            .insert(DeviceTag(d.id.chars().take(8).collect()));
    }
}

/// Reads a JSON body: at most [`MAX_BODY_BYTES`], gzip if `Content-Encoding` says so.
async fn read_json<T: DeserializeOwned>(headers: &HeaderMap, body: Body) -> Result<T, ApiError> {
    let too_large = || {
        ApiError::new(
            ErrorCode::TooLarge,
            format!("the body is larger than {MAX_BODY_BYTES} bytes"),
        )
    };
    let raw = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())?;
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .trim()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "identity" | "" => raw.to_vec(),
        "gzip" => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&raw[..])
                .take(MAX_BODY_BYTES as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|_| ApiError::bad("the gzip body does not decompress"))?;
            if out.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            out
        }
        other => {
            return Err(ApiError::bad(format!(
                "Content-Encoding {other:?} is not supported (gzip or none)"
            )));
        }
    };
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad(format!("malformed JSON: {e}")))
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// The device behind `Authorization: Bearer <token>`.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Device, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "no valid bearer token"))?;
    let client = state.pool.get().await?;
    let row = client
        .query_opt(sql::reference::AUTH, &[&sha256(token.as_bytes())])
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "unknown token"))?;
    if row.get::<_, bool>("revoked") {
        return Err(ApiError::new(
            ErrorCode::TokenRevoked,
            "this device was revoked; enrol again",
        ));
    }
    let role: String = row.get("role");
    Ok(Device {
        id: row.get("id"),
        worker_id: row.get("worker_id"),
        kab: row.get("kab_code"),
        role: Role::from_key(&role).unwrap_or(Role::Facilitator),
        scope: row.get("scope"),
    })
}

/// Runs `f` once more on a fresh connection when the first one broke before it answered.
macro_rules! with_retry {
    ($body:expr) => {{
        let mut attempt = 0;
        loop {
            attempt += 1;
            match $body {
                Err(e) if e.retry && attempt < 2 => continue,
                other => break other,
            }
        }
    }};
}

async fn health(State(state): State<AppState>) -> ApiResult {
    let client = state.pool.get().await?;
    client.query_one("SELECT 1", &[]).await?;
    Ok(json_response(
        StatusCode::OK,
        &HealthResponse {
            status: "ok".into(),
            protocol: sync::PROTOCOL_VERSION,
        },
        false,
    ))
}

async fn enroll(State(state): State<AppState>, headers: HeaderMap, body: Body) -> ApiResult {
    let req: EnrollRequest = read_json(&headers, body).await?;
    let code = sync::normalize_code(&req.code);
    if code.is_empty() || code.len() > 64 {
        return Err(ApiError::new(
            ErrorCode::EnrollCodeInvalid,
            "no such enrolment code",
        ));
    }
    if let Some(w) = &req.worker_id
        && parse_uuid(w).is_none()
    {
        return Err(ApiError::bad("worker_id is not a UUID"));
    }
    let hash = sha256(code.as_bytes());
    let now = Utc::now();
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(sql::reference::ENROLL_CODE, &[&hash, &now])
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::EnrollCodeInvalid, "no such enrolment code"))?;
    let worker_id: String = row.get("worker_id");
    if row.get::<_, bool>("used") {
        return Err(ApiError::new(
            ErrorCode::EnrollCodeUsed,
            "this enrolment code was used already; ask for a new one",
        ));
    }
    if row.get::<_, bool>("expired") {
        return Err(ApiError::new(
            ErrorCode::EnrollCodeExpired,
            "this enrolment code has expired; ask for a new one",
        ));
    }
    if req.worker_id.as_ref().is_some_and(|w| *w != worker_id) {
        return Err(ApiError::new(
            ErrorCode::WorkerMismatch,
            "this laptop knows the login under another worker id than the server",
        ));
    }
    let worker: Value = tx
        .query_one(sql::reference::WORKER, &[&worker_id])
        .await?
        .get("row");
    let get = |k: &str| {
        worker
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let device_id = uuid::Uuid::now_v7().to_string();
    let mut raw = [0u8; 32];
    openssl::rand::rand_bytes(&mut raw)
        .map_err(|_| ApiError::new(ErrorCode::Internal, "no random bytes"))?;
    let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let name: String = pilar_core::domain::text::clean(&req.device_name)
        .chars()
        .take(100)
        .collect();
    tx.execute(
        sql::reference::DEVICE_INSERT,
        &[
            &device_id,
            &worker_id,
            &name,
            &sha256(token.as_bytes()),
            &now,
        ],
    )
    .await?;
    tx.execute(sql::reference::ENROLL_USE, &[&hash, &now, &device_id])
        .await?;
    let kab = get("kab_code");
    let workers = workers_of(&tx, &state.catalog, &kab).await?;
    tx.commit().await?;
    let cat = &state.catalog;
    let worker_row = match &worker {
        Value::Object(o) => row_from_pg(&cat.workers, o),
        _ => Default::default(),
    };
    let device = Device {
        id: device_id.clone(),
        worker_id: worker_id.clone(),
        kab: kab.clone(),
        role: Role::from_key(&get("role")).unwrap_or(Role::Facilitator),
        scope: get("scope"),
    };
    Ok(ok(
        &headers,
        Some(&device),
        &EnrollResponse {
            device_id,
            token,
            worker_id,
            login: get("login"),
            role: get("role"),
            kab_code: kab,
            scope: get("scope"),
            worker: worker_row,
            workers,
        },
    ))
}

async fn workers_of(
    tx: &Transaction<'_>,
    cat: &Catalog,
    kab: &str,
) -> Result<Vec<sync::Row>, tokio_postgres::Error> {
    Ok(tx
        .query(sql::reference::WORKERS_OF_KAB, &[&kab])
        .await?
        .iter()
        .filter_map(|r| match r.get::<_, Value>("row") {
            Value::Object(o) => Some(row_from_pg(&cat.workers, &o)),
            _ => None,
        })
        .collect())
}

/// Refuses a request whose laptop history does not match what the device pushed before
/// (409 `history_rewritten`). Returns the anchor seq the server holds.
async fn check_anchor(
    tx: &Transaction<'_>,
    kab: &str,
    device: &Device,
    anchor: Option<&ChainPoint>,
) -> Result<Option<i64>, ApiError> {
    let Some(row) = tx
        .query_opt(sql::single_shard::DEVICE_HEAD, &[&kab, &device.id])
        .await?
    else {
        return Ok(None);
    };
    let head = (
        row.get::<_, i64>("head_seq"),
        row.get::<_, String>("head_hash"),
    );
    let prev: (Option<i64>, Option<String>) = (row.get("prev_seq"), row.get("prev_hash"));
    let matches = anchor.is_some_and(|a| {
        (a.seq == head.0 && a.hash == head.1)
            || (Some(a.seq) == prev.0 && Some(&a.hash) == prev.1.as_ref())
    });
    if !matches {
        let reason = match anchor {
            None => format!(
                "this device pushed its history up to seq {} before; send the hash the laptop has there (anchor)",
                head.0
            ),
            Some(a) if a.seq != head.0 && Some(a.seq) != prev.0 => format!(
                "the anchor must be the laptop's hash at seq {}, not at {}",
                head.0, a.seq
            ),
            Some(_) => format!(
                "the laptop's history at seq {} is not the one it pushed before: it was shortened or rewritten (a restored or copied file?)",
                head.0
            ),
        };
        let mut err = ApiError::new(ErrorCode::HistoryRewritten, reason);
        err.body.anchor_seq = Some(head.0);
        return Err(err);
    }
    Ok(Some(head.0))
}

async fn push(State(state): State<AppState>, headers: HeaderMap, body: Body) -> ApiResult {
    let device = authenticate(&state, &headers).await?;
    let req: PushRequest = read_json(&headers, body).await?;
    if parse_uuid(&req.push_id).is_none() {
        return Err(ApiError::bad("push_id is not a lower-case UUID"));
    }
    apply::check_shape(&state.catalog, &req.entries, &req.rows).map_err(|reason| {
        let code = if reason.contains("per push") {
            ErrorCode::TooLarge
        } else {
            ErrorCode::BadRequest
        };
        ApiError::new(code, reason)
    })?;
    for f in &req.open_conflicts {
        if state.catalog.table(&f.table).is_none() {
            return Err(ApiError::bad(format!(
                "open conflict of unknown table {:?}",
                f.table
            )));
        }
    }
    let target = req.caseload.clone().unwrap_or(device.worker_id.clone());
    if parse_uuid(&target).is_none() {
        return Err(ApiError::bad("caseload is not a worker id"));
    }
    let response = with_retry!(push_once(&state, &device, &req, &target).await)?;
    Ok(ok(&headers, Some(&device), &response))
}

async fn push_once(
    state: &AppState,
    device: &Device,
    req: &PushRequest,
    target: &str,
) -> Result<PushResponse, ApiError> {
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // Whose stream: a facilitator's own; a supervisor's facilitators' in their regency.
    if target != device.worker_id {
        let w: Option<Value> = tx
            .query_opt(sql::reference::WORKER, &[&target])
            .await?
            .map(|r| r.get("row"));
        let allowed = device.role == Role::Supervisor
            && w.as_ref().is_some_and(|w| {
                w.get("role").and_then(Value::as_str) == Some("facilitator")
                    && w.get("kab_code").and_then(Value::as_str) == Some(device.kab.as_str())
            });
        if !allowed {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "you may push only into your own caseload (a supervisor: their regency's)",
            ));
        }
    }
    let kab = device.kab.as_str();
    tx.execute(sql::SET_KAB, &[&kab]).await?;
    let stored = |row: Option<tokio_postgres::Row>| -> Result<Option<PushResponse>, ApiError> {
        let Some(row) = row else { return Ok(None) };
        if row.get::<_, String>("device_id") != device.id {
            return Err(ApiError::new(
                ErrorCode::PushIdReused,
                "this push_id was used by another device",
            ));
        }
        serde_json::from_value(row.get("response"))
            .map(Some)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "a stored answer does not read"))
    };
    if let Some(r) = stored(
        tx.query_opt(sql::single_shard::PUSH_STORED, &[&kab, &req.push_id])
            .await?,
    )? {
        return Ok(r);
    }
    tx.execute(sql::single_shard::CASELOAD_ENSURE, &[&kab, &target])
        .await?;
    let row = tx
        .query_one(sql::single_shard::CASELOAD_LOCK, &[&kab, &target])
        .await?;
    let (seq, hash): (i64, String) = (row.get("seq"), row.get("last_hash"));
    // The same push may have committed while this one waited for the lock.
    if let Some(r) = stored(
        tx.query_opt(sql::single_shard::PUSH_STORED, &[&kab, &req.push_id])
            .await?,
    )? {
        return Ok(r);
    }
    let anchor = check_anchor(&tx, kab, device, req.anchor.as_ref()).await?;
    if anchor.is_some_and(|a| req.laptop_head.seq < a) {
        let mut err = ApiError::new(
            ErrorCode::HistoryRewritten,
            "the laptop's history is shorter than what it pushed before",
        );
        err.body.anchor_seq = anchor;
        return Err(err);
    }
    if req.base_seq != seq {
        let mut err = ApiError::new(
            ErrorCode::PullFirst,
            format!(
                "the caseload is at seq {seq}, the push builds on {}: pull, merge, push again",
                req.base_seq
            ),
        );
        err.body.head = Some(seq);
        return Err(err);
    }
    let now = Utc::now();
    let actor = Actor {
        worker_id: device.worker_id.clone(),
        role: device.role,
        kab: device.kab.clone(),
    };
    let stream = Stream {
        kab: device.kab.clone(),
        worker_id: target.to_string(),
    };
    let meta = Meta {
        push_id: req.push_id.clone(),
        device_id: Some(device.id.clone()),
        received_at: now,
        today: state.today(),
    };
    let outcome = apply::apply(
        &tx,
        &state.catalog,
        &actor,
        &stream,
        (seq, hash),
        &req.entries,
        &req.rows,
        &req.open_conflicts,
        &meta,
    )
    .await?;
    tx.execute(
        sql::single_shard::DEVICE_HEAD_SET,
        &[
            &kab,
            &device.id,
            &device.worker_id,
            &req.laptop_head.seq,
            &req.laptop_head.hash,
            &now,
        ],
    )
    .await?;
    let response = PushResponse {
        push_id: req.push_id.clone(),
        caseload: target.to_string(),
        seq: outcome.seq,
        accepted: outcome.accepted,
        rows_applied: outcome.rows_applied,
        quarantined: outcome.quarantined,
        chain: ChainPoint {
            seq: outcome.seq,
            hash: outcome.hash,
        },
        anchor_seq: req.laptop_head.seq,
    };
    let json = serde_json::to_value(&response)
        .map_err(|_| ApiError::new(ErrorCode::Internal, "the answer does not serialize"))?;
    tx.execute(
        sql::single_shard::PUSH_STORE,
        &[
            &kab,
            &req.push_id,
            &device.id,
            &target,
            &req.base_seq,
            &outcome.seq,
            &json,
            &now,
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(response)
}

/// `Authorization` header value for a token (for clients and tests).
pub fn bearer(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("Bearer {token}")).unwrap_or(HeaderValue::from_static(""))
}

// After `with_retry!`, which the pull handlers use (macros are in scope textually).
mod pull;
use pull::*;
