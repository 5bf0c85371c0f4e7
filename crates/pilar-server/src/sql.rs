//! Every statement the service sends, grouped by how Citus would route it (the catalog
//! tests check each group's rule):
//! - [`single_shard`]: one regency. Each contains `kab_code = $n` (an INSERT names
//!   `kab_code` first with `$1`); `FOR UPDATE` only here.
//! - [`nik`]: `nik_claims`, addressed by `nik`.
//! - [`reference`]: only the reference tables (regions, workers, devices, enroll_codes).
//! - [`multi_shard`]: the roll-up aggregates across regencies; no `FOR UPDATE`, no
//!   recursive CTE.
//!
//! Statements built from the catalog (a table's rows and upserts) come from
//! [`table_statements`], single-shard too.

use crate::catalog::Table;

/// Scopes row-level security to the transaction's regency (`SET LOCAL pilar.kab`); first
/// in every transaction of the service. Touches no table.
pub const SET_KAB: &str = "SELECT set_config('pilar.kab', $1, true)";

pub mod single_shard {

    pub const PUSH_STORED: &str = "SELECT device_id::text AS device_id, response FROM sync_pushes
         WHERE kab_code = $1 AND push_id = $2::text::uuid";
    pub const PUSH_STORE: &str = "INSERT INTO sync_pushes (kab_code, push_id, device_id,
            worker_id, base_seq, seq, response, received_at)
         VALUES ($1, $2::text::uuid, $3::text::uuid, $4::text::uuid, $5, $6, $7, $8)";

    pub const CASELOAD_ENSURE: &str = "INSERT INTO caseloads (kab_code, worker_id)
         VALUES ($1, $2::text::uuid) ON CONFLICT (kab_code, worker_id) DO NOTHING";
    pub const CASELOAD_LOCK: &str = "SELECT seq, last_hash FROM caseloads
         WHERE kab_code = $1 AND worker_id = $2::text::uuid FOR UPDATE";
    pub const CASELOAD_HEAD: &str = "SELECT seq, last_hash FROM caseloads
         WHERE kab_code = $1 AND worker_id = $2::text::uuid";
    pub const CASELOAD_HEADS: &str = "SELECT worker_id::text AS worker_id, seq FROM caseloads
         WHERE kab_code = $1";
    pub const CASELOAD_SET: &str = "UPDATE caseloads SET seq = $3, last_hash = $4, updated_at = $5
         WHERE kab_code = $1 AND worker_id = $2::text::uuid";

    pub const DEVICE_HEAD: &str = "SELECT head_seq, head_hash, prev_seq, prev_hash
         FROM device_heads WHERE kab_code = $1 AND device_id = $2::text::uuid";
    /// Keeps the newest two heads: a new head moves the last one to `prev_*`.
    pub const DEVICE_HEAD_SET: &str = "INSERT INTO device_heads (kab_code, device_id, worker_id,
            head_seq, head_hash, updated_at)
         VALUES ($1, $2::text::uuid, $3::text::uuid, $4, $5, $6)
         ON CONFLICT (kab_code, device_id) DO UPDATE SET
            prev_seq = CASE WHEN device_heads.head_seq = EXCLUDED.head_seq
                             AND device_heads.head_hash = EXCLUDED.head_hash
                            THEN device_heads.prev_seq ELSE device_heads.head_seq END,
            prev_hash = CASE WHEN device_heads.head_seq = EXCLUDED.head_seq
                              AND device_heads.head_hash = EXCLUDED.head_hash
                             THEN device_heads.prev_hash ELSE device_heads.head_hash END,
            head_seq = EXCLUDED.head_seq,
            head_hash = EXCLUDED.head_hash,
            updated_at = EXCLUDED.updated_at
         WHERE device_heads.kab_code = $1";

    pub const LOG_KNOWN: &str = "SELECT id::text AS id, seq FROM caseload_log
         WHERE kab_code = $1 AND id = ANY ($2::text[]::uuid[])";
    pub const LOG_INSERT: &str = "INSERT INTO caseload_log (kab_code, worker_id, seq, id,
            table_name, record_id, field, old_value, new_value, created_at, received_at,
            author_id, device_id, push_id, prev_hash, hash)
         SELECT $1, $2::text::uuid, u.seq, u.id::uuid, u.table_name, u.record_id::uuid, u.field,
                u.old_value, u.new_value, u.created_at::timestamptz, $3::timestamptz, u.author_id::uuid,
                $4::text::uuid, $5::text::uuid, u.prev_hash, u.hash
         FROM unnest($6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                     $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
              AS u(seq, id, table_name, record_id, field, old_value, new_value, created_at,
                   author_id, prev_hash, hash)
         ON CONFLICT (kab_code, id) DO NOTHING";
    pub const LOG_PAGE: &str =
        "SELECT seq, id::text AS id, table_name, record_id::text AS record_id, field,
            old_value, new_value, created_at, author_id::text AS author_id, hash
         FROM caseload_log
         WHERE kab_code = $1 AND worker_id = $2::text::uuid AND seq > $3 AND seq <= $4
         ORDER BY seq";
    pub const LOG_HASH_AT: &str = "SELECT hash FROM caseload_log
         WHERE kab_code = $1 AND worker_id = $2::text::uuid AND seq <= $3
         ORDER BY seq DESC LIMIT 1";
    /// A stream's entries in order, with what the chain covers (for verifying it).
    pub const LOG_CHAIN: &str =
        "SELECT seq, id::text AS id, table_name, record_id::text AS record_id, field,
            old_value, new_value, created_at, author_id::text AS author_id, prev_hash, hash
         FROM caseload_log WHERE kab_code = $1 AND worker_id = $2::text::uuid ORDER BY seq";

    pub const QUARANTINE_INSERT: &str = "INSERT INTO sync_quarantine (kab_code, push_id, n,
            worker_id, device_id, kind, table_name, record_id, entry_id, code, reason, payload,
            received_at)
         VALUES ($1, $2::text::uuid, $3, $4::text::uuid, $5::text::uuid, $6, $7, $8, $9, $10,
                 $11, $12, $13)
         ON CONFLICT (kab_code, push_id, n) DO NOTHING";

    /// The live rows of a household that hold a NIK (its pengurus, its members).
    pub const NIK_HOLDERS: &str =
        "SELECT 'households' AS table_name, id::text AS id FROM households
         WHERE kab_code = $1 AND id = $2::text::uuid AND pengurus_nik = $3 AND NOT deleted
         UNION ALL
         SELECT 'members', id::text FROM members
         WHERE kab_code = $1 AND household_id = $2::text::uuid AND nik = $3 AND NOT deleted";

    /// The team screen's figures of one facilitator (as `store::team` counts them), upserted
    /// only when they changed. $1 kab, $2 worker, $3 year, $4 name, $5 login, $6 target,
    /// $7/$8 the year's first day and the next year's, $9 counted exit kinds, $10 the 30-day
    /// window's first day, $11 as of (today), $12 the month's first day, $13 the 90-day
    /// visit cut-off, $14 now.
    pub const ROLLUP_REFRESH: &str = "INSERT INTO team_rollup AS r (kab_code, worker_id, year,
            name, login, target, caseload, graduated, candidates, activities_30d, p2k2_month,
            overdue, not_visited_90d, as_of, updated_at)
         SELECT $1, $2::text::uuid, $3, $4, $5, $6,
            (SELECT count(*) FROM households h WHERE h.kab_code = $1
                AND h.worker_id = $2::text::uuid AND NOT h.deleted
                AND h.status IN ('aktif', 'calon_graduasi'))::int,
            (SELECT count(*) FROM graduations g WHERE g.kab_code = $1
                AND g.worker_id = $2::text::uuid AND NOT g.undone
                AND g.date >= $7 AND g.date < $8 AND g.kind = ANY ($9))::int,
            (SELECT count(*) FROM households h WHERE h.kab_code = $1
                AND h.worker_id = $2::text::uuid AND NOT h.deleted
                AND h.status = 'calon_graduasi')::int,
            (SELECT count(*) FROM activities a WHERE a.kab_code = $1
                AND a.worker_id = $2::text::uuid AND NOT a.deleted
                AND a.author_id = a.worker_id AND a.date >= $10 AND a.date <= $11)::int,
            (SELECT count(*) FROM activities a WHERE a.kab_code = $1
                AND a.worker_id = $2::text::uuid AND NOT a.deleted
                AND a.author_id = a.worker_id AND a.kind = 'p2k2'
                AND a.date >= $12 AND a.date <= $11)::int,
            (SELECT count(*) FROM households h WHERE h.kab_code = $1
                AND h.worker_id = $2::text::uuid AND NOT h.deleted
                AND h.status IN ('aktif', 'calon_graduasi') AND h.next_follow_up < $11)::int,
            (SELECT count(*) FROM households h WHERE h.kab_code = $1
                AND h.worker_id = $2::text::uuid AND NOT h.deleted
                AND h.status IN ('aktif', 'calon_graduasi')
                AND (h.last_visit IS NULL OR h.last_visit < $13))::int,
            $11, $14
         ON CONFLICT (kab_code, worker_id, year) DO UPDATE SET
            name = EXCLUDED.name, login = EXCLUDED.login, target = EXCLUDED.target,
            caseload = EXCLUDED.caseload, graduated = EXCLUDED.graduated,
            candidates = EXCLUDED.candidates, activities_30d = EXCLUDED.activities_30d,
            p2k2_month = EXCLUDED.p2k2_month, overdue = EXCLUDED.overdue,
            not_visited_90d = EXCLUDED.not_visited_90d, as_of = EXCLUDED.as_of,
            updated_at = EXCLUDED.updated_at
         WHERE r.kab_code = $1 AND (r.name, r.login, r.target, r.caseload, r.graduated,
                r.candidates, r.activities_30d, r.p2k2_month, r.overdue, r.not_visited_90d,
                r.as_of)
            IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.login, EXCLUDED.target,
                EXCLUDED.caseload, EXCLUDED.graduated, EXCLUDED.candidates,
                EXCLUDED.activities_30d, EXCLUDED.p2k2_month, EXCLUDED.overdue,
                EXCLUDED.not_visited_90d, EXCLUDED.as_of)";

    /// One regency's facilitators' figures (a korkab's roll-up).
    pub const ROLLUP_KAB: &str =
        "SELECT worker_id::text AS worker_id, name, login, kab_code::text AS kab_code, target,
            caseload, graduated, candidates, activities_30d, p2k2_month, overdue,
            not_visited_90d, as_of
         FROM team_rollup WHERE kab_code = $1 AND year = $2 ORDER BY name, login";
    /// One facilitator's own figures.
    pub const ROLLUP_ONE: &str =
        "SELECT worker_id::text AS worker_id, name, login, kab_code::text AS kab_code, target,
            caseload, graduated, candidates, activities_30d, p2k2_month, overdue,
            not_visited_90d, as_of
         FROM team_rollup WHERE kab_code = $1 AND worker_id = $2::text::uuid AND year = $3";

    pub const ALL: &[&str] = &[
        PUSH_STORED,
        PUSH_STORE,
        CASELOAD_ENSURE,
        CASELOAD_LOCK,
        CASELOAD_HEAD,
        CASELOAD_HEADS,
        CASELOAD_SET,
        DEVICE_HEAD,
        DEVICE_HEAD_SET,
        LOG_KNOWN,
        LOG_INSERT,
        LOG_PAGE,
        LOG_HASH_AT,
        LOG_CHAIN,
        QUARANTINE_INSERT,
        NIK_HOLDERS,
        ROLLUP_REFRESH,
        ROLLUP_KAB,
        ROLLUP_ONE,
    ];
}

