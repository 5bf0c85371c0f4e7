//! Sign-offs in a facilitator's stream: a supervisor of the regency pushes theirs and the
//! facilitator's pull (and the team pull, with its history) brings it; a facilitator's
//! sign-off, or one naming another facilitator than the stream's (a supervisor of another
//! regency can only push into their own regency's streams, so theirs would name a
//! facilitator who is not the stream's), is quarantined.

use std::collections::BTreeSet;

use pilar_core::sync::{Cell, PushResponse, Row, TableRows, TeamPullRequest, TeamPullResponse};

use crate::common::*;

fn sign_off(id: &str, supervisor: &str, facilitator: &str, author: &str) -> Row {
    let t = |s: &str| Cell::Text(s.into());
    [
        ("id", t(id)),
        ("supervisor_id", t(supervisor)),
        ("facilitator_id", t(facilitator)),
        ("upto_seq", Cell::Integer(7)),
        ("upto_hash", t("abc")),
        ("upto_at", t("2026-06-15T08:00:00.000Z")),
        ("note", t("oke")),
        ("created_at", t("2026-06-15T08:01:00.000Z")),
        ("updated_at", t("2026-06-15T08:01:00.000Z")),
        ("author_id", t(author)),
        ("upto_entry", t("")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn refused(r: &PushResponse) -> BTreeSet<(String, String)> {
    r.quarantined
        .iter()
        .map(|q| (q.id.clone(), q.code.key().to_string()))
        .collect()
}

#[test]
fn only_a_supervisors_own_sign_off_of_the_streams_facilitator_is_taken() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let budi = fx.id("p0002").to_string();
    let korkab = fx.id("korkab").to_string();
    let (siti_laptop, _) = fx.device("siti");
    let (korkab_laptop, _) = fx.device("korkab");

    // Siti signs herself off: refused, row and entry.
    let own = new_id();
    let mut rows = TableRows::new();
    rows.insert("signoffs".into(), vec![sign_off(&own, &siti, &siti, &siti)]);
    let a = siti_laptop.push(&push_req(
        0,
        vec![entry("signoffs", &own, "note", None, Some("oke"), &siti)],
        rows,
        1,
    ));
    assert_eq!(a.status, 200, "{}", a.json);
    let r: PushResponse = serde_json::from_value(a.json).unwrap();
    let codes = refused(&r);
    assert!(
        codes.contains(&(own.clone(), "sign_off_not_allowed".into())),
        "{codes:?}"
    );
    assert_eq!(r.accepted.len(), 0, "{r:?}");
    let head = r.seq;

    // korkab into siti's stream: a sign-off of siti is taken, one naming budi is not.
    let good = new_id();
    let wrong = new_id();
    let mut rows = TableRows::new();
    rows.insert(
        "signoffs".into(),
        vec![
            sign_off(&good, &korkab, &siti, &korkab),
            sign_off(&wrong, &korkab, &budi, &korkab),
        ],
    );
    let mut p = push_req(
        head,
        vec![
            entry("signoffs", &good, "note", None, Some("oke"), &korkab),
            entry("signoffs", &wrong, "note", None, Some("oke"), &korkab),
        ],
        rows,
        2,
    );
    p.caseload = Some(siti.clone());
    let a = korkab_laptop.push(&p);
    assert_eq!(a.status, 200, "{}", a.json);
    let r: PushResponse = serde_json::from_value(a.json).unwrap();
    let codes = refused(&r);
    assert!(
        codes.contains(&(wrong.clone(), "sign_off_not_allowed".into())),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|(id, _)| *id == good), "{codes:?}");
    assert_eq!(r.accepted.len(), 1, "{r:?}");
    assert_eq!(r.rows_applied, 1);
    assert_eq!(fx.h.count("SELECT count(*) FROM signoffs"), 1);

    // Siti's pull brings it with its entry; so does the team pull, history included.
    let a = siti_laptop.pull(head, anchor(1).as_ref());
    assert_eq!(a.status, 200, "{}", a.json);
    let got = a.json["rows"]["signoffs"].as_array().unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["id"], good.as_str());
    let a = korkab_laptop.post(
        "/v1/team/pull",
        &TeamPullRequest {
            cursors: Default::default(),
            limit: None,
        },
    );
    assert_eq!(a.status, 200, "{}", a.json);
    let team: TeamPullResponse = serde_json::from_value(a.json).unwrap();
    let theirs = team.caseloads.iter().find(|c| c.worker_id == siti).unwrap();
    assert_eq!(theirs.rows["signoffs"].len(), 1);
    assert!(
        theirs
            .entries
            .iter()
            .any(|e| e.entry.table == "signoffs" && e.entry.record_id == good),
        "{:?}",
        theirs.entries
    );
}
