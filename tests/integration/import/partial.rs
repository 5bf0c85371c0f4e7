//! Partial files: only the columns a file names change; the dry run's list of changes; the summaries.

use super::*;

fn logged_fields_since(db: &Db, seq: i64) -> Vec<String> {
    let c = rusqlite::Connection::open(&db.path).unwrap();
    let mut stmt = c
        .prepare("SELECT field FROM change_log WHERE seq > ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([seq], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn last_seq(db: &Db) -> i64 {
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn a_partial_file_changes_only_its_columns_and_an_empty_cell_clears() {
    use pilar::transfer::Col;
    let db = db();
    let (p, _) = import(
        &db,
        &households_csv(";", "\n"),
        Some(&members_csv()),
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let before = household_row(&db, &kk(1));
    let seq = last_seq(&db);
    // The field test's D1: an office sheet that only updates phone numbers.
    let phones = format!(
        "no_kk;nama;nik;desa;telepon\n{};Siti Aminah;{};Curugsewu;0812 9999 8888\n",
        kk(1),
        nik(1)
    );
    let (p, report) = import(&db, &phones, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 0));
    let after = household_row(&db, &kk(1));
    for (i, col) in Kind::Households.columns().iter().enumerate() {
        if *col == Col::Phone {
            assert_eq!(after[i], "081299998888");
        } else {
            assert_eq!(after[i], before[i], "{col:?} kept");
        }
    }
    assert_eq!(logged_fields_since(&db, seq), ["phone"]);
    assert_eq!(count(&db, "members"), 4, "members untouched");
    // An empty cell in a column the file has clears that field, and only that one.
    let seq = last_seq(&db);
    let clear = format!(
        "no_kk;nama;nik;desa;alamat;desil;usaha\n{};Siti Aminah;{};Curugsewu;;;\n",
        kk(1),
        nik(1)
    );
    let (p, report) = import(&db, &clear, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    let cleared = household_row(&db, &kk(1));
    for (i, col) in Kind::Households.columns().iter().enumerate() {
        match col {
            Col::Address | Col::Desil | Col::Business => {
                assert_eq!(cleared[i], "", "{col:?} cleared")
            }
            // A file with a business column and an empty cell runs no business.
            Col::HasBusiness => assert_eq!(cleared[i], "tidak"),
            _ => assert_eq!(cleared[i], after[i], "{col:?} kept"),
        }
    }
    let mut logged = logged_fields_since(&db, seq);
    logged.sort();
    assert_eq!(
        logged,
        ["address", "business_desc", "desil", "has_business"]
    );
}

#[test]
fn a_partial_members_file_keeps_what_it_leaves_out() {
    let db = db();
    let csv = households_csv(";", "\n");
    let (p, _) = import(&db, &csv, Some(&members_csv()), opts());
    assert!(p.is_empty(), "{p:?}");
    let seq = last_seq(&db);
    // Names only: Budi is renamed; his relation, component, sex and birth date stay.
    let names = format!(
        "no kk;nik;nama\n{k1};{n1};Siti Aminah\n{k1};{c1};Budi Santoso\n{k2};{n2};Sri Wahyuni\n",
        k1 = kk(1),
        n1 = nik(1),
        c1 = child_nik(11),
        k2 = kk(2),
        n2 = nik(2),
    );
    let (p, report) = import(&db, &csv, Some(&names), opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!((report.updated, report.unchanged), (1, 2));
    let members = db.store.export_rows(Kind::Members, &scope(&db)).unwrap();
    let budi = members.iter().find(|m| m[3] == child_nik(11)).unwrap();
    assert_eq!(
        &budi[4..],
        [
            "Budi Santoso",
            "L",
            "2016-07-01",
            "anak",
            "sd",
            "",
            "",
            "",
            ""
        ]
    );
    assert_eq!(logged_fields_since(&db, seq), ["name"]);
}

#[test]
fn a_partial_records_file_keeps_what_it_leaves_out() {
    let db = db();
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    let (aid, rid) = (
        "0b6c3a52-2f1e-4c4e-9a55-0000000000a1",
        "0b6c3a52-2f1e-4c4e-9a55-0000000000a2",
    );
    let full = format!(
        "id;no_kk;kegiatan;tanggal;ringkasan;rincian;tindak_lanjut\n\
         {aid};{};kunjungan;2026-11-02;Kunjungan rumah;Atap bocor;2026-12-10\n",
        kk(1)
    );
    let (p, _) = import(&db, &full, None, opts());
    assert!(p.is_empty(), "{p:?}");
    let short = format!(
        "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{};kunjungan;2026-11-02;Kunjungan kedua\n",
        kk(1)
    );
    let (p, report) = import(&db, &short, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    assert_eq!(
        query(&db, "SELECT summary FROM activities WHERE id = ?1", aid),
        "Kunjungan kedua"
    );
    assert_eq!(
        query(&db, "SELECT detail FROM activities WHERE id = ?1", aid),
        "Atap bocor"
    );
    assert_eq!(
        query(&db, "SELECT follow_up FROM activities WHERE id = ?1", aid),
        "2026-12-10"
    );
    let referral = format!(
        "id;no_kk;program;tanggal;lembaga;catatan\n{rid};{};kur;2026-11-03;BRI Patean;bawa KTP\n",
        kk(1)
    );
    let (p, _) = import(&db, &referral, None, opts());
    assert!(p.is_empty(), "{p:?}");
    let status = format!(
        "id;no_kk;program;tanggal;status\n{rid};{};kur;2026-11-03;diterima\n",
        kk(1)
    );
    let (p, report) = import(&db, &status, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    assert_eq!(
        query(&db, "SELECT status FROM referrals WHERE id = ?1", rid),
        "diterima"
    );
    assert_eq!(
        query(&db, "SELECT agency FROM referrals WHERE id = ?1", rid),
        "BRI Patean"
    );
    assert_eq!(
        query(&db, "SELECT notes FROM referrals WHERE id = ?1", rid),
        "bawa KTP"
    );
    // A status cannot be emptied: an empty cell keeps it.
    let (p, report) = import(&db, &status.replace(";diterima", ";"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.unchanged, 1);
}

#[test]
fn dry_run_lists_each_field_that_would_change_with_identity_numbers_masked() {
    let db = filled_db_file();
    let dbp = db.path.to_str().unwrap().to_string();
    let file = db.dir.join("hp.csv");
    // A new phone, an emptied address, and a pengurus NIK that differs from the stored one.
    std::fs::write(
        &file,
        format!(
            "no_kk;nama;nik;desa;telepon;alamat\n{};Siti Aminah;{};Curugsewu;081299998888;\n",
            kk(1),
            nik(9)
        ),
    )
    .unwrap();
    let seq = last_seq(&db);
    let out = pilar(
        &db.dir,
        &["import", "--db", &dbp, "--dry-run", file.to_str().unwrap()],
    );
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("Baris 2"), "{stdout}");
    assert!(
        stdout.contains("No. HP: 081234567890 -> 081299998888"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Alamat: Dusun Krajan; Jl. Mawar, 3 -> -"),
        "{stdout}"
    );
    assert!(
        stdout.contains("NIK pengurus: 3324••••••••0001 -> 3324••••••••0009"),
        "{stdout}"
    );
    assert!(!stdout.contains(&nik(9)), "NIK masked: {stdout}");
    assert!(!stdout.contains(&nik(1)), "NIK masked: {stdout}");
    assert_eq!(last_seq(&db), seq, "a dry run writes nothing");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--dry-run",
            "--lang",
            "en",
            file.to_str().unwrap(),
        ],
    );
    let (stdout, _) = run_text(&out);
    assert!(
        stdout.contains("Phone: 081234567890 -> 081299998888"),
        "{stdout}"
    );
}

#[test]
fn summaries_count_households_and_members_and_say_nothing_was_added_when_refused() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    // Two good rows and a bad one: all or nothing refuses the file.
    let file = db.dir.join("k.csv");
    std::fs::write(
        &file,
        format!(
            "nama;nik;no kk;desa\nSiti;{};{};Curugsewu\nSri;{};{};Curugsewu\nRusak;123;{};Curugsewu\n",
            nik(1),
            kk(1),
            nik(2),
            kk(2),
            kk(3)
        ),
    )
    .unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, file.to_str().unwrap()]);
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout.contains("ditambah 2"), "{stdout}");
    assert!(stderr.contains("1 masalah di 1 baris"), "{stderr}");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            file.to_str().unwrap(),
        ],
    );
    let (stdout, stderr) = run_text(&out);
    assert!(!stdout.contains("added 2"), "{stdout}");
    assert!(stderr.contains("1 problem on 1 line;"), "{stderr}");
    // One household with two bad member rows is one invalid household (and two invalid
    // member rows); the other household and its members are counted.
    let members = db.dir.join("a.csv");
    std::fs::write(
        &members,
        format!(
            "no kk;nik;nama;tanggal lahir\n{k1};{c1};Budi;kemarin lusa\n{k1};123;Ani;\n{k2};{c2};Dodi;\n",
            k1 = kk(1),
            c1 = child_nik(11),
            k2 = kk(2),
            c2 = child_nik(12),
        ),
    )
    .unwrap();
    let two = db.dir.join("k2.csv");
    std::fs::write(&two, simple_households(&[(1, "Siti"), (2, "Sri")])).unwrap();
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            "--skip-invalid",
            "--members",
            members.to_str().unwrap(),
            two.to_str().unwrap(),
        ],
    );
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains("Households: added 1, updated 0, unchanged 0, invalid 1."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Members: added 2, updated 0, removed 0, invalid 2."),
        "{stdout}"
    );
    assert!(stdout.contains("3 invalid lines skipped"), "{stdout}");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            "--members",
            members.to_str().unwrap(),
            two.to_str().unwrap(),
        ],
    );
    let (_, stderr) = run_text(&out);
    assert!(stderr.contains("4 problems on 3 lines;"), "{stderr}");
}