pub mod nik {
    /// Who holds these NIKs.
    pub const CLAIMS: &str = "SELECT nik::text AS nik, kab_code::text AS kab_code,
            household_id::text AS household_id
         FROM nik_claims WHERE nik = ANY ($1::text[])";
    /// Claims NIKs not claimed yet; returns the ones this statement claimed (a claim made by
    /// another transaction at the same time waits for it, then is not returned).
    pub const CLAIM: &str = "INSERT INTO nik_claims (nik, kab_code, household_id)
         SELECT u.nik, $1, u.household_id::uuid
         FROM unnest($2::text[], $3::text[]) AS u(nik, household_id)
         ON CONFLICT (nik) DO NOTHING RETURNING nik::text AS nik";
    /// Moves a claim to another household of the same regency (its holder no longer has it).
    pub const TAKE_OVER: &str = "UPDATE nik_claims SET household_id = $4::text::uuid
         WHERE nik = $1 AND kab_code = $2 AND household_id = $3::text::uuid";

    pub const ALL: &[&str] = &[CLAIMS, CLAIM, TAKE_OVER];
}

pub mod reference {
    /// A device by its token's hash, with its worker.
    pub const AUTH: &str = "SELECT d.id::text AS id, d.worker_id::text AS worker_id,
            d.revoked_at IS NOT NULL AS revoked, w.kab_code::text AS kab_code, w.role, w.scope,
            w.login
         FROM devices d JOIN workers w ON w.id = d.worker_id
         WHERE d.token_sha256 = $1";
    pub const ENROLL_CODE: &str =
        "SELECT worker_id::text AS worker_id, used_at IS NOT NULL AS used,
            expires_at < $2 AS expired
         FROM enroll_codes WHERE code_sha256 = $1 FOR UPDATE";
    pub const ENROLL_USE: &str = "UPDATE enroll_codes SET used_at = $2, device_id = $3::text::uuid
         WHERE code_sha256 = $1";
    pub const DEVICE_INSERT: &str = "INSERT INTO devices (id, worker_id, name, token_sha256,
            created_at)
         VALUES ($1::text::uuid, $2::text::uuid, $3, $4, $5)";
    pub const WORKER: &str = "SELECT to_jsonb(w) AS row FROM workers w WHERE w.id = $1::text::uuid";
    pub const WORKER_BY_LOGIN: &str =
        "SELECT id::text AS id, kab_code::text AS kab_code, role, name
         FROM workers WHERE login = $1";
    pub const WORKERS_OF_KAB: &str = "SELECT to_jsonb(w) AS row FROM workers w
         WHERE w.kab_code = $1 ORDER BY w.role, w.name, w.login";
    pub const FACILITATORS_OF_KAB: &str = "SELECT id::text AS id FROM workers
         WHERE kab_code = $1 AND role = 'facilitator' ORDER BY name, login";
    pub const WORKERS_KNOWN: &str = "SELECT id::text AS id FROM workers
         WHERE id = ANY ($1::text[]::uuid[])";
    pub const REGION_NAMES: &str = "SELECT kab_code::text AS kab_code, name FROM regions
         WHERE kab_code = ANY ($1::text[])";

    // The admin commands (`pilar server load|enroll`), as the database owner.
    pub const REGION_UPSERT: &str = "INSERT INTO regions AS r (kab_code, prov_code, name)
         VALUES ($1, $2, $3)
         ON CONFLICT (kab_code) DO UPDATE SET name = EXCLUDED.name
         WHERE r.name = '' AND EXCLUDED.name <> ''";
    pub const WORKER_UPSERT: &str = "INSERT INTO workers AS w (id, name, login, role,
            annual_target, supervisor_id, created_at, updated_at, author_id, kab_code,
            prov_code, scope)
         SELECT r.id, r.name, r.login, r.role, r.annual_target, r.supervisor_id, r.created_at,
                r.updated_at, r.author_id, r.kab_code, r.prov_code, r.scope
         FROM jsonb_populate_record(NULL::workers, $1) r
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role,
            annual_target = EXCLUDED.annual_target, supervisor_id = EXCLUDED.supervisor_id,
            updated_at = EXCLUDED.updated_at, kab_code = EXCLUDED.kab_code,
            prov_code = EXCLUDED.prov_code, scope = EXCLUDED.scope
         WHERE (w.name, w.role, w.annual_target, w.supervisor_id, w.updated_at, w.kab_code,
                w.prov_code, w.scope)
            IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.role, EXCLUDED.annual_target,
                EXCLUDED.supervisor_id, EXCLUDED.updated_at, EXCLUDED.kab_code,
                EXCLUDED.prov_code, EXCLUDED.scope)";
    pub const WORKER_LOGIN_ID: &str = "SELECT id::text AS id FROM workers WHERE login = $1";
    pub const ENROLL_CODE_INSERT: &str = "INSERT INTO enroll_codes (code_sha256, worker_id,
            created_at, expires_at)
         VALUES ($1, $2::text::uuid, $3, $4)";
    pub const DEVICE_REVOKE: &str = "UPDATE devices SET revoked_at = $2
         WHERE id = $1::text::uuid AND revoked_at IS NULL";
    pub const DEVICE_EXISTS: &str = "SELECT 1 AS found FROM devices WHERE id = $1::text::uuid";
    pub const DEVICE_LIST: &str = "SELECT d.id::text AS id, w.login, d.name, d.created_at,
            d.revoked_at
         FROM devices d JOIN workers w ON w.id = d.worker_id
         WHERE ($1::text IS NULL OR w.login = $1)
         ORDER BY d.created_at, d.id";

    pub const ALL: &[&str] = &[
        AUTH,
        ENROLL_CODE,
        ENROLL_USE,
        DEVICE_INSERT,
        WORKER,
        WORKER_BY_LOGIN,
        WORKERS_OF_KAB,
        FACILITATORS_OF_KAB,
        WORKERS_KNOWN,
        REGION_NAMES,
        REGION_UPSERT,
        WORKER_UPSERT,
        WORKER_LOGIN_ID,
        ENROLL_CODE_INSERT,
        DEVICE_REVOKE,
        DEVICE_EXISTS,
        DEVICE_LIST,
    ];
}

