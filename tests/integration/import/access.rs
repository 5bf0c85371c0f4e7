//! Import's access rules and the binary: templates, a large file beside another session, other facilitators' records, supervisors' notes, refused rows, exports that never overwrite.

use super::*;

#[test]
fn the_templates_in_assets_import_cleanly() {
    let db = db();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/import");
    let main = read_csv(&std::fs::read(root.join("keluarga.csv")).unwrap()).unwrap();
    let members = read_csv(&std::fs::read(root.join("anggota.csv")).unwrap()).unwrap();
    assert!(
        main.unknown_headers().is_empty(),
        "{:?}",
        main.unknown_headers()
    );
    assert!(members.unknown_headers().is_empty());
    let (problems, report) = import_tables(&db, &main, Some(&members), opts());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.added, 1);
    assert_eq!(count(&db, "members"), 2);
}

/// A large import (more than 2,000 rows) writes through a rollback journal when it has the
/// file to itself, and through the WAL when another session has it open; either way every
/// row lands, the file is back in WAL mode and its history verifies.
#[test]
fn a_large_import_with_and_without_another_session() {
    let csv = |from: u16| {
        let mut s = String::from("nama;nik;no kk;desa\n");
        for i in from..from + 2500 {
            s.push_str(&format!("Ibu {i};{};{};Curugsewu\n", nik(i), kk(i)));
        }
        s
    };
    let journal = |db: &Db| -> String {
        rusqlite::Connection::open(&db.path)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    let db = db();
    let (problems, report) = import(&db, &csv(1), None, opts());
    assert!(problems.is_empty());
    assert_eq!(report.added, 2500);
    assert_eq!(journal(&db), "wal");
    // Another session keeps the file open (and reads from it) during the next import.
    let other = Store::open(&db.path).unwrap();
    assert_eq!(other.workers().unwrap().len(), 1);
    let (problems, report) = import(&db, &csv(3000), None, opts());
    assert!(problems.is_empty());
    assert_eq!(report.added, 2500);
    assert_eq!(
        other.workers().unwrap().len(),
        1,
        "the other session still reads"
    );
    drop(other);
    assert_eq!(count(&db, "households"), 5000);
    assert_eq!(journal(&db), "wal");
    assert!(db.store.verify().unwrap().ok());
}

#[test]
fn an_import_cannot_rewrite_move_or_undo_another_facilitators_records() {
    let db = db();
    let budi = db
        .store
        .add_worker("Budi", "budi", Role::Facilitator, 10, None)
        .unwrap();
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti"), (3, "Sri")]),
        None,
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let (p, _) = import_as(&db, &budi, &simple_households(&[(2, "Lestari")]), opts());
    assert!(p.is_empty(), "{p:?}");
    let budi_household = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(2));
    let (aid, gid, rid) = (
        "0b6c3a52-2f1e-4c4e-9a55-000000000001",
        "0b6c3a52-2f1e-4c4e-9a55-000000000002",
        "0b6c3a52-2f1e-4c4e-9a55-000000000003",
    );
    for csv in [
        format!(
            "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{};kunjungan;2026-11-01;Kunjungan Budi\n",
            kk(2)
        ),
        format!(
            "id;no_kk;graduasi;tanggal;bukti\n{gid};{};sejahtera_mandiri;2026-11-02;asesmen,surat_pernyataan\n",
            kk(2)
        ),
        format!(
            "id;no_kk;program;tanggal;lembaga\n{rid};{};kube;2026-11-02;Dinsos\n",
            kk(2)
        ),
    ] {
        let (p, report) = import_as(&db, &budi, &csv, opts());
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(report.added, 1);
    }
    let log = count(&db, "change_log");
    // Ani names Budi's records by their ids, with her own household.
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    for csv in [
        format!(
            "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{};kunjungan;2026-11-03;Ditimpa\n",
            kk(1)
        ),
        format!(
            "id;no_kk;graduasi;tanggal;dibatalkan\n{gid};{};alamiah;2026-11-03;ya\n",
            kk(1)
        ),
        format!(
            "id;no_kk;program;tanggal;lembaga\n{rid};{};kur;2026-11-03;Bank\n",
            kk(1)
        ),
    ] {
        let (p, report) = import(&db, &csv, None, skip);
        assert_eq!(
            reasons(&p),
            [(2, "RecordOtherCaseload".to_string())],
            "{csv}"
        );
        assert_eq!((report.added, report.updated), (0, 0));
        let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
        assert!(en.contains("another facilitator's caseload"), "{en}");
    }
    assert_eq!(count(&db, "change_log"), log, "nothing written");
    for (table, id) in [
        ("activities", aid),
        ("graduations", gid),
        ("referrals", rid),
    ] {
        let sql = format!("SELECT household_id FROM {table} WHERE id = ?1");
        assert_eq!(query(&db, &sql, id), budi_household, "{table}");
    }
    assert_eq!(
        query(
            &db,
            "SELECT kind || undone FROM graduations WHERE id = ?1",
            gid
        ),
        "sejahtera_mandiri0"
    );

    // Her own records: an update may not move one to another household, nor undo a
    // graduation; it does refresh the household's roll-ups.
    let (a2, g2) = (
        "0b6c3a52-2f1e-4c4e-9a55-000000000004",
        "0b6c3a52-2f1e-4c4e-9a55-000000000005",
    );
    let activity = |no_kk: &str, date: &str| {
        format!("id;no_kk;kegiatan;tanggal;ringkasan\n{a2};{no_kk};kunjungan;{date};Kunjungan\n")
    };
    let (p, report) = import(&db, &activity(&kk(1), "2026-10-01"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.added, 1);
    let siti = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(1));
    let (p, _) = import(&db, &activity(&kk(3), "2026-10-01"), None, opts());
    assert_eq!(reasons(&p), [(2, "MovesRecord".to_string())]);
    assert_eq!(
        query(&db, "SELECT household_id FROM activities WHERE id = ?1", a2),
        siti
    );
    let (p, report) = import(&db, &activity(&kk(1), "2026-10-20"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    assert_eq!(
        query(
            &db,
            "SELECT last_visit FROM households WHERE id = ?1",
            &siti
        ),
        "2026-10-20"
    );
    let graduation = |undone: &str| {
        format!(
            "id;no_kk;graduasi;tanggal;bukti;dibatalkan\n{g2};{};mandiri;2026-11-01;surat_pernyataan;{undone}\n",
            kk(3)
        )
    };
    let (p, report) = import(&db, &graduation("tidak"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.added, 1);
    let (p, _) = import(&db, &graduation("ya"), None, skip);
    assert_eq!(reasons(&p), [(2, "ChangesUndone".to_string())]);
    assert!(pilar::transfer::messages::import_problem(Lang::En, &p[0]).contains("U U"));
    assert_eq!(
        query(
            &db,
            "SELECT status FROM households WHERE no_kk = ?1",
            &kk(3)
        ),
        "graduasi"
    );
    assert_eq!(
        query(&db, "SELECT undone FROM graduations WHERE id = ?1", g2),
        "0"
    );
    // Nor change a recorded graduation's kind or date (its status came from them).
    for changed in [
        graduation("tidak")
            .replace(";mandiri;", ";sejahtera_mandiri;")
            .replace(";surat_pernyataan;", ";asesmen,surat_pernyataan;"),
        graduation("tidak").replace("2026-11-01", "2026-11-05"),
    ] {
        let (p, _) = import(&db, &changed, None, skip);
        assert_eq!(
            reasons(&p),
            [(2, "ChangesGraduation".to_string())],
            "{changed}"
        );
    }
    assert_eq!(
        query(
            &db,
            "SELECT kind || date FROM graduations WHERE id = ?1",
            g2
        ),
        "mandiri2026-11-01"
    );
    // Re-importing it unchanged is fine.
    let (p, report) = import(&db, &graduation("tidak"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.unchanged, 1);
    assert!(db.store.verify().unwrap().ok());
}

#[test]
fn a_supervisors_note_is_not_rewritten_by_an_import() {
    let db = db();
    let korcam = db
        .store
        .add_worker("Korcam", "korcam", Role::Supervisor, 0, None)
        .unwrap();
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    let siti = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(1));
    let note = db
        .store
        .add_activity(
            &korcam.id,
            &pilar::model::NewActivity {
                households: vec![(siti.clone(), true)],
                kind: pilar::domain::activity::ActivityKind::Direktif,
                date: today(),
                summary: "Kunjungi minggu ini".into(),
                detail: String::new(),
                follow_up: None,
                group_name: String::new(),
                place: String::new(),
                p2k2_module: None,
                p2k2_session: None,
            },
        )
        .unwrap();
    // The facilitator's export carries the note; importing it back changes nothing ...
    let rows = db
        .store
        .export_rows(Kind::Activities, &Scope::Worker(db.user.id.clone()))
        .unwrap();
    let csv = String::from_utf8(render(Kind::Activities, Format::Csv, &rows).unwrap()).unwrap();
    let (p, report) = import(&db, &csv, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.unchanged, 1);
    // ... and an edited copy is refused.
    let edited = csv.replace("Kunjungi minggu ini", "Sudah");
    let (p, _) = import(&db, &edited, None, opts());
    assert_eq!(reasons(&p), [(2, "SupervisorRecord".to_string())]);
    assert_eq!(
        query(&db, "SELECT summary FROM activities WHERE id = ?1", &note),
        "Kunjungi minggu ini"
    );
}

#[test]
fn a_refused_member_row_leaves_its_household_as_it_was() {
    let db = db();
    let csv = households_csv(";", "\n");
    let (p, _) = import(&db, &csv, Some(&members_csv()), opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(count(&db, "members"), 4);
    // The child's row (line 3 of the members file) now has a date that is not one.
    let bad = members_csv().replace("2016-07-01", "kemarin");
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let changed = csv.replace(";Kendal;2;", ";Kendal;4;");
    let (p, report) = import(&db, &changed, Some(&bad), skip);
    let r = reasons(&p);
    assert!(r.contains(&(3, "Date".to_string())), "{r:?}");
    assert!(
        r.contains(&(2, "MemberRefused { member_line: 3 }".to_string())),
        "{r:?}"
    );
    assert!(report.written);
    assert_eq!((report.updated, report.unchanged), (0, 2));
    let live: i64 = rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row("SELECT count(*) FROM members WHERE deleted = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(live, 4, "the stored child is not deleted");
    assert_eq!(
        query(&db, "SELECT desil FROM households WHERE no_kk = ?1", &kk(1)),
        "2",
        "the household is left as it was"
    );
    let p = p.iter().find(|p| p.line == 2).unwrap();
    let id = pilar::transfer::messages::import_problem(Lang::Id, p);
    assert!(id.contains("baris 3"), "{id}");
}

#[test]
fn a_nik_under_two_no_kks_is_a_duplicate_across_the_files() {
    let db = db();
    // Sri's pengurus NIK (line 3 of the households file) as a child of Siti's household.
    let members = format!(
        "no kk;nik;nama;hubungan\n{};{};Sri Lagi;anak\n",
        kk(1),
        nik(2)
    );
    let (p, report) = import(&db, &households_csv(";", "\n"), Some(&members), opts());
    let r = reasons(&p);
    assert!(
        r.contains(&(2, "DuplicateNik { first_line: 3 }".to_string())),
        "{r:?}"
    );
    assert!(!report.written);
    assert_eq!(count(&db, "households"), 0);
}

#[test]
fn a_duplicate_id_in_one_file_is_reported_with_its_line() {
    let db = db();
    let hid = "0b6c3a52-2f1e-4c4e-9a55-0000000000aa";
    let households = format!(
        "id;nama;nik;no kk;desa\n{hid};Siti;{};{};Curugsewu\n{hid};Sri;{};{};Curugsewu\n",
        nik(1),
        kk(1),
        nik(2),
        kk(2)
    );
    let (p, _) = import(&db, &households, None, opts());
    assert_eq!(
        reasons(&p),
        [(3, "DuplicateId { first_line: 2 }".to_string())]
    );
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty());
    let aid = "0b6c3a52-2f1e-4c4e-9a55-0000000000bb";
    let activities = format!(
        "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{k};kunjungan;2026-11-01;Satu\n{aid};{k};kunjungan;2026-11-02;Dua\n",
        k = kk(1)
    );
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let (p, report) = import(&db, &activities, None, skip);
    assert_eq!(
        reasons(&p),
        [(3, "DuplicateId { first_line: 2 }".to_string())]
    );
    assert_eq!(report.added, 1);
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(en.contains("the same id is already on line 2"), "{en}");
    let id = pilar::transfer::messages::import_problem(Lang::Id, &p[0]);
    assert!(id.contains("id yang sama sudah ada di baris 2"), "{id}");
    for (kind, header) in [
        ("graduasi", "graduasi;bukti"),
        ("program", "program;lembaga"),
    ] {
        let (a, b) = if kind == "graduasi" {
            ("pindah;", "meninggal;")
        } else {
            ("kube;Dinsos", "kur;Bank")
        };
        let csv = format!(
            "id;no_kk;tanggal;{header}\n{aid};{k};2026-11-01;{a}\n{aid};{k};2026-11-02;{b}\n",
            k = kk(1)
        );
        let (p, _) = import(&db, &csv, None, opts());
        assert_eq!(
            reasons(&p),
            [(3, "DuplicateId { first_line: 2 }".to_string())],
            "{kind}"
        );
    }
}

#[test]
fn a_graduation_without_the_evidence_the_form_requires_is_refused() {
    let db = db();
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti"), (2, "Sri"), (3, "Tri")]),
        None,
        opts(),
    );
    assert!(p.is_empty());
    let csv = format!(
        "no_kk;graduasi;tanggal;bukti\n\
         {};mandiri;2026-11-01;\n\
         {};sejahtera_mandiri;2026-11-01;Asesmen\n\
         {};sejahtera_mandiri;2026-11-01;asesmen, Surat Pernyataan\n",
        kk(1),
        kk(2),
        kk(3)
    );
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let (p, report) = import(&db, &csv, None, skip);
    assert_eq!(
        reasons(&p),
        [
            (2, "MissingEvidence([\"surat_pernyataan\"])".to_string()),
            (3, "MissingEvidence([\"surat_pernyataan\"])".to_string()),
        ]
    );
    assert_eq!(report.added, 1, "only the graduation with both");
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(en.contains("needs the evidence: surat_pernyataan"), "{en}");
    // The demo's graduations satisfy the rule, so its exports import.
    let demo = demo_db(300, 2, 11);
    let store = Store::open(&demo.path).unwrap();
    let rows = store.export_rows(Kind::Graduations, &Scope::All).unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r[3].text.as_str()).collect();
    assert!(
        kinds.contains(&"mandiri") && kinds.contains(&"sejahtera_mandiri"),
        "{kinds:?}"
    );
    let bytes = render(Kind::Graduations, Format::Csv, &rows).unwrap();
    let (_, problems) = pilar::transfer::rows::graduations(&read_csv(&bytes).unwrap());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn export_refuses_to_overwrite_a_file_and_writes_a_new_one_private() {
    use std::os::unix::fs::PermissionsExt;
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let old = db.dir.join("old.csv");
    std::fs::write(&old, "dulu").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--lang",
            "en",
            "--out",
            old.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("does not overwrite"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "dulu");
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--out",
            old.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tidak menimpanya"));
    let new = db.dir.join("new.csv");
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--out",
            new.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_failing_import_benchmark_says_why_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    // A temporary directory that is a file: the benchmark cannot make its folder.
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, "").unwrap();
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args(["bench", "--import", "1", "--lang", lang])
            .env("PILAR_TODAY", "2026-11-29")
            .env("TMPDIR", &not_a_dir)
            .env_remove("PILAR_LANG")
            .env_remove("PILAR_DB")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run("en");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("The import benchmark failed: Cannot write"),
        "{err}"
    );
    let out = run("id");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Uji kecepatan impor gagal: Tidak dapat menulis"),
        "{err}"
    );
}

