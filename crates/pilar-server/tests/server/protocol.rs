//! Enrolment, pull and push, team pull, roll-up, and bad input.

use std::collections::BTreeSet;
use std::io::Write;

use pilar_core::sync::{Cell, ChainPoint, FieldRef, PullResponse, PushResponse, TableRows};
use serde_json::json;

use crate::common::*;

#[test]
fn enrolment_codes_work_once_expire_and_devices_can_be_revoked() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let code = fx.h.enroll_code("siti");
    assert_eq!(code.len(), 19);
    // The code is stored hashed, never as typed.
    assert_eq!(
        fx.h.count(&format!(
            "SELECT count(*) FROM enroll_codes WHERE encode(code_sha256, 'escape') LIKE '%{}%'",
            &code[..4]
        )),
        0
    );
    // Another login's worker id on this laptop: refused, the code stays good.
    let a = fx.http.post(
        "/v1/enroll",
        &json!({"code": code, "worker_id": fx.id("p0002")}),
    );
    assert_eq!((a.status, a.code()), (409, "worker_mismatch"), "{}", a.json);
    // Typed loosely (lower case, spaces): accepted once.
    let loose = code.to_lowercase().replace('-', " ");
    let a = fx.http.post(
        "/v1/enroll",
        &json!({"code": loose, "device_name": "laptop", "worker_id": siti}),
    );
    assert_eq!(a.status, 200, "{}", a.json);
    let token = a.json["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    assert_eq!(a.json["role"], "facilitator");
    assert_eq!(a.json["kab_code"], "3324");
    assert_eq!(a.json["worker"]["login"], "siti");
    assert!(a.json["workers"].as_array().unwrap().len() >= 3);
    // The token is stored as its SHA-256 only.
    assert_eq!(
        fx.h.count(&format!(
            "SELECT count(*) FROM devices WHERE token_sha256 = sha256('{token}'::bytea)"
        )),
        1
    );
    let again = fx.http.post("/v1/enroll", &json!({"code": code}));
    assert_eq!((again.status, again.code()), (403, "enroll_code_used"));
    let unknown = fx
        .http
        .post("/v1/enroll", &json!({"code": "AAAA-BBBB-CCCC-DDDD"}));
    assert_eq!(
        (unknown.status, unknown.code()),
        (403, "enroll_code_invalid")
    );
    let old = fx.h.enroll_code("siti");
    fx.h.sql(
        "UPDATE enroll_codes SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL",
    );
    let expired = fx.http.post("/v1/enroll", &json!({"code": old}));
    assert_eq!(
        (expired.status, expired.code()),
        (403, "enroll_code_expired")
    );

    let laptop = fx.http.authed(&token);
    assert_eq!(laptop.pull(0, None).status, 200);
    assert_eq!(fx.http.pull(0, None).code(), "unauthorized");
    assert_eq!(
        fx.http.authed(&"0".repeat(64)).pull(0, None).code(),
        "unauthorized"
    );
    let device = a.json["device_id"].as_str().unwrap().to_string();
    let c = fx.h.pg();
    assert!(
        fx.h.block_on(pilar_server::admin::revoke(&c, &device, chrono::Utc::now()))
            .unwrap()
    );
    let revoked = laptop.pull(0, None);
    assert_eq!((revoked.status, revoked.code()), (401, "token_revoked"));
    let list =
        fx.h.block_on(pilar_server::admin::devices(&c, Some("siti")))
            .unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].revoked_at.is_some());
}

