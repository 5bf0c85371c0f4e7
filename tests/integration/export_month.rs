//! Exports of the month's record types (issue 11 "Also"): payments per tahap, commitment
//! verifications and P2K2 groups from a demo, in CSV, xlsx and JSON, read back and checked
//! against the database (declared headers, a household's No KK beside its id, the month as
//! YYYY-MM, the stored words for outcomes, statuses and problems, a group's households),
//! each in a facilitator's and a supervisor's scope; and the binary's export of groups
//! imported back unchanged in both languages (the imports themselves: `import_month.rs`,
//! `transfer_life.rs`).

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::demo_db;
use pilar::model::{Role, Scope, Worker};
use pilar::store::Store;
use pilar::transfer::out::{Format, render};
use pilar::transfer::{Col, Kind, read_csv, read_xlsx, unwrap_cell};

const MONTH_KINDS: [Kind; 3] = [Kind::Payments, Kind::Verifications, Kind::Groups];
const FORMATS: [Format; 3] = [Format::Csv, Format::Xlsx, Format::Json];

/// An exported file read back: its headers and its rows as text, by header.
struct Back {
    headers: Vec<String>,
    rows: Vec<BTreeMap<String, String>>,
}

fn read_back(kind: Kind, format: Format, bytes: &[u8]) -> Back {
    let table = match format {
        Format::Csv => read_csv(bytes).unwrap(),
        Format::Xlsx => {
            let mut sheets = read_xlsx(bytes).unwrap();
            assert_eq!(sheets.len(), 1);
            let (name, table) = sheets.remove(0);
            assert_eq!(name, kind.key(), "the sheet is named after the kind");
            table
        }
        Format::Json => {
            let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let headers: Vec<String> = kind.columns().iter().map(|c| c.header().into()).collect();
            let rows = json
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    let o = o.as_object().unwrap();
                    assert_eq!(o.len(), headers.len(), "every column, once");
                    o.iter()
                        .map(|(k, v)| {
                            let text = match v {
                                serde_json::Value::Null => String::new(),
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            (k.clone(), text)
                        })
                        .collect()
                })
                .collect();
            return Back { headers, rows };
        }
    };
    assert_eq!(
        table.kind(),
        Some(kind),
        "an export is recognised as its kind"
    );
    assert!(table.broken.is_empty());
    let rows = table
        .rows
        .iter()
        .map(|r| {
            table
                .headers
                .iter()
                .zip(&r.cells)
                .map(|(h, c)| (h.clone(), unwrap_cell(c).to_string()))
                .collect()
        })
        .collect();
    Back {
        headers: table.headers,
        rows,
    }
}

/// `SELECT` rows of the demo as maps (named reads only).
fn query(path: &Path, sql: &str, cols: &[&str]) -> Vec<BTreeMap<String, String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| {
        cols.iter()
            .map(|c| {
                let v: rusqlite::types::Value = r.get(*c)?;
                let text = match v {
                    rusqlite::types::Value::Null => String::new(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(s) => s,
                    other => format!("{other:?}"),
                };
                Ok((c.to_string(), text))
            })
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()
    })
    .unwrap()
    .collect::<rusqlite::Result<Vec<_>>>()
    .unwrap()
}