// Issue 14: partial imports, dry-run listing, counts, spreadsheet-mangled phones, sheet
// names, NIK rules on import, bounded input, inert messages, no identity leak.

#[test]
fn the_binary_refuses_a_bad_file_with_status_1_and_imports_a_good_one() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let bad = db.dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "nama;nik;no kk;desa\nSiti;{};{};Curugsewu\nSri;3.3E+15;{};Curugsewu\n",
            nik(1),
            kk(1),
            kk(2)
        ),
    )
    .unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Baris 3, kolom nik: \"3.3E+15\""), "{err}");
    assert!(err.contains("tidak ada yang diimpor"), "{err}");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            "--skip-invalid",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Households: added 1, updated 0, unchanged 0, invalid 1."),
        "{text}"
    );
    // Export to stdout, CSV; xlsx needs --out.
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "households"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("=\"\"{}\"\"", kk(1))));
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--format",
            "xlsx",
            "--lang",
            "en",
        ],
    );
    // A usage error (issue 12): status 2.
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
}

#[test]
fn a_supervisor_cannot_import() {
    let demo = demo_db(20, 2, 1);
    let file = demo.dir.path().join("k.csv");
    std::fs::write(
        &file,
        format!("nama;nik;no kk;desa\nSiti;{};{};Curugsewu\n", nik(1), kk(1)),
    )
    .unwrap();
    let out = pilar(
        demo.dir.path(),
        &[
            "import",
            "--db",
            demo.path.to_str().unwrap(),
            "--lang",
            "en",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("A supervisor cannot import"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
