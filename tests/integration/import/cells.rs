//! Cells a spreadsheet mangled: phones, xlsx sheets named in problems, NIKs against sex and birth date, month names and two-digit years.

use super::*;

#[test]
fn a_phone_damaged_by_a_spreadsheet_is_refused_like_a_nik() {
    let db = db();
    let csv = format!(
        "nama;nik;no kk;desa;no hp\nSiti;{};{};Curugsewu;6,28123E+12\nSri;{};{};Curugsewu;6.28123E+12\nAni;{};{};Curugsewu;+62 812-3456-7890\n",
        nik(1),
        kk(1),
        nik(2),
        kk(2),
        nik(3),
        kk(3)
    );
    let (p, report) = import(&db, &csv, None, opts());
    let lines: Vec<usize> = p.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3], "{p:?}");
    assert!(!report.written);
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(
        en.contains("scientific notation") && en.contains("Format the column as Text"),
        "{en}"
    );
    let id = pilar::transfer::messages::import_problem(Lang::Id, &p[1]);
    assert!(id.contains("Teks"), "{id}");
    // A number cell in a workbook: the leading 0 is gone.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["nama", "nik", "no kk", "desa", "telepon"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Siti").unwrap();
    sheet.write_string(1, 1, nik(1)).unwrap();
    sheet.write_string(1, 2, kk(1)).unwrap();
    sheet.write_string(1, 3, "Curugsewu").unwrap();
    sheet.write_number(1, 4, 81234000222.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let table = read_xlsx(&bytes).unwrap().remove(0).1;
    let (p, _) = import_tables(&db, &table, None, opts());
    assert_eq!(p.len(), 1, "{p:?}");
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(en.contains("leading 0") && en.contains("Text"), "{en}");
    // The valid number is stored in its national form.
    let (p, report) = import(
        &db,
        &csv.lines()
            .take(1)
            .chain(csv.lines().skip(3))
            .collect::<Vec<_>>()
            .join("\n"),
        None,
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    assert!(report.written);
    assert_eq!(household_row(&db, &kk(3))[11], "081234567890");
}

fn two_sheet_book(households: &[[&str; 4]], members: &[[&str; 4]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Keluarga").unwrap();
    for (j, h) in ["Nama", "NIK Pengurus", "No KK", "Desa"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for (i, r) in households.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            sheet.write_string(i as u32 + 1, j as u16, *c).unwrap();
        }
    }
    let sheet = book.add_worksheet().set_name("Anggota").unwrap();
    for (j, h) in ["No KK", "NIK", "Nama", "Hubungan"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for (i, r) in members.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            sheet.write_string(i as u32 + 1, j as u16, *c).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_problems_name_their_sheet() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let (k1, n1, k2, n2) = (kk(1), nik(1), kk(2), nik(2));
    let bytes = two_sheet_book(
        &[
            ["Siti", "3324045203850", &k1, "Curugsewu"],
            ["Sri", &n2, &k2, "Curugsewu"],
        ],
        &[
            [&k2, "33240452038", "Anak", "anak"],
            [&k1, &n1, "Siti", "istri"],
        ],
    );
    let file = db.dir.join("buku.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, file.to_str().unwrap()]);
    let (_, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("Lembar Keluarga, baris 2, kolom NIK Pengurus"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Lembar Anggota, baris 2, kolom NIK"),
        "{stderr}"
    );
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
    let (_, stderr) = run_text(&out);
    assert!(
        stderr.contains("Sheet Anggota, line 2, column NIK"),
        "{stderr}"
    );
}

#[test]
fn a_members_nik_that_disagrees_with_sex_or_birth_date_is_a_warning_not_a_refusal() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let households = db.dir.join("k.csv");
    std::fs::write(&households, simple_households(&[(1, "Siti")])).unwrap();
    // The child's NIK says a boy born 1 July 2016; the row says a girl born 2 July 2016.
    let members = db.dir.join("a.csv");
    std::fs::write(
        &members,
        format!(
            "no kk;nik;nama;jenis kelamin;tanggal lahir;hubungan\n{};{};Budi;P;2016-07-02;anak\n",
            kk(1),
            child_nik(11)
        ),
    )
    .unwrap();
    let run = |lang: &str| {
        pilar(
            &db.dir,
            &[
                "import",
                "--db",
                &dbp,
                "--dry-run",
                "--lang",
                lang,
                "--members",
                members.to_str().unwrap(),
                households.to_str().unwrap(),
            ],
        )
    };
    let out = run("en");
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("would add 1"), "{stdout}");
    assert!(
        stderr.contains("line 2, column jenis kelamin: \"P\": warning: the NIK says Male"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "column tanggal lahir: \"2016-07-02\": warning: the NIK says born 1 Jul 2016"
        ),
        "{stderr}"
    );
    let (_, stderr) = run_text(&run("id"));
    assert!(
        stderr
            .contains("baris 2, kolom jenis kelamin: \"P\": peringatan: NIK menunjukkan Laki-laki"),
        "{stderr}"
    );
}

#[test]
fn import_dates_take_month_names_and_birth_years_of_two_digits_are_in_the_past() {
    let db = db();
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    let members = format!(
        "no kk;nik;nama;tanggal lahir;hubungan\n{k};{n};Siti;12/3/85;istri\n{k};{c};Budi;1 Juli 2016;anak\n",
        k = kk(1),
        n = nik(1),
        c = child_nik(11)
    );
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti")]),
        Some(&members),
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let rows = db.store.export_rows(Kind::Members, &scope(&db)).unwrap();
    let birth = |n: &str| rows.iter().find(|m| m[3] == n).unwrap()[6].clone();
    assert_eq!(birth(&nik(1)), "1985-03-12");
    assert_eq!(birth(&child_nik(11)), "2016-07-01");
    let activity = format!(
        "no_kk;kegiatan;tanggal;ringkasan\n{};kunjungan;2 Nov 2026;Kunjungan\n",
        kk(1)
    );
    let (p, report) = import(&db, &activity, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.added, 1);
    // A birth date typed with four digits in the future is refused.
    let future = members.replace("12/3/85", "12/3/2027");
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti")]),
        Some(&future),
        opts(),
    );
    assert!(
        p.iter().any(|p| p.line == 2 && p.column == "tanggal lahir"),
        "{p:?}"
    );
}

/// Runs the binary with a time limit (a FIFO nobody writes to must not hang the import).
fn pilar_within(dir: &Path, args: &[&str], secs: u64) -> std::process::Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(args)
        .env("PILAR_TODAY", "2026-11-29")
        .env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env_remove("PILAR_KEY_FILE")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() >= secs {
            let _ = child.kill();
            panic!("pilar {args:?} did not finish in {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn unreadable_and_oversized_inputs_get_clear_errors_not_a_crash() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let run = |file: &str| {
        let out = pilar_within(&db.dir, &["import", "--db", &dbp, "--lang", "en", file], 60);
        let (_, stderr) = run_text(&out);
        (out.status.code(), stderr)
    };
    // A file over the limit is refused before it is read (a sparse file: no disk used).
    let big = db.dir.join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200_000_001)
        .unwrap();
    let (code, err) = run(big.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("200 MB"), "{err}");
    // An endless input stops at the limit.
    let (code, err) = run("/dev/zero");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("200 MB"), "{err}");
    // A directory, a FIFO, an empty device, a missing file.
    let (code, err) = run(db.dir.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is a folder"), "{err}");
    let fifo = db.dir.join("pipe.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, err) = run(fifo.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    let (code, err) = run("/dev/null");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("empty"), "{err}");
    let (code, err) = run(db.dir.join("nothing.csv").to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no such file"), "{err}");
    // A workbook whose sheet claims a cell at XFD1048576 (adversarial test 3.13).
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Jauh").unwrap();
    sheet.write_string(0, 0, "nama").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let far = db.dir.join("far.xlsx");
    std::fs::write(&far, book.save_to_buffer().unwrap()).unwrap();
    let (code, err) = run(far.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("Jauh") && err.contains("1048576") && err.contains("16384"),
        "{err}"
    );
    // Not a workbook at all, and a UTF-16 file.
    let junk = db.dir.join("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 not really a zip").unwrap();
    let (code, err) = run(junk.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    let utf16 = db.dir.join("utf16.csv");
    let text: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("nama;nik\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&utf16, text).unwrap();
    let (code, err) = run(utf16.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("UTF-16"), "{err}");
    assert!(!err.contains('\0'), "no raw bytes: {err:?}");
}

#[test]
fn text_from_the_file_never_reaches_the_terminal_raw() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let evil = "\u{1b}]0;PWNED\u{7}\u{1b}]52;c;cm0gLXJmIH4K\u{7}kolom";
    let check = |name: &str, content: &str| {
        let file = db.dir.join(name);
        std::fs::write(&file, content).unwrap();
        let out = pilar(
            &db.dir,
            &["import", "--db", &dbp, "--dry-run", file.to_str().unwrap()],
        );
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == 0x07),
                "{name}: raw escape in {:?}",
                String::from_utf8_lossy(stream)
            );
        }
        run_text(&out)
    };
    // An unknown column (adversarial test F1), with comma and semicolon separators.
    let (_, err) = check(
        "header.csv",
        &format!(
            "nama,nik,no_kk,desa,\"{evil}\"\nBudi,{},{},Curugsewu,x\n",
            nik(1),
            kk(1)
        ),
    );
    assert!(err.contains("kolom"), "{err}");
    check(
        "header2.csv",
        &format!(
            "nama;nik;no_kk;desa;{evil}\nBudi;{};{};Curugsewu;x\n",
            nik(1),
            kk(1)
        ),
    );
    // A header no kind is recognised from.
    check("kind.csv", &format!("{evil};x\n1;2\n"));
    // A value and a NIK with an escape in them (adversarial test 3.6).
    let (_, err) = check(
        "value.csv",
        &format!(
            "nama;nik;no_kk;desa;rt\nBudi;\u{1b}3324;{};Curugsewu;\"{evil}\"\n",
            kk(1)
        ),
    );
    assert!(err.contains("U+001B"), "{err}");
    // A workbook's header cell and sheet name.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Data").unwrap();
    for (j, h) in ["nama", "nik", "no kk", "desa", evil].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Budi").unwrap();
    sheet.write_string(1, 1, evil).unwrap();
    let file = db.dir.join("book.xlsx");
    std::fs::write(&file, book.save_to_buffer().unwrap()).unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, file.to_str().unwrap()]);
    assert!(!out.stderr.iter().any(|&b| b == 0x1b || b == 0x07));
}