/// What the database says an export of `kind` in `worker`'s scope (all for `None`) holds,
/// by id, under the export's headers.
fn expected(
    path: &Path,
    kind: Kind,
    worker: Option<&str>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let scope = match worker {
        Some(w) => format!("'{w}'"),
        None => "NULL".into(),
    };
    let (sql, cols): (String, &[(&str, Col)]) = match kind {
        Kind::Payments => (
            format!(
                "SELECT p.id AS id, p.household_id AS household_id, h.no_kk AS no_kk,
                        p.year AS year, p.tahap AS tahap, p.status AS status,
                        p.problem AS problem, p.note AS note
                 FROM payments p JOIN households h ON h.id = p.household_id
                 WHERE h.deleted = 0 AND ({scope} IS NULL OR h.worker_id = {scope})"
            ),
            &[
                ("id", Col::Id),
                ("household_id", Col::HouseholdId),
                ("no_kk", Col::NoKk),
                ("year", Col::Year),
                ("tahap", Col::Tahap),
                ("status", Col::Status),
                ("problem", Col::PayProblem),
                ("note", Col::Notes),
            ],
        ),
        Kind::Verifications => (
            format!(
                "SELECT v.id AS id, v.household_id AS household_id, h.no_kk AS no_kk,
                        v.member_id AS member_id, m.name AS name, v.month AS month,
                        v.outcome AS outcome, v.reason AS reason, v.notes AS notes
                 FROM verifications v JOIN households h ON h.id = v.household_id
                 JOIN members m ON m.id = v.member_id
                 WHERE h.deleted = 0 AND ({scope} IS NULL OR h.worker_id = {scope})"
            ),
            &[
                ("id", Col::Id),
                ("household_id", Col::HouseholdId),
                ("no_kk", Col::NoKk),
                ("member_id", Col::MemberId),
                ("name", Col::Name),
                ("month", Col::Month),
                ("outcome", Col::Outcome),
                ("reason", Col::Reason),
                ("notes", Col::Notes),
            ],
        ),
        _ => (
            format!(
                "SELECT g.id AS id, g.name AS name, g.place AS place,
                        coalesce((SELECT group_concat(no_kk, ' ') FROM
                            (SELECT k.no_kk FROM households k
                             WHERE k.group_id = g.id AND k.deleted = 0 ORDER BY k.no_kk)), '')
                            AS families
                 FROM p2k2_groups g
                 WHERE g.deleted = 0 AND ({scope} IS NULL OR g.worker_id = {scope})"
            ),
            &[
                ("id", Col::Id),
                ("name", Col::Name),
                ("place", Col::Place),
                ("families", Col::Families),
            ],
        ),
    };
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    query(path, &sql, &names)
        .into_iter()
        .map(|row| {
            let by_header: BTreeMap<String, String> = cols
                .iter()
                .map(|(n, c)| (c.header().to_string(), row[*n].clone()))
                .collect();
            (row["id"].clone(), by_header)
        })
        .collect()
}

/// Human values: the month as YYYY-MM, the stored words for outcomes, reasons, statuses
/// and problems, a No KK of 16 digits, a group's households as No KKs.
fn check_values(kind: Kind, row: &BTreeMap<String, String>) {
    let get = |c: Col| row[c.header()].as_str();
    let digits16 = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit());
    match kind {
        Kind::Payments => {
            assert!(digits16(get(Col::NoKk)), "{row:?}");
            assert!(get(Col::Year).parse::<i32>().is_ok(), "{row:?}");
            assert!(["1", "2", "3", "4"].contains(&get(Col::Tahap)), "{row:?}");
            assert!(
                ["diterima", "tidak_diterima", "tidak_jatuh_tempo"].contains(&get(Col::Status)),
                "{row:?}"
            );
            assert!(
                [
                    "",
                    "kartu_diblokir",
                    "rekening_dormant",
                    "nama_tidak_sesuai",
                    "tidak_diambil",
                    "lainnya"
                ]
                .contains(&get(Col::PayProblem)),
                "{row:?}"
            );
        }
        Kind::Verifications => {
            assert!(digits16(get(Col::NoKk)), "{row:?}");
            let month = get(Col::Month);
            assert!(
                month.len() == 7
                    && month.as_bytes()[4] == b'-'
                    && month[..4].parse::<u32>().is_ok()
                    && (1..=12).contains(&month[5..].parse::<u32>().unwrap_or(0)),
                "YYYY-MM: {row:?}"
            );
            assert!(
                ["memenuhi", "tidak_memenuhi", "tidak_berlaku"].contains(&get(Col::Outcome)),
                "{row:?}"
            );
            assert!(!get(Col::Name).is_empty(), "{row:?}");
        }
        _ => {
            assert!(!get(Col::Name).is_empty(), "{row:?}");
            assert!(
                get(Col::Families)
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .all(digits16),
                "No KKs, space separated: {row:?}"
            );
        }
    }
}