/// Sorted rows of a table, to compare sets.
fn sorted(rows: &TableRows, table: &str) -> Vec<String> {
    let mut v: Vec<String> = rows
        .get(table)
        .map(|r| {
            r.iter()
                .map(|x| serde_json::to_string(x).unwrap())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_push_comes_back_by_pull_value_for_value_with_its_chain() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    let household = text(&rows["households"][0], "id").to_string();
    let entries = vec![
        entry(
            "households",
            &household,
            "status",
            Some("aktif"),
            Some("calon_graduasi"),
            &siti,
        ),
        entry("households", &household, "phone", None, Some("0812"), &siti),
    ];
    let mut p = push_req(0, entries.clone(), rows.clone(), 2);
    p.open_conflicts = vec![];
    let a = laptop.push(&p);
    assert_eq!(a.status, 200, "{}", a.json);
    let r: PushResponse = serde_json::from_value(a.json).unwrap();
    assert_eq!(r.seq, 2);
    assert!(r.quarantined.is_empty(), "{:?}", r.quarantined);
    assert_eq!(r.rows_applied, count_rows(&rows));
    assert_eq!(
        r.accepted.iter().map(|x| x.seq).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(r.anchor_seq, 2);

    // A second laptop of the same facilitator restores everything, in small pages.
    let (other, _) = fx.device("siti");
    let mut after = 0;
    let mut got = TableRows::new();
    let mut pulled = Vec::new();
    let mut pages = 0;
    loop {
        let a = other.get(&format!("/v1/pull?after={after}&limit=100"));
        assert_eq!(a.status, 200, "{}", a.json);
        let page: PullResponse = serde_json::from_value(a.json).unwrap();
        pages += 1;
        // Every row's household is in this page or an earlier one.
        let known: BTreeSet<String> = got
            .get("households")
            .into_iter()
            .chain(page.rows.get("households"))
            .flatten()
            .map(|h| text(h, "id").to_string())
            .collect();
        for (t, list) in &page.rows {
            for row in list {
                if let Some(Cell::Text(h)) = row.get("household_id") {
                    assert!(known.contains(h), "{t} row before its household");
                }
            }
        }
        for (t, list) in page.rows {
            got.entry(t).or_default().extend(list);
        }
        pulled.extend(page.entries);
        assert!(page.upto > after || page.head == after);
        after = page.upto;
        if !page.more {
            assert_eq!(page.chain.seq, 2);
            assert_eq!(page.chain.hash, r.chain.hash);
            break;
        }
    }
    assert!(pages > 1, "limit 100 pages the restore");
    for t in pilar_core::sync::CASELOAD_TABLES {
        let mut dedup = TableRows::new();
        let mut seen = BTreeSet::new();
        for row in got.get(t).cloned().unwrap_or_default() {
            if seen.insert(serde_json::to_string(&row).unwrap()) {
                dedup.entry(t.to_string()).or_default().push(row);
            }
        }
        assert_eq!(sorted(&dedup, t), sorted(&rows, t), "table {t} round trip");
    }
    assert_eq!(pulled.len(), 2);
    let mut prev = String::new();
    for (i, e) in pulled.iter().enumerate() {
        assert_eq!(e.entry, entries[i]);
        assert_eq!(e.seq, i as i64 + 1);
        assert_eq!(e.hash, pilar_core::chain::entry_hash(&e.entry.chain(&prev)));
        prev = e.hash.clone();
    }
    // The supervisor's team pull has the rows (no history); the roll-up has the figures.
    let (korkab, _) = fx.device("korkab");
    let a = korkab.post("/v1/team/pull", &json!({}));
    assert_eq!(a.status, 200, "{}", a.json);
    let siti_rows = a.json["caseloads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["worker_id"] == siti.as_str())
        .unwrap()
        .clone();
    assert_eq!(siti_rows["head"], 2);
    assert_eq!(
        siti_rows["rows"]["households"].as_array().unwrap().len(),
        rows["households"].len()
    );
    let again = korkab.post("/v1/team/pull", &json!({"cursors": {siti.clone(): 2}}));
    assert!(
        again.json["caseloads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["rows"] == json!({}))
    );
    let roll = korkab.get("/v1/rollup");
    assert_eq!(roll.status, 200, "{}", roll.json);
    let me = roll.json["facilitators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["login"] == "siti")
        .unwrap()
        .clone();
    let active = rows["households"]
        .iter()
        .filter(|h| matches!(text(h, "status"), "aktif" | "calon_graduasi"))
        .filter(|h| h.get("deleted") == Some(&Cell::Integer(0)))
        .count();
    assert_eq!(me["caseload"], active as i64);
    assert_eq!(me["as_of"], "2026-06-15");
    // A facilitator sees their own row only; a korkab nothing outside the regency.
    let own = laptop.get("/v1/rollup");
    assert_eq!(own.json["facilitators"].as_array().unwrap().len(), 1);
    assert_eq!(korkab.get("/v1/rollup?scope=prov:33").code(), "forbidden");
    assert_eq!(korkab.get("/v1/rollup?scope=kab:3374").code(), "forbidden");
    assert_eq!(laptop.post("/v1/team/pull", &json!({})).code(), "forbidden");
    // A province login gets per-regency sums, without names.
    fx.h.sql(&format!(
        "UPDATE workers SET scope = 'prov:33' WHERE id = '{}'",
        fx.id("korkab")
    ));
    let prov = korkab.get("/v1/rollup?scope=prov:33");
    assert_eq!(prov.status, 200, "{}", prov.json);
    assert_eq!(prov.json["facilitators"], json!([]));
    let reg = &prov.json["regencies"][0];
    assert_eq!(reg["kab_code"], "3324");
    assert_eq!(reg["caseload"], active as i64);
    assert!(!prov.json.to_string().contains("Siti"));
    // A second pull from the head moves nothing.
    let a = other.pull(2, None);
    assert_eq!(a.json["entries"], json!([]));
    assert_eq!(a.json["rows"], json!({}));
}

#[test]
fn a_push_not_on_the_head_is_answered_pull_first() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (a_laptop, _) = fx.device("siti");
    let (b_laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    let h = text(&rows["households"][0], "id").to_string();
    let a = a_laptop.push(&push_req(0, vec![], rows, 0));
    assert_eq!(a.status, 200, "{}", a.json);
    let head = a.json["seq"].as_i64().unwrap();
    assert_eq!(head, 1, "a push of rows only takes one seq");
    let before = table_counts(&fx.h);
    let b = b_laptop.push(&push_req(
        0,
        vec![entry("households", &h, "phone", None, Some("1"), &siti)],
        TableRows::new(),
        1,
    ));
    assert_eq!((b.status, b.code()), (409, "pull_first"), "{}", b.json);
    assert_eq!(b.json["head"], head);
    assert_eq!(table_counts(&fx.h), before);
    let b = b_laptop.push(&push_req(
        head,
        vec![entry("households", &h, "phone", None, Some("1"), &siti)],
        TableRows::new(),
        1,
    ));
    assert_eq!(b.status, 200, "{}", b.json);
    assert_eq!(b.json["seq"], head + 1);
}

#[test]
fn another_facilitators_household_and_a_supervisors_non_note_are_quarantined_the_rest_applied() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let budi = fx.id("p0002").to_string();
    let korkab = fx.id("korkab").to_string();
    let (siti_laptop, _) = fx.device("siti");
    let (budi_laptop, _) = fx.device("p0002");
    let (korkab_laptop, _) = fx.device("korkab");
    let budi_rows = caseload(&fx.snap, &budi);
    assert_eq!(
        budi_laptop
            .push(&push_req(0, vec![], budi_rows.clone(), 0))
            .status,
        200
    );

    // Siti pushes her caseload plus one of Budi's households, changed.
    let mut rows = caseload(&fx.snap, &siti);
    let mut theirs = budi_rows["households"][0].clone();
    let theirs_id = text(&theirs, "id").to_string();
    theirs.insert("phone".into(), Cell::Text("0999".into()));
    rows.get_mut("households").unwrap().push(theirs);
    let mine = text(&rows["households"][0], "id").to_string();
    let entries = vec![
        entry("households", &theirs_id, "phone", None, Some("0999"), &siti),
        entry("households", &mine, "phone", None, Some("0811"), &siti),
    ];
    // A household of another regency.
    let mut outside = rows["households"][1].clone();
    let outside_id = new_id();
    outside.insert("id".into(), Cell::Text(outside_id.clone()));
    outside.insert("area_code".into(), Cell::Text("3374010001".into()));
    rows.get_mut("households").unwrap().push(outside);
    let a = siti_laptop.push(&push_req(0, entries, rows.clone(), 2));
    assert_eq!(a.status, 200, "{}", a.json);
    let r: PushResponse = serde_json::from_value(a.json).unwrap();
    let codes: BTreeSet<(String, String)> = r
        .quarantined
        .iter()
        .map(|q| (q.id.clone(), q.code.key().to_string()))
        .collect();
    assert!(
        codes.contains(&(theirs_id.clone(), "not_your_household".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(outside_id.clone(), "outside_regency".into())),
        "{codes:?}"
    );
    assert_eq!(r.quarantined.len(), 3, "{:?}", r.quarantined);
    assert_eq!(r.accepted.len(), 1);
    assert_eq!(r.rows_applied, count_rows(&rows) - 2);
    assert_eq!(
        fx.h.count(&format!(
            "SELECT count(*) FROM households WHERE id = '{theirs_id}' AND phone = '0999'"
        )),
        0
    );
    assert_eq!(fx.h.count("SELECT count(*) FROM sync_quarantine"), 3);

    // The supervisor: a note on Siti's household is filed in her stream; a visit and a
    // household edit are not.
    let siti_head = r.seq;
    let note = new_id();
    let visit = new_id();
    let activity = |id: &str, kind: &str| {
        let mut a = fx.snap.tables["activities"]
            .iter()
            .find(|a| text(a, "household_id") == mine)
            .unwrap()
            .clone();
        a.insert("id".into(), Cell::Text(id.into()));
        a.insert("kind".into(), Cell::Text(kind.into()));
        a.insert("author_id".into(), Cell::Text(korkab.clone()));
        a.insert("graduation_id".into(), Cell::Null);
        a.insert("p2k2_module".into(), Cell::Null);
        a.insert("p2k2_session".into(), Cell::Null);
        a
    };
    let mut sup_rows = TableRows::new();
    sup_rows.insert(
        "activities".into(),
        vec![activity(&note, "direktif"), activity(&visit, "kunjungan")],
    );
    sup_rows.insert("households".into(), vec![rows["households"][0].clone()]);
    let mut p = push_req(
        siti_head,
        vec![
            entry("activities", &note, "summary", None, Some("cek"), &korkab),
            entry("activities", &visit, "summary", None, Some("x"), &korkab),
        ],
        sup_rows,
        2,
    );
    p.caseload = Some(siti.clone());
    let a = korkab_laptop.push(&p);
    assert_eq!(a.status, 200, "{}", a.json);
    let r: PushResponse = serde_json::from_value(a.json).unwrap();
    let refused: BTreeSet<(String, String)> = r
        .quarantined
        .iter()
        .map(|q| (q.id.clone(), q.code.key().to_string()))
        .collect();
    assert!(
        refused.contains(&(visit.clone(), "supervisor_note_only".into())),
        "{refused:?}"
    );
    assert!(
        refused.contains(&(mine.clone(), "supervisor_note_only".into())),
        "{refused:?}"
    );
    assert_eq!(r.accepted.len(), 1);
    assert_eq!(r.rows_applied, 1);
    // Siti pulls the note.
    let a = siti_laptop.pull(siti_head, anchor(2).as_ref());
    assert_eq!(a.status, 200, "{}", a.json);
    let acts = a.json["rows"]["activities"].as_array().unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0]["id"], note.as_str());
    // A supervisor may not push into a facilitator of another regency, nor a facilitator
    // into anyone else's stream.
    let mut p = push_req(0, vec![], TableRows::new(), 0);
    p.caseload = Some(siti.clone());
    assert_eq!(budi_laptop.push(&p).code(), "forbidden");
}

#[test]
fn open_conflicts_keep_the_servers_value() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    assert_eq!(
        laptop.push(&push_req(0, vec![], rows.clone(), 0)).status,
        200
    );
    let mut h = rows["households"][0].clone();
    let id = text(&h, "id").to_string();
    let phone = text(&h, "phone").to_string();
    h.insert("phone".into(), Cell::Text("0000".into()));
    h.insert("rt".into(), Cell::Text("099".into()));
    let mut rs = TableRows::new();
    rs.insert("households".into(), vec![h]);
    let mut p = push_req(1, vec![], rs, 0);
    p.anchor = anchor(0);
    p.open_conflicts = vec![FieldRef {
        table: "households".into(),
        record_id: id.clone(),
        field: "phone".into(),
    }];
    let a = laptop.push(&p);
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!(
        fx.h.count(&format!(
            "SELECT count(*) FROM households WHERE id = '{id}' AND phone = '{phone}' AND rt = '099'"
        )),
        1
    );
}

#[test]
fn bad_requests_are_4xx_with_a_reason_and_change_nothing() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    assert_eq!(
        laptop.push(&push_req(0, vec![], rows.clone(), 0)).status,
        200
    );
    let before = table_counts(&fx.h);
    let check = |a: crate::common::Answer, status: u16, code: &str| {
        assert_eq!((a.status, a.code()), (status, code), "{}", a.json);
        assert!(!a.json["reason"].as_str().unwrap_or("").is_empty());
    };
    check(
        laptop.post_raw("/v1/push", b"{not json", &[]),
        400,
        "bad_request",
    );
    check(
        laptop.post(
            "/v1/push",
            &json!({"push_id": new_id(), "base_seq": "one", "laptop_head": {"seq": 0, "hash": ""}}),
        ),
        400,
        "bad_request",
    );
    check(
        laptop.post(
            "/v1/push",
            &json!({"push_id": "not-a-uuid", "base_seq": 1, "laptop_head": {"seq": 0, "hash": ""}}),
        ),
        400,
        "bad_request",
    );
    let mut odd = rows["households"][0].clone();
    odd.insert("shoe_size".into(), Cell::Integer(42));
    let mut rs = TableRows::new();
    rs.insert("households".into(), vec![odd]);
    check(laptop.push(&push_req(1, vec![], rs, 0)), 400, "bad_request");
    let mut rs = TableRows::new();
    rs.insert("passwords".into(), vec![]);
    check(laptop.push(&push_req(1, vec![], rs, 0)), 400, "bad_request");
    let mut short = rows["households"][0].clone();
    short.remove("phone");
    let mut rs = TableRows::new();
    rs.insert("households".into(), vec![short]);
    check(laptop.push(&push_req(1, vec![], rs, 0)), 400, "bad_request");
    let mut wrong = rows["households"][0].clone();
    wrong.insert("desil".into(), Cell::Text("tiga".into()));
    let mut rs = TableRows::new();
    rs.insert("households".into(), vec![wrong]);
    check(laptop.push(&push_req(1, vec![], rs, 0)), 400, "bad_request");
    let h = text(&rows["households"][0], "id").to_string();
    check(
        laptop.push(&push_req(
            1,
            vec![entry("households", &h, "colour", None, None, &siti)],
            TableRows::new(),
            0,
        )),
        400,
        "bad_request",
    );
    // Over 8 MiB, plain and as a gzip bomb.
    let big = vec![b' '; pilar_core::sync::MAX_BODY_BYTES + 10];
    // Refused by its length: the server may answer 413 and close before the client has
    // sent it all (then the client sees the connection closed).
    if let Some(a) = laptop.post_raw_or_closed("/v1/push", &big, &[]) {
        check(a, 413, "too_large");
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&big).unwrap();
    let bomb = gz.finish().unwrap();
    check(
        laptop.post_raw("/v1/push", &bomb, &[("Content-Encoding", "gzip")]),
        413,
        "too_large",
    );
    check(
        laptop.post_raw("/v1/push", b"x", &[("Content-Encoding", "br")]),
        400,
        "bad_request",
    );
    // Too many entries for one push.
    let many: Vec<_> = (0..2001)
        .map(|_| entry("households", &h, "phone", None, None, &siti))
        .collect();
    check(
        laptop.push(&push_req(1, many, TableRows::new(), 0)),
        413,
        "too_large",
    );
    // An unknown token is refused before the body is read: a small push gets its 401, and
    // a large one (the whole caseload) may see the connection closed while it is still being
    // sent (a broken pipe, as for the 8 MiB body above).
    let stranger = fx.http.authed(&"f".repeat(64));
    check(
        stranger.push(&push_req(1, vec![], TableRows::new(), 0)),
        401,
        "unauthorized",
    );
    let whole = serde_json::to_vec(&push_req(1, vec![], rows.clone(), 0)).unwrap();
    if let Some(a) = stranger.post_raw_or_closed("/v1/push", &whole, &[]) {
        check(a, 401, "unauthorized");
    }
    check(
        fx.http
            .post_raw("/v1/push", b"{}", &[("Authorization", "Basic x")]),
        401,
        "unauthorized",
    );
    check(laptop.get("/v1/pull?after=-1"), 400, "bad_request");
    check(laptop.get("/v1/pull?after=x"), 400, "bad_request");
    check(
        laptop.get("/v1/pull?after=0&limit=5000"),
        400,
        "bad_request",
    );
    check(
        laptop.get("/v1/pull?after=99&anchor_seq=0&anchor_hash=laptop-0"),
        400,
        "bad_request",
    );
    check(laptop.get("/v1/nothing"), 404, "not_found");
    check(laptop.get("/v1/push"), 405, "method_not_allowed");
    check(
        laptop.get("/v1/rollup?scope=everything"),
        400,
        "bad_request",
    );
    check(
        fx.http.post_raw("/v1/enroll", b"[]", &[]),
        400,
        "bad_request",
    );
    assert_eq!(table_counts(&fx.h), before);
    // A bad value is not a bad request: that row is quarantined, the rest applied.
    let mut bad_nik = rows["households"][1].clone();
    bad_nik.insert("pengurus_nik".into(), Cell::Text("0000000000000000".into()));
    let mut bad_date = rows["households"][2].clone();
    bad_date.insert("status_date".into(), Cell::Text("2026-02-30".into()));
    let mut bad_key = rows["households"][3].clone();
    bad_key.insert("status".into(), Cell::Text("pensiun".into()));
    let mut rs = TableRows::new();
    rs.insert("households".into(), vec![bad_nik, bad_date, bad_key]);
    let mut p = push_req(1, vec![], rs, 0);
    p.anchor = anchor(0);
    let a = laptop.push(&p);
    assert_eq!(a.status, 200, "{}", a.json);
    let codes: Vec<String> = a.json["quarantined"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, vec!["bad_nik", "bad_value", "unknown_key"]);
    // Nothing the log says names a NIK.
    let reasons: String = a.json["quarantined"].to_string();
    assert!(!reasons.contains("0000000000000000"));
}

#[test]
fn the_laptops_anchor_must_match_what_it_pushed_before() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    let h = text(&rows["households"][0], "id").to_string();
    let a = laptop.push(&push_req(0, vec![], rows, 5));
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!(a.json["anchor_seq"], 5);
    // Pulls: without the anchor, with another hash, with another seq: refused.
    let before = table_counts(&fx.h);
    for bad in [
        laptop.pull(1, None),
        laptop.pull(
            1,
            Some(&ChainPoint {
                seq: 5,
                hash: "rewritten".into(),
            }),
        ),
        laptop.pull(
            1,
            Some(&ChainPoint {
                seq: 4,
                hash: "laptop-4".into(),
            }),
        ),
    ] {
        assert_eq!(
            (bad.status, bad.code()),
            (409, "history_rewritten"),
            "{}",
            bad.json
        );
        assert_eq!(bad.json["anchor_seq"], 5);
    }
    let ok = laptop.pull(1, anchor(5).as_ref());
    assert_eq!(ok.status, 200, "{}", ok.json);
    assert_eq!(ok.json["anchor_seq"], 5);
    // Pushes too; and a laptop whose history got shorter.
    let mut p = push_req(
        1,
        vec![entry("households", &h, "phone", None, Some("1"), &siti)],
        TableRows::new(),
        6,
    );
    p.anchor = Some(ChainPoint {
        seq: 5,
        hash: "rewritten".into(),
    });
    assert_eq!(laptop.push(&p).code(), "history_rewritten");
    p.anchor = anchor(5);
    p.laptop_head = ChainPoint {
        seq: 3,
        hash: "laptop-3".into(),
    };
    assert_eq!(laptop.push(&p).code(), "history_rewritten");
    assert_eq!(table_counts(&fx.h), before);
    p.laptop_head = ChainPoint {
        seq: 6,
        hash: "laptop-6".into(),
    };
    let a = laptop.push(&p);
    assert_eq!(a.status, 200, "{}", a.json);
    // The answer to that push may be lost: the previous anchor is still accepted once.
    assert_eq!(laptop.pull(2, anchor(5).as_ref()).status, 200);
    assert_eq!(laptop.pull(2, anchor(6).as_ref()).status, 200);
    // Another device of the same worker has its own anchor.
    let (other, _) = fx.device("siti");
    assert_eq!(other.pull(0, None).status, 200);
}

#[test]
fn gzip_both_ways() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    let body = serde_json::to_vec(&push_req(0, vec![], rows.clone(), 0)).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&body).unwrap();
    let zipped = gz.finish().unwrap();
    assert!(zipped.len() * 4 < body.len());
    let a = laptop.post_raw("/v1/push", &zipped, &[("Content-Encoding", "gzip")]);
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!(a.json["rows_applied"], count_rows(&rows));
    // The client unpacks answers itself; ask by hand to see the header.
    let mut tcp = std::net::TcpStream::connect(fx.h.addr()).unwrap();
    write!(
        tcp,
        "GET /v1/pull?after=0&anchor_seq=0&anchor_hash=laptop-0 HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
        laptop.token.as_deref().unwrap()
    )
    .unwrap();
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut tcp, &mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(
        head.contains("content-encoding: gzip"),
        "a large answer is gzip: {head}"
    );
    let mut json = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&raw[end + 4..]),
        &mut json,
    )
    .unwrap();
    let page: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        page["rows"]["households"].as_array().unwrap().len(),
        rows["households"].len()
    );
    let health = fx.http.get("/v1/health");
    assert_eq!(health.json["status"], "ok");
    assert_eq!(health.encoding, None, "a small answer is not");
}