pub mod multi_shard {
    /// Per-regency sums of a province (`$2` = its 2 digits) or of the country (`$2` NULL).
    pub const ROLLUP_REGENCIES: &str =
        "SELECT kab_code::text AS kab_code, count(*) AS facilitators,
            sum(target) AS target, sum(caseload) AS caseload, sum(graduated) AS graduated,
            sum(candidates) AS candidates, sum(activities_30d) AS activities_30d,
            sum(p2k2_month) AS p2k2_month, sum(overdue) AS overdue,
            sum(not_visited_90d) AS not_visited_90d
         FROM team_rollup
         WHERE year = $1 AND ($2::text IS NULL OR kab_code::text LIKE $2 || '%')
         GROUP BY kab_code ORDER BY kab_code";

    pub const ALL: &[&str] = &[ROLLUP_REGENCIES];
}

/// Statements built from a table's catalog entry (all single-shard).
#[derive(Debug, Clone)]
pub struct TableSql {
    /// Current rows by key: `$1` kab, `$2` ids (for `activity_households`, `$2` activity
    /// ids and `$3` household ids, pairwise).
    pub by_keys: String,
    /// Rows of a stream: changed in `($3, $4]`, or named by `$5` (ids; for
    /// `activity_households` the activity ids).
    pub page: String,
    /// Rows of a stream changed after `$3` among the ids `$4` (parents of a page).
    pub parents: String,
    /// How many rows of a stream changed at each seq in `($3, $4]`.
    pub plan: String,
    /// Inserts or updates the rows of `$2` (a JSON array of whole rows), all of regency
    /// `$1`; a row identical to the stored one is left alone. Returns the written keys.
    pub upsert: String,
}

