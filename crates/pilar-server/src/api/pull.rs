//! The reading side of the API (moved out of `api`): a caseload's pull pages and the rows
//! they carry, a supervisor's team pull, and the roll-up.

#[allow(unused_imports)]
use super::*;

/// Rows changed (or named) in a stream's seq range, with the parents the laptop may not
/// have yet (changed after `after`), by table.
pub(super) async fn stream_rows(
    tx: &Transaction<'_>,
    cat: &Catalog,
    kab: &str,
    worker: &str,
    after: i64,
    upto: i64,
    named: &BTreeMap<&str, BTreeSet<String>>,
) -> Result<TableRows, tokio_postgres::Error> {
    let mut out: BTreeMap<&'static str, BTreeMap<String, Map<String, Value>>> = BTreeMap::new();
    for table in &cat.tables {
        let ids: Vec<&String> = named
            .get(table.name)
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        let stmt = table_statements(table);
        let rows = tx
            .query(&stmt.page, &[&kab, &worker, &after, &upto, &ids])
            .await?;
        let map = out.entry(table.name).or_default();
        for r in rows {
            if let Value::Object(o) = r.get::<_, Value>("row") {
                map.insert(table.json_key(&o), o);
            }
        }
    }
    // Parents, children first: an activity's graduation, then everyone's household.
    for parent in ["activities", "graduations", "households", "p2k2_groups"] {
        let Some(ptable) = cat.table(parent) else {
            continue;
        };
        let mut missing = BTreeSet::new();
        for table in &cat.tables {
            for (col, p) in &table.parents {
                if p != parent {
                    continue;
                }
                for row in out.get(table.name).into_iter().flat_map(|m| m.values()) {
                    if let Some(id) = row.get(col).and_then(Value::as_str)
                        && !out.get(parent).is_some_and(|m| m.contains_key(id))
                    {
                        missing.insert(id.to_string());
                    }
                }
            }
        }
        if missing.is_empty() {
            continue;
        }
        let ids: Vec<String> = missing.into_iter().collect();
        let stmt = table_statements(ptable);
        for r in tx
            .query(&stmt.parents, &[&kab, &worker, &after, &ids])
            .await?
        {
            if let Value::Object(o) = r.get::<_, Value>("row") {
                out.entry(ptable.name)
                    .or_default()
                    .insert(ptable.json_key(&o), o);
            }
        }
    }
    let mut rows = TableRows::new();
    for table in &cat.tables {
        if let Some(map) = out.get(table.name)
            && !map.is_empty()
        {
            rows.insert(
                table.name.to_string(),
                map.values().map(|o| row_from_pg(table, o)).collect(),
            );
        }
    }
    Ok(rows)
}

/// The last seq of a page starting after `after`: entries and rows count one each, seq by
/// seq, until `limit` (at least one seq), and never past `head`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn plan_page(
    tx: &Transaction<'_>,
    cat: &Catalog,
    kab: &str,
    worker: &str,
    after: i64,
    head: i64,
    limit: i64,
    with_entries: bool,
) -> Result<i64, tokio_postgres::Error> {
    let end = if with_entries {
        head.min(after.saturating_add(limit))
    } else {
        head
    };
    let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
    if with_entries {
        for r in tx
            .query(sql::single_shard::LOG_PAGE, &[&kab, &worker, &after, &end])
            .await?
        {
            *counts.entry(r.get("seq")).or_default() += 1;
        }
    }
    for table in &cat.tables {
        let stmt = table_statements(table);
        for r in tx.query(&stmt.plan, &[&kab, &worker, &after, &end]).await? {
            *counts.entry(r.get("row_seq")).or_default() += r.get::<_, i64>("n");
        }
    }
    let mut total = 0;
    let mut upto = after;
    for (seq, n) in counts {
        if total > 0 && total + n > limit {
            return Ok(upto);
        }
        total += n;
        upto = seq;
    }
    Ok(end)
}

pub(super) fn page_limit(limit: Option<u32>) -> Result<i64, ApiError> {
    match limit {
        None => Ok(i64::from(MAX_PAGE)),
        Some(0) => Err(ApiError::bad("limit must be at least 1")),
        Some(n) if n > MAX_PAGE => Err(ApiError::bad(format!("limit is at most {MAX_PAGE}"))),
        Some(n) => Ok(i64::from(n)),
    }
}