fn check_export(path: &Path, store: &Store, user: &Worker, kind: Kind) -> usize {
    let scope = Scope::for_worker(user);
    let worker = match &scope {
        Scope::Worker(w) => Some(w.as_str()),
        Scope::All => None,
    };
    let want = expected(path, kind, worker);
    assert!(!want.is_empty(), "{kind:?}: the demo has some in scope");
    let rows = store.export_rows(kind, &scope).unwrap();
    for format in FORMATS {
        let bytes = render(kind, format, &rows).unwrap();
        let back = read_back(kind, format, &bytes);
        let headers: Vec<&str> = kind.columns().iter().map(|c| c.header()).collect();
        assert_eq!(
            back.headers, headers,
            "{kind:?} {format:?}: the declared headers"
        );
        assert_eq!(back.rows.len(), want.len(), "{kind:?} {format:?}");
        for row in &back.rows {
            check_values(kind, row);
            let id = &row[Col::Id.header()];
            assert_eq!(Some(row), want.get(id), "{kind:?} {format:?}: row {id}");
        }
    }
    want.len()
}

#[test]
fn the_months_kinds_export_in_every_format_in_a_facilitators_and_a_supervisors_scope() {
    let demo = demo_db(40, 2, 5);
    let store = Store::open(&demo.path).unwrap();
    let workers = store.workers().unwrap();
    let facilitators: Vec<&Worker> = workers
        .iter()
        .filter(|w| w.role == Role::Facilitator)
        .collect();
    let supervisor = workers
        .iter()
        .find(|w| w.role == Role::Supervisor)
        .expect("two facilitators come with a supervisor");
    assert_eq!(facilitators.len(), 2);
    for kind in MONTH_KINDS {
        let each: usize = facilitators
            .iter()
            .map(|w| check_export(&demo.path, &store, w, kind))
            .sum();
        // The supervisor's scope is everything: both caseloads, nothing twice.
        let all = check_export(&demo.path, &store, supervisor, kind);
        assert_eq!(all, each, "{kind:?}");
    }
}

#[test]
fn english_headers_name_the_months_kinds() {
    let cases = [
        (
            "id,household_id,family_card,year,stage,status,problem,notes",
            Kind::Payments,
        ),
        (
            "id,household_id,family_card,member_id,name,month,outcome,reason,notes",
            Kind::Verifications,
        ),
        ("id,name,place,families", Kind::Groups),
        // A graduation's reason is still a graduation's.
        (
            "id,household_id,no_kk,graduation,date,reason",
            Kind::Graduations,
        ),
    ];
    for (header, kind) in cases {
        let t = read_csv(format!("{header}\n").as_bytes()).unwrap();
        assert!(t.unknown_headers().is_empty(), "{header}");
        assert_eq!(t.kind(), Some(kind), "{header}");
    }
}

fn pilar(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(args)
        .env("PILAR_TODAY", "2026-11-29")
        .env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env_remove("PILAR_KEY_FILE")
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_binary_exports_groups_and_imports_them_back_unchanged_in_both_languages() {
    let demo = demo_db(20, 1, 3);
    let db = demo.path.to_str().unwrap();
    let dir = demo.dir.path();
    let cases = [(Kind::Groups, "kelompok P2K2")];
    let before = common::count(&demo.path, "SELECT count(*) FROM change_log");
    for (kind, word) in cases {
        let file = format!("{}.xlsx", kind.key());
        let out = pilar(
            dir,
            &[
                "--db",
                db,
                "export",
                "--what",
                kind.key(),
                "--format",
                "xlsx",
                "--out",
                &file,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&format!("baris {word} ditulis ke {file}")),
            "{said}"
        );
        for lang in ["id", "en"] {
            let out = pilar(dir, &["--lang", lang, "--db", db, "import", &file]);
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{kind:?} {lang}: {said}");
        }
    }
    assert_eq!(
        common::count(&demo.path, "SELECT count(*) FROM change_log"),
        before
    );
}
