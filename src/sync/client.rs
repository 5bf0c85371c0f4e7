//! The HTTP side of the sync: ureq 3 (blocking) over native-tls, i.e. the OpenSSL that
//! SQLCipher already builds (no rustls), gzip both ways, timeouts on every call. Every
//! failure comes back as a [`SyncError`] the user's language can word.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use pilar_core::sync::{
    API_PREFIX, ChainPoint, EnrollRequest, EnrollResponse, ErrorBody, GZIP_ABOVE, MAX_PAGE,
    PullResponse, PushRequest, PushResponse, RollupResponse, TeamPullRequest, TeamPullResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::SyncError;

/// How long a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one call may take in all (a page of 2,000 entries over a slow line).
const CALL_TIMEOUT: Duration = Duration::from_secs(300);
/// The largest answer read (a pull page is far smaller).
const MAX_ANSWER: u64 = 256 << 20;

pub struct Client {
    agent: ureq::Agent,
    base: String,
    token: Option<String>,
}

impl Client {
    /// A client for `base` (`https://host[:port]`, no path), trusting the system's
    /// certificates and `ca_pem` if given.
    pub fn new(base: &str, ca_pem: Option<&str>, token: Option<&str>) -> Result<Client, SyncError> {
        use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(SyncError::BadUrl(base));
        }
        let mut tls = TlsConfig::builder().provider(TlsProvider::NativeTls);
        if let Some(pem) = ca_pem {
            let cert = Certificate::from_pem(pem.as_bytes())
                .map_err(|e| SyncError::CaFile(e.to_string()))?
                .to_owned();
            tls = tls.root_certs(RootCerts::Specific(Arc::new(vec![cert])));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .tls_config(tls.build())
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(CALL_TIMEOUT))
            .user_agent(concat!("pilar/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Client {
            agent: ureq::Agent::new_with_config(config),
            base,
            token: token.map(str::to_string),
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    fn transport(&self, e: ureq::Error) -> SyncError {
        match e {
            ureq::Error::Tls(t) => SyncError::Tls(self.base.clone(), t.to_string()),
            ureq::Error::NativeTls(t) => SyncError::Tls(self.base.clone(), t.to_string()),
            other => SyncError::Network(self.base.clone(), other.to_string()),
        }
    }

    fn answer<T: DeserializeOwned>(
        &self,
        r: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, SyncError> {
        let mut r = r.map_err(|e| self.transport(e))?;
        let status = r.status().as_u16();
        let bytes = r
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_vec()
            .map_err(|e| self.transport(e))?;
        if status == 200 {
            return serde_json::from_slice(&bytes).map_err(|e| SyncError::BadAnswer(e.to_string()));
        }
        match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => Err(SyncError::Server(body)),
            Err(_) => Err(SyncError::BadAnswer(format!("HTTP {status}"))),
        }
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, SyncError> {
        let mut req = self.agent.get(self.url(path));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        self.answer(req.call())
    }

    fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        let json = serde_json::to_vec(body).map_err(|e| SyncError::BadAnswer(e.to_string()))?;
        let gzipped = if json.len() > GZIP_ABOVE {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&json).and_then(|()| gz.finish()).ok()
        } else {
            None
        };
        let mut req = self
            .agent
            .post(self.url(path))
            .header("Content-Type", "application/json");
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let body = match gzipped {
            Some(b) => {
                req = req.header("Content-Encoding", "gzip");
                b
            }
            None => json,
        };
        self.answer(req.send(&body[..]))
    }

    pub fn enroll(&self, req: &EnrollRequest) -> Result<EnrollResponse, SyncError> {
        self.post("/enroll", req)
    }

    pub fn pull(&self, after: i64, anchor: Option<&ChainPoint>) -> Result<PullResponse, SyncError> {
        let a = anchor.map_or(String::new(), |a| {
            format!("&anchor_seq={}&anchor_hash={}", a.seq, a.hash)
        });
        self.get(&format!("/pull?after={after}&limit={MAX_PAGE}{a}"))
    }

    pub fn push(&self, req: &PushRequest) -> Result<PushResponse, SyncError> {
        self.post("/push", req)
    }

    pub fn team_pull(&self, req: &TeamPullRequest) -> Result<TeamPullResponse, SyncError> {
        self.post("/team/pull", req)
    }

    pub fn rollup(&self) -> Result<RollupResponse, SyncError> {
        self.get("/rollup")
    }
}