/// A stream's entries with `after < seq <= upto`, in seq order, and the records they name
/// by table (a pull brings those rows too). The facilitator's pull and the team pull share
/// it.
pub(super) async fn stream_entries(
    tx: &Transaction<'_>,
    kab: &str,
    me: &str,
    after: i64,
    upto: i64,
) -> Result<(Vec<StreamEntry>, BTreeMap<&'static str, BTreeSet<String>>), tokio_postgres::Error> {
    let mut entries = Vec::new();
    let mut named: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for r in tx
        .query(sql::single_shard::LOG_PAGE, &[&kab, &me, &after, &upto])
        .await?
    {
        let table: String = r.get("table_name");
        let record: String = r.get("record_id");
        let at: chrono::DateTime<Utc> = r.get("created_at");
        let key = CASELOAD_TABLES
            .iter()
            .copied()
            .find(|t| *t == table.as_str() && *t != "activity_households");
        if let Some(k) = key {
            named.entry(k).or_default().insert(record.clone());
        }
        if matches!(table.as_str(), "activities" | "activity_households") {
            named
                .entry("activity_households")
                .or_default()
                .insert(record.clone());
        }
        entries.push(StreamEntry {
            seq: r.get("seq"),
            entry: sync::Entry {
                id: r.get("id"),
                table,
                record_id: record,
                field: r.get("field"),
                old: r.get("old_value"),
                new: r.get("new_value"),
                at: format_time(&at),
                author: r.get("author_id"),
            },
            hash: r.get("hash"),
        });
    }
    Ok((entries, named))
}

pub(super) async fn pull(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> ApiResult {
    let device = authenticate(&state, &headers).await?;
    let Query(q) = query.map_err(|e| ApiError::bad(format!("bad query: {e}")))?;
    let limit = page_limit(q.limit)?;
    if q.after < 0 {
        return Err(ApiError::bad("after must not be negative"));
    }
    let anchor = match (q.anchor_seq, &q.anchor_hash) {
        (Some(seq), Some(hash)) => Some(ChainPoint {
            seq,
            hash: hash.clone(),
        }),
        (None, None) => None,
        _ => return Err(ApiError::bad("anchor_seq and anchor_hash go together")),
    };
    let page = with_retry!(pull_once(&state, &device, &q, limit, anchor.as_ref()).await)?;
    Ok(ok(&headers, Some(&device), &page))
}

pub(super) async fn pull_once(
    state: &AppState,
    device: &Device,
    q: &PullQuery,
    limit: i64,
    anchor: Option<&ChainPoint>,
) -> Result<PullResponse, ApiError> {
    let cat = &state.catalog;
    let mut client = state.pool.get().await?;
    // One snapshot for the whole page.
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let kab = device.kab.as_str();
    let me = device.worker_id.as_str();
    tx.execute(sql::SET_KAB, &[&kab]).await?;
    let anchor_seq = check_anchor(&tx, kab, device, anchor).await?;
    let head: i64 = tx
        .query_opt(sql::single_shard::CASELOAD_HEAD, &[&kab, &me])
        .await?
        .map_or(0, |r| r.get("seq"));
    if q.after > head {
        return Err(ApiError::bad(format!(
            "after {} is beyond the caseload's head {head}",
            q.after
        )));
    }
    let upto = plan_page(&tx, cat, kab, me, q.after, head, limit, true).await?;
    let (entries, named) = stream_entries(&tx, kab, me, q.after, upto).await?;
    let rows = stream_rows(&tx, cat, kab, me, q.after, upto, &named).await?;
    let chain_hash: String = tx
        .query_opt(sql::single_shard::LOG_HASH_AT, &[&kab, &me, &upto])
        .await?
        .map_or(String::new(), |r| r.get("hash"));
    let workers = workers_of(&tx, cat, kab).await?;
    tx.commit().await?;
    Ok(PullResponse {
        head,
        after: q.after,
        upto,
        more: upto < head,
        entries,
        rows,
        chain: ChainPoint {
            seq: upto,
            hash: chain_hash,
        },
        workers,
        anchor_seq,
    })
}

pub(super) async fn team_pull(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let device = authenticate(&state, &headers).await?;
    let req: TeamPullRequest = read_json(&headers, body).await?;
    if device.role != Role::Supervisor || !device.scope.starts_with("kab:") {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "a team pull is for a regency's supervisors",
        ));
    }
    let limit = page_limit(req.limit)?;
    if req.cursors.values().any(|c| *c < 0) {
        return Err(ApiError::bad("a cursor must not be negative"));
    }
    let answer = with_retry!(team_pull_once(&state, &device, &req, limit).await)?;
    Ok(ok(&headers, Some(&device), &answer))
}