/// Issue 14 (adversarial test F4): `pilar export --what members` shows every member's full
/// NIK, so it is recorded in the history (who, when, how many, which caseload) as `i` is;
/// a database that cannot record it does not export them.
#[test]
fn an_export_of_members_is_recorded_in_the_history() {
    use std::os::unix::fs::PermissionsExt;
    let db = filled_db_file();
    let dbp = db.path.to_str().unwrap().to_string();
    let user = db.user.id.clone();
    drop(db.store);
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "members"]);
    assert_eq!(out.status.code(), Some(0));
    let c = rusqlite::Connection::open(&db.path).unwrap();
    let (author, field, new): (String, String, String) = c
        .query_row(
            "SELECT author_id, field, new_value FROM change_log
             WHERE table_name = 'export' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (author.as_str(), field.as_str()),
        (user.as_str(), "members")
    );
    assert!(new.contains("4") && new.contains("ani"), "{new}");
    drop(c);
    assert!(Store::open(&db.path).unwrap().verify().unwrap().ok());
    // Read-only: nothing can be recorded, so nothing is exported.
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "members"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // Households carry no member NIKs beyond the pengurus'; they export read-only as before.
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "households"]);
    assert_eq!(out.status.code(), Some(0));
}

/// Issue 14 (adversarial test F13, 9.3): a NIK or No KK registered in another facilitator's
/// caseload is refused without that family's name (in one's own caseload the name helps and
/// stays); a row naming its household by `id_keluarga` is reported in that column.
#[test]
fn a_duplicate_in_another_caseload_is_not_named_and_the_column_is_the_files() {
    let db = db();
    let budi = db
        .store
        .add_worker("Budi", "budi", Role::Facilitator, 10, None)
        .unwrap();
    let (p, _) = import_as(
        &db,
        &budi,
        &simple_households(&[(2, "Lestari Budi")]),
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let (p, _) = import(&db, &simple_households(&[(1, "Siti Ani")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    // Budi's pengurus NIK, and then Ani's own, under new No KKs.
    for (serial, own) in [(2u16, false), (1, true)] {
        let csv = format!(
            "nama;nik;no kk;desa\nOrang Baru;{};{};Curugsewu\n",
            nik(serial),
            kk(30 + serial)
        );
        let (p, report) = import(&db, &csv, None, opts());
        assert!(!report.written);
        assert_eq!(p.len(), 1, "{p:?}");
        let id = pilar::transfer::messages::import_problem(Lang::Id, &p[0]);
        let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
        if own {
            assert!(id.contains("Siti Ani"), "{id}");
        } else {
            assert!(
                !id.contains("Lestari") && !en.contains("Lestari"),
                "{id} / {en}"
            );
            assert!(
                id.contains("sudah terdaftar di KPM dampingan pendamping lain"),
                "{id}"
            );
            assert!(
                en.contains("already registered in another facilitator's caseload"),
                "{en}"
            );
        }
    }
    let budi_household = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(2));
    let csv = format!(
        "id_keluarga;kegiatan;tanggal;ringkasan\n{budi_household};kunjungan;2026-11-02;Kunjungan\n"
    );
    let (p, _) = import(&db, &csv, None, opts());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].column, "id_keluarga");
    assert_eq!(p[0].reason, Reason::OtherCaseload);
}

/// Issue 14 (domain review 1.2, 1.3): NIKs with kabupaten/kota 00 or kecamatan 00 and an
/// area code whose village number is 000 are refused on import.
#[test]
fn impossible_niks_and_area_codes_are_refused() {
    let db = db();
    let csv = format!(
        "nama;nik;no kk;desa;kode wilayah\n\
         Kab;3300015203850001;{};Curugsewu;\n\
         Kec;3324005203850002;{};Curugsewu;\n\
         Desa;{};{};Curugsewu;33.24.04.2000\n\
         Baik;{};{};Curugsewu;33.24.04.2007\n",
        kk(1),
        kk(2),
        nik(3),
        kk(3),
        nik(4),
        kk(4)
    );
    let (p, report) = import(&db, &csv, None, opts());
    let lines: Vec<usize> = p.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3, 4], "{p:?}");
    assert!(!report.written);
    let en: Vec<String> = p
        .iter()
        .map(|p| pilar::transfer::messages::import_problem(Lang::En, p))
        .collect();
    assert!(en[0].contains("kabupaten/kota code 00"), "{en:?}");
    assert!(en[1].contains("kecamatan code 00"), "{en:?}");
    assert!(en[2].contains("000"), "{en:?}");
}