/// The catalog-built statements of one synced table.
pub fn table_statements(t: &Table) -> TableSql {
    let name = t.name;
    let composite = t.key.len() > 1;
    let by_keys = if composite {
        format!(
            "SELECT to_jsonb(t) AS row FROM {name} t WHERE t.kab_code = $1
             AND (t.activity_id, t.household_id) IN
                 (SELECT a::uuid, h::uuid FROM unnest($2::text[], $3::text[]) AS k(a, h))"
        )
    } else {
        format!(
            "SELECT to_jsonb(t) AS row FROM {name} t WHERE t.kab_code = $1
             AND t.id = ANY ($2::text[]::uuid[])"
        )
    };
    let first = if composite { "activity_id" } else { "id" };
    let page = format!(
        "SELECT to_jsonb(t) AS row FROM {name} t WHERE t.kab_code = $1
         AND t.caseload_id = $2::text::uuid
         AND ((t.row_seq > $3 AND t.row_seq <= $4) OR t.{first} = ANY ($5::text[]::uuid[]))"
    );
    let parents = format!(
        "SELECT to_jsonb(t) AS row FROM {name} t WHERE t.kab_code = $1
         AND t.caseload_id = $2::text::uuid AND t.row_seq > $3
         AND t.{first} = ANY ($4::text[]::uuid[])"
    );
    let plan = format!(
        "SELECT row_seq, count(*) AS n FROM {name} t WHERE t.kab_code = $1
         AND t.caseload_id = $2::text::uuid AND t.row_seq > $3 AND t.row_seq <= $4
         GROUP BY row_seq"
    );
    let keys: Vec<&str> = t.key.iter().map(String::as_str).collect();
    let mut all: Vec<String> = vec!["kab_code".into()];
    all.extend(t.columns.iter().map(|c| c.name.clone()));
    all.push("caseload_id".into());
    all.push("row_seq".into());
    let set: Vec<&String> = all
        .iter()
        .filter(|c| *c != "kab_code" && !keys.contains(&c.as_str()))
        .collect();
    let compared: Vec<&&String> = set
        .iter()
        .filter(|c| c.as_str() != "row_seq" && c.as_str() != "caseload_id")
        .collect();
    let q = |c: &str| format!("\"{c}\"");
    let upsert = format!(
        "INSERT INTO {name} AS t ({cols})
         SELECT {rcols} FROM jsonb_populate_recordset(NULL::{name}, $2) r WHERE r.kab_code = $1
         ON CONFLICT (kab_code, {keys}) DO UPDATE SET ({set}) = ({excluded})
         WHERE ({old}) IS DISTINCT FROM ({new})
         RETURNING {ret}",
        cols = all.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
        rcols = all
            .iter()
            .map(|c| format!("r.{}", q(c)))
            .collect::<Vec<_>>()
            .join(", "),
        keys = keys.join(", "),
        set = set.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
        excluded = set
            .iter()
            .map(|c| format!("EXCLUDED.{}", q(c)))
            .collect::<Vec<_>>()
            .join(", "),
        old = compared
            .iter()
            .map(|c| format!("t.{}", q(c)))
            .collect::<Vec<_>>()
            .join(", "),
        new = compared
            .iter()
            .map(|c| format!("EXCLUDED.{}", q(c)))
            .collect::<Vec<_>>()
            .join(", "),
        ret = keys
            .iter()
            .map(|k| format!("t.{k}::text"))
            .collect::<Vec<_>>()
            .join(" || ':' || ")
            + " AS key",
    );
    TableSql {
        by_keys,
        page,
        parents,
        plan,
        upsert,
    }
}
