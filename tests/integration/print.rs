//! `pilar print` on the built binary: a household's sheet and the visit plan, as text and
//! Markdown, in both languages, to standard output or a new file (never over one), with
//! masked NIKs and inert names; bad arguments exit 2 with one line.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::{demo_db, one, write_hostile_name};

fn pilar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pilar"))
        .env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env_remove("PILAR_KEY_FILE")
        .env("PILAR_TODAY", "2026-11-29")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A household with members and referrals, by id and No KK.
fn household(db: &Path) -> (String, String, String) {
    one::<String>(
        db,
        "SELECT id || '|' || no_kk || '|' || pengurus_name FROM households
         WHERE deleted = 0 AND id IN (SELECT household_id FROM referrals)
         ORDER BY search_text LIMIT 1",
    )
    .split('|')
    .map(str::to_string)
    .collect::<Vec<_>>()
    .try_into()
    .map(|[a, b, c]: [String; 3]| (a, b, c))
    .unwrap()
}

#[test]
fn print_household_in_text_and_markdown_in_both_languages() {
    let demo = demo_db(462, 1, 1);
    let (id, kk, name) = household(&demo.path);
    let o = pilar(&demo.path, &["print", "household", &id]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let t = out(&o);
    assert!(
        t.starts_with(&format!(
            "Ringkasan keluarga: {name} (dicetak Minggu, 29 November 2026)"
        )),
        "{t}"
    );
    for section in [
        "Keluarga\n--------",
        "Anggota (",
        "Bantuan\n",
        "Kegiatan terakhir",
        "Rujukan\n",
        "Graduasi dan keluar",
    ] {
        assert!(t.contains(section), "{section:?} in\n{t}");
    }
    // The No KK and every NIK masked as on screen; no full number printed.
    let masked = format!("{}••••••••{}", &kk[..4], &kk[12..]);
    assert!(t.contains(&masked), "{t}");
    assert!(!t.contains(&kk));
    let niks: Vec<String> = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .prepare("SELECT nik FROM members WHERE household_id = ?1")
        .unwrap()
        .query_map([&id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!niks.is_empty());
    for nik in &niks {
        assert!(!t.contains(nik.as_str()), "{nik} printed whole");
    }
    // Aligned: the field labels' values start in one column.
    let col = |l: &str| {
        l.find("  ")
            .map(|i| i + l[i..].len() - l[i..].trim_start().len())
    };
    let fields: Vec<usize> = t
        .lines()
        .skip(4)
        .take_while(|l| !l.is_empty())
        .filter_map(col)
        .collect();
    assert!(
        fields.len() > 5 && fields.windows(2).all(|w| w[0] == w[1]),
        "{t}"
    );
    // The same household by its No KK, in English Markdown.
    let o = pilar(
        &demo.path,
        &["--lang", "en", "print", "household", &kk, "--format", "md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let m = out(&o);
    assert!(
        m.starts_with(&format!("# Household summary: {name}")),
        "{m}"
    );
    for section in [
        "## Household",
        "## Members (",
        "| Name | NIK | Relation | Age | Component |",
        "## Latest activities",
        "## Referrals",
        "## Graduations and exits",
    ] {
        assert!(m.contains(section), "{section:?} in\n{m}");
    }
    assert!(m.contains("- **Family card no.**: "));
}

#[test]
fn print_household_by_search_needs_exactly_one_match() {
    let demo = demo_db(462, 1, 1);
    let (_, kk, name) = household(&demo.path);
    let o = pilar(&demo.path, &["print", "household", "--search", &kk]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains(&name));
    let o = pilar(
        &demo.path,
        &["print", "household", "--search", "desa:curug"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("cocok dengan lebih dari satu keluarga"),
        "{}",
        err(&o)
    );
    assert_eq!(err(&o).lines().count(), 1);
    let o = pilar(
        &demo.path,
        &["--lang", "en", "print", "household", "--search", "zzzqx"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err(&o).trim(), "pilar: no household matches \"zzzqx\"");
}

#[test]
fn print_visits_by_village_in_both_languages_and_formats() {
    let demo = demo_db(120, 1, 1);
    let o = pilar(
        &demo.path,
        &["print", "visits", "--from", "2026-11-29", "--to", "+6"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let t = out(&o);
    assert!(
        t.starts_with("Rencana kunjungan: 29 Nov 2026 - 5 Des 2026\n"),
        "{t}"
    );
    assert!(t.contains("Curugsewu ("), "{t}");
    assert!(t.contains("TL terlambat"), "{t}");
    // Every overdue follow-up of the file is on the plan.
    let overdue = one::<i64>(
        &demo.path,
        "SELECT count(*) FROM activities a JOIN households h ON h.id = a.household_id
         WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up < '2026-11-29'
           AND h.deleted = 0 AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')",
    );
    assert_eq!(t.matches("TL terlambat").count() as i64, overdue);
    let o = pilar(
        &demo.path,
        &["--lang", "en", "print", "visits", "--format", "md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let m = out(&o);
    assert!(
        m.starts_with("# Visit plan: 29 Nov 2026 - 5 Dec 2026\n"),
        "{m}"
    );
    assert!(m.contains("| Reason | Name | Date | Summary |"), "{m}");
    assert!(m.contains("follow-up") && m.contains("late"), "{m}");
}

#[test]
fn print_goes_to_a_new_file_never_over_one_and_names_are_inert() {
    let demo = demo_db(40, 1, 1);
    write_hostile_name(&demo.path);
    let id: String = one(
        &demo.path,
        "SELECT id FROM households WHERE pengurus_name LIKE 'Evil%'",
    );
    let file = demo.dir.path().join("lembar.txt");
    let o = pilar(
        &demo.path,
        &["print", "household", &id, "--out", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("Evil"));
    assert!(
        !written.contains('\u{1b}') && !written.contains('\u{202e}') && !written.contains('\u{7}')
    );
    let o = pilar(
        &demo.path,
        &["print", "household", &id, "--out", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        written,
        "not overwritten"
    );
}

#[test]
fn print_bad_arguments_exit_2_with_one_line() {
    let demo = demo_db(40, 1, 1);
    for (args, says) in [
        (&["print", "household"][..], "ID"),
        (&["print", "household", "x", "--search", "y"], "--search"),
        (&["print", "household", "x", "--format", "pdf"], "--format"),
        (&["print", "visits", "--from", "kemarin lusa"], "--from"),
        (
            &[
                "print",
                "visits",
                "--from",
                "2026-12-10",
                "--to",
                "2026-12-01",
            ],
            "--to",
        ),
        (&["--lang", "en", "print", "visits", "--to", "31/2"], "--to"),
        (&["print", "nothing"], "nothing"),
    ] {
        let o = pilar(&demo.path, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        let e = err(&o);
        assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
        assert!(
            e.starts_with("pilar: ") && e.contains(says),
            "{args:?}: {e}"
        );
        assert!(out(&o).is_empty());
    }
    // Not in the caseload: a failure, not a usage error.
    let o = pilar(&demo.path, &["print", "household", "no-such-id"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no-such-id"), "{}", err(&o));
}

/// The sheet's commitments of the last 6 months (one column a month, this month last) and
/// payments per tahap (issue 11 item 9), from the household's records.
#[test]
fn print_household_shows_commitments_and_payments_per_tahap() {
    let demo = demo_db(120, 1, 4);
    // A household with a tahap not received last year and members verified this year.
    let id = one::<String>(
        &demo.path,
        "SELECT h.id FROM households h WHERE h.deleted = 0
           AND h.id IN (SELECT household_id FROM payments
                        WHERE status = 'tidak_diterima' AND year = 2025)
           AND h.id IN (SELECT household_id FROM verifications WHERE month >= '2026-06')
         ORDER BY h.search_text LIMIT 1",
    );
    let member = one::<String>(
        &demo.path,
        &format!(
            "SELECT m.name FROM members m JOIN verifications v ON v.member_id = m.id
             WHERE m.household_id = '{id}' AND v.month = '2026-10' LIMIT 1"
        ),
    );
    let o = pilar(&demo.path, &["print", "household", &id]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let t = out(&o);
    let section = |title: &str| -> Vec<String> {
        t.lines()
            .skip_while(|l| !l.starts_with(title))
            .skip(2)
            .take_while(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let commitments = section("Komitmen 6 bulan terakhir (v memenuhi, x tidak memenuhi");
    assert!(!commitments.is_empty(), "{t}");
    let header = &commitments[0];
    for month in ["Jun 26", "Jul 26", "Agu 26", "Sep 26", "Okt 26", "Nov 26"] {
        assert!(header.contains(month), "{month} in {header}");
    }
    assert!(
        !header.contains("Mei 26") && !header.contains("Des 26"),
        "{header}"
    );
    let row = commitments
        .iter()
        .find(|l| l.starts_with(&member))
        .unwrap_or_else(|| panic!("{member} in\n{t}"));
    assert!(
        row.contains('v') || row.contains(" x") || row.contains(" -"),
        "{row}"
    );
    let payments = section("Pembayaran per tahap");
    assert!(
        payments[0].contains("Tahun") && payments[0].contains("Tahap 4"),
        "{t}"
    );
    let last_year = payments
        .iter()
        .find(|l| l.starts_with("2025"))
        .unwrap_or_else(|| panic!("2025 in\n{t}"));
    assert!(last_year.contains("tidak diterima: "), "{last_year}");
    // This year first; every tahap of it has started by November.
    assert!(payments[1].starts_with("2026"), "{t}");
    // In English Markdown.
    let o = pilar(
        &demo.path,
        &["--lang", "en", "print", "household", &id, "--format", "md"],
    );
    let m = out(&o);
    assert!(
        m.contains("## Commitments, last 6 months (v met, x not met"),
        "{m}"
    );
    assert!(m.contains("| Name | Component | Jun 26 |"), "{m}");
    assert!(m.contains("## Payments per tahap"), "{m}");
    assert!(
        m.contains("| Year | Tahap 1 | Tahap 2 | Tahap 3 | Tahap 4 |"),
        "{m}"
    );
    assert!(m.contains("not received"), "{m}");
}
