use super::*;

const ME: &str = "0190c0de-0000-7000-8000-000000000001";
const OTHER: &str = "0190c0de-0000-7000-8000-000000000002";
const BOSS: &str = "0190c0de-0000-7000-8000-000000000003";
const H1: &str = "0190c0de-0000-7000-8000-0000000000a1";
const H2: &str = "0190c0de-0000-7000-8000-0000000000a2";

fn row(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect()
}

fn known() -> HashSet<String> {
    [ME, OTHER, BOSS].iter().map(|s| s.to_string()).collect()
}

/// H1 is mine on the server, H2 another facilitator's.
fn owner(h: &str) -> Option<String> {
    match h {
        H1 => Some(ME.into()),
        H2 => Some(OTHER.into()),
        _ => None,
    }
}

fn check(
    table: &str,
    r: &Map<String, Value>,
    old: Option<&Map<String, Value>>,
    supervisor: bool,
) -> Result<(), RejectCode> {
    let actor = if supervisor { BOSS } else { ME };
    check_row(
        table,
        r,
        old,
        &known(),
        supervisor,
        actor,
        ME,
        "3324",
        &owner,
        &|_| Some(ME.into()),
        &|_| true,
        &group_worker,
    )
    .map_err(|(c, _)| c)
}

const G1: &str = "0190c0de-0000-7000-8000-0000000000b1";
const G2: &str = "0190c0de-0000-7000-8000-0000000000b2";

/// G1 is my P2K2 group, G2 another facilitator's.
fn group_worker(g: &str) -> Option<String> {
    match g {
        G1 => Some(ME.into()),
        G2 => Some(OTHER.into()),
        _ => None,
    }
}

#[test]
fn p2k2_groups_and_their_families_stay_in_the_facilitators_caseload() {
    let mine = row(&[("id", G1), ("worker_id", ME), ("author_id", ME)]);
    assert_eq!(check("p2k2_groups", &mine, None, false), Ok(()));
    assert_eq!(check("p2k2_groups", &mine, Some(&mine), false), Ok(()));
    let theirs = row(&[("id", G2), ("worker_id", OTHER), ("author_id", ME)]);
    assert_eq!(
        check("p2k2_groups", &theirs, None, false),
        Err(RejectCode::NotYourHousehold)
    );
    // A group cannot be taken over by rewriting its facilitator.
    assert_eq!(
        check("p2k2_groups", &mine, Some(&theirs), false),
        Err(RejectCode::NotYourHousehold)
    );
    assert_eq!(
        check("p2k2_groups", &mine, None, true),
        Err(RejectCode::SupervisorNoteOnly)
    );
    let family = |g: &str| {
        row(&[
            ("id", H1),
            ("worker_id", ME),
            ("author_id", ME),
            ("group_id", g),
        ])
    };
    assert_eq!(check("households", &family(G1), None, false), Ok(()));
    assert_eq!(
        check("households", &family(G2), None, false),
        Err(RejectCode::NotYourHousehold)
    );
    assert_eq!(
        check(
            "households",
            &family("0190c0de-0000-7000-8000-0000000000b9"),
            None,
            false
        ),
        Err(RejectCode::MissingParent)
    );
}

#[test]
fn the_guard_for_rows() {
    let mine = row(&[
        ("id", H1),
        ("worker_id", ME),
        ("author_id", ME),
        ("area_code", "3324010001"),
    ]);
    assert_eq!(check("households", &mine, Some(&mine), false), Ok(()));
    let theirs = row(&[("id", H2), ("worker_id", OTHER), ("author_id", ME)]);
    assert_eq!(
        check("households", &theirs, Some(&theirs), false),
        Err(RejectCode::NotYourHousehold)
    );
    let moved = row(&[("id", H1), ("worker_id", OTHER), ("author_id", ME)]);
    assert_eq!(
        check("households", &moved, Some(&mine), false),
        Err(RejectCode::WorkerChange)
    );
    let away = row(&[
        ("id", H1),
        ("worker_id", ME),
        ("author_id", ME),
        ("area_code", "3374010001"),
    ]);
    assert_eq!(
        check("households", &away, None, false),
        Err(RejectCode::OutsideRegency)
    );
    let stranger = row(&[
        ("id", H1),
        ("worker_id", ME),
        ("author_id", "0190c0de-0000-7000-8000-0000000000ff"),
    ]);
    assert_eq!(
        check("households", &stranger, None, false),
        Err(RejectCode::UnknownWorker)
    );
    // A member moved from another's household into mine is still not mine to move.
    let member = row(&[("id", "m"), ("household_id", H1), ("author_id", ME)]);
    let was = row(&[("id", "m"), ("household_id", H2), ("author_id", OTHER)]);
    assert_eq!(check("members", &member, None, false), Ok(()));
    assert_eq!(
        check("members", &member, Some(&was), false),
        Err(RejectCode::NotYourHousehold)
    );
    let orphan = row(&[("id", "m"), ("household_id", "nowhere"), ("author_id", ME)]);
    assert_eq!(
        check("members", &orphan, None, false),
        Err(RejectCode::MissingParent)
    );
    // A supervisor: a note in the stream's household, nothing else.
    let note = row(&[
        ("id", "n"),
        ("household_id", H1),
        ("worker_id", ME),
        ("kind", "direktif"),
        ("author_id", BOSS),
    ]);
    assert_eq!(check("activities", &note, None, true), Ok(()));
    let visit = row(&[
        ("id", "n"),
        ("household_id", H1),
        ("worker_id", ME),
        ("kind", "kunjungan"),
        ("author_id", BOSS),
    ]);
    assert_eq!(
        check("activities", &visit, None, true),
        Err(RejectCode::SupervisorNoteOnly)
    );
    let group = row(&[
        ("id", "n"),
        ("worker_id", ME),
        ("kind", "catatan"),
        ("author_id", BOSS),
    ]);
    assert_eq!(
        check("activities", &group, None, true),
        Err(RejectCode::SupervisorNoteOnly)
    );
    assert_eq!(
        check("households", &mine, Some(&mine), true),
        Err(RejectCode::SupervisorNoteOnly)
    );
    let elsewhere = row(&[
        ("id", "n"),
        ("household_id", H2),
        ("worker_id", ME),
        ("kind", "catatan"),
        ("author_id", BOSS),
    ]);
    assert_eq!(
        check("activities", &elsewhere, None, true),
        Err(RejectCode::NotYourHousehold)
    );
}