pub(super) async fn team_pull_once(
    state: &AppState,
    device: &Device,
    req: &TeamPullRequest,
    limit: i64,
) -> Result<TeamPullResponse, ApiError> {
    let cat = &state.catalog;
    let mut client = state.pool.get().await?;
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let kab = device.kab.as_str();
    tx.execute(sql::SET_KAB, &[&kab]).await?;
    let heads: BTreeMap<String, i64> = tx
        .query(sql::single_shard::CASELOAD_HEADS, &[&kab])
        .await?
        .iter()
        .map(|r| (r.get("worker_id"), r.get("seq")))
        .collect();
    let mut caseloads = Vec::new();
    for r in tx
        .query(sql::reference::FACILITATORS_OF_KAB, &[&kab])
        .await?
    {
        let worker: String = r.get("id");
        let head = heads.get(&worker).copied().unwrap_or(0);
        let after = req.cursors.get(&worker).copied().unwrap_or(0).min(head);
        let (upto, rows, entries) = if after >= head {
            (head, TableRows::new(), Vec::new())
        } else {
            // Entries count in the page's size, as in the facilitator's own pull.
            let upto = plan_page(&tx, cat, kab, &worker, after, head, limit, true).await?;
            let (entries, named) = stream_entries(&tx, kab, &worker, after, upto).await?;
            let rows = stream_rows(&tx, cat, kab, &worker, after, upto, &named).await?;
            (upto, rows, entries)
        };
        caseloads.push(TeamCaseload {
            worker_id: worker,
            head,
            after,
            upto,
            more: upto < head,
            rows,
            entries,
        });
    }
    let workers = workers_of(&tx, cat, kab).await?;
    tx.commit().await?;
    Ok(TeamPullResponse { caseloads, workers })
}

pub(super) async fn rollup(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<RollupQuery>, QueryRejection>,
) -> ApiResult {
    let device = authenticate(&state, &headers).await?;
    let Query(q) = query.map_err(|e| ApiError::bad(format!("bad query: {e}")))?;
    let own = RollupScope::parse(&device.scope).unwrap_or(RollupScope::Kab(device.kab.clone()));
    let scope = match &q.scope {
        None => own.clone(),
        Some(s) => RollupScope::parse(s)
            .ok_or_else(|| ApiError::bad("scope is kab:NNNN, prov:NN or nasional"))?,
    };
    if !own.covers(&scope) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "that scope is outside yours",
        ));
    }
    let year = q.year.unwrap_or_else(|| state.today().year());
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::bad("year out of range"));
    }
    let answer = with_retry!(rollup_once(&state, &device, &own, &scope, year).await)?;
    Ok(ok(&headers, Some(&device), &answer))
}

pub(super) async fn rollup_once(
    state: &AppState,
    device: &Device,
    own: &RollupScope,
    scope: &RollupScope,
    year: i32,
) -> Result<RollupResponse, ApiError> {
    let mut client = state.pool.get().await?;
    let tx = client.build_transaction().read_only(true).start().await?;
    tx.batch_execute(&format!("SET LOCAL ROLE {REPORT_ROLE}"))
        .await?;
    let person = |r: &tokio_postgres::Row| FacilitatorRollup {
        worker_id: r.get("worker_id"),
        name: r.get("name"),
        login: r.get("login"),
        kab_code: r.get("kab_code"),
        target: i64::from(r.get::<_, i32>("target")),
        caseload: i64::from(r.get::<_, i32>("caseload")),
        graduated: i64::from(r.get::<_, i32>("graduated")),
        candidates: i64::from(r.get::<_, i32>("candidates")),
        activities_30d: i64::from(r.get::<_, i32>("activities_30d")),
        p2k2_month: i64::from(r.get::<_, i32>("p2k2_month")),
        overdue: i64::from(r.get::<_, i32>("overdue")),
        not_visited_90d: i64::from(r.get::<_, i32>("not_visited_90d")),
        as_of: r.get::<_, NaiveDate>("as_of").to_string(),
    };
    let mut facilitators = Vec::new();
    let mut regencies = Vec::new();
    if device.role == Role::Facilitator {
        // A facilitator sees their own figures only.
        for r in tx
            .query(
                sql::single_shard::ROLLUP_ONE,
                &[&device.kab, &device.worker_id, &year],
            )
            .await?
        {
            facilitators.push(person(&r));
        }
    } else if let (RollupScope::Kab(k), RollupScope::Kab(_)) = (scope, own) {
        for r in tx.query(sql::single_shard::ROLLUP_KAB, &[k, &year]).await? {
            facilitators.push(person(&r));
        }
    } else {
        let prefix: Option<String> = match scope {
            RollupScope::Kab(k) => Some(k.clone()),
            RollupScope::Prov(p) => Some(p.clone()),
            RollupScope::Nasional => None,
        };
        for r in tx
            .query(sql::multi_shard::ROLLUP_REGENCIES, &[&year, &prefix])
            .await?
        {
            let n = |column: &str| r.get::<_, Option<i64>>(column).unwrap_or(0);
            regencies.push(RegencyRollup {
                kab_code: r.get("kab_code"),
                facilitators: r.get("facilitators"),
                target: n("target"),
                caseload: n("caseload"),
                graduated: n("graduated"),
                candidates: n("candidates"),
                activities_30d: n("activities_30d"),
                p2k2_month: n("p2k2_month"),
                overdue: n("overdue"),
                not_visited_90d: n("not_visited_90d"),
            });
        }
    }
    tx.commit().await?;
    Ok(RollupResponse {
        scope: scope.key(),
        year,
        facilitators,
        regencies,
    })
}