#[test]
fn domain_values() {
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    let t = |s: &str| Cell::Text(s.into());
    assert!(domain_check("households", "status", &t("aktif"), today).is_ok());
    assert_eq!(
        domain_check("households", "status", &t("pensiun"), today)
            .unwrap_err()
            .0,
        RejectCode::UnknownKey
    );
    assert_eq!(
        domain_check("members", "nik", &t("3324010101900000"), today)
            .unwrap_err()
            .0,
        RejectCode::BadNik
    );
    assert!(
        domain_check(
            "households",
            "pas_tags",
            &t("disabilitas,fakir_miskin"),
            today
        )
        .is_ok()
    );
    assert!(domain_check("households", "pas_tags", &t("disabilitas,x"), today).is_err());
    assert!(domain_check("households", "desil", &Cell::Integer(11), today).is_err());
    assert!(domain_check("households", "area_code", &t("33240"), today).is_err());
    assert!(domain_check("members", "component", &Cell::Null, today).is_ok());
}

const S1: &str = "0190c0de-0000-7000-8000-0000000000c1";

/// A sign-off of `facilitator` by `supervisor`, written by `author`.
fn sign_off(supervisor: &str, facilitator: &str, author: &str) -> Map<String, Value> {
    row(&[
        ("id", S1),
        ("supervisor_id", supervisor),
        ("facilitator_id", facilitator),
        ("author_id", author),
    ])
}

#[test]
fn a_sign_off_comes_only_from_a_supervisor_for_the_streams_facilitator() {
    let good = sign_off(BOSS, ME, BOSS);
    assert_eq!(check("signoffs", &good, None, true), Ok(()));
    // Pushed again as it is (a lost answer, a re-push).
    assert_eq!(check("signoffs", &good, Some(&good), true), Ok(()));
    // A facilitator signing off (their own records, or as if the supervisor had).
    assert_eq!(
        check("signoffs", &sign_off(ME, ME, ME), None, false),
        Err(RejectCode::SignOffNotAllowed)
    );
    assert_eq!(
        check("signoffs", &good, None, false),
        Err(RejectCode::SignOffNotAllowed)
    );
    // Another facilitator's records (of another regency, or this one) in this stream.
    assert_eq!(
        check("signoffs", &sign_off(BOSS, OTHER, BOSS), None, true),
        Err(RejectCode::SignOffNotAllowed)
    );
    // In another supervisor's name, or written by someone else.
    assert_eq!(
        check("signoffs", &sign_off(OTHER, ME, BOSS), None, true),
        Err(RejectCode::SignOffNotAllowed)
    );
    assert_eq!(
        check("signoffs", &sign_off(BOSS, ME, OTHER), None, true),
        Err(RejectCode::SignOffNotAllowed)
    );
    // Never moved to another facilitator afterwards.
    assert_eq!(
        check("signoffs", &good, Some(&sign_off(BOSS, OTHER, BOSS)), true),
        Err(RejectCode::SignOffNotAllowed)
    );
}

#[test]
fn a_sign_offs_history_is_written_only_by_its_supervisor() {
    let entry = |author: &str| Entry {
        id: "0190c0de-0000-7000-8000-0000000000d1".into(),
        table: "signoffs".into(),
        record_id: S1.into(),
        field: "note".into(),
        old: None,
        new: Some("oke".into()),
        at: "2026-06-15T08:00:00.000Z".into(),
        author: author.into(),
    };
    let mut accepted = HashMap::new();
    accepted.insert(("signoffs", S1.to_string()), sign_off(BOSS, ME, BOSS));
    let verdict = |e: &Entry, supervisor: bool, actor: &str| {
        check_entry(
            e,
            &known(),
            supervisor,
            actor,
            ME,
            &accepted,
            &HashSet::new(),
            &|_, _| None,
            &owner,
        )
        .map_err(|(c, _)| c)
    };
    assert_eq!(verdict(&entry(BOSS), true, BOSS), Ok(()));
    assert_eq!(
        verdict(&entry(ME), false, ME),
        Err(RejectCode::SignOffNotAllowed)
    );
    assert_eq!(
        verdict(&entry(OTHER), true, OTHER),
        Err(RejectCode::SignOffNotAllowed)
    );
}
