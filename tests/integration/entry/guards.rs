//! Data entry's guards: refused dates, hostile text, revealed NIKs, two sessions, read-only files, duplicates, a full disk.

use super::*;

#[test]
fn the_saved_household_stays_selected_and_undo_follows_a_graduation() {
    let (_demo, store, mut app) = setup(200);
    // Sorted by days since the last visit, a visit moves the household in the list.
    keys(&mut app, &store, "ssssjjjjj");
    assert_eq!(app.caseload.sort.column, pilar::model::SortColumn::Days);
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    keys(&mut app, &store, "aKunjungan<enter>");
    assert_eq!(
        app.caseload.list.selected_row().unwrap().id,
        id,
        "still on the same family"
    );
    assert_eq!(app.household.detail.as_ref().unwrap().id, id);
    // Graduate it, then U U right away undoes that graduation although it left the list.
    let counted = app.gauge.counted;
    keys(&mut app, &store, "LMandiri<tab><space><tab><space><enter>");
    assert_eq!(app.gauge.counted, counted + 1);
    keys(&mut app, &store, "UU");
    assert_eq!(app.gauge.counted, counted);
    // Commands run only where their keys would.
    keys(&mut app, &store, ":selesai<enter>");
    assert_eq!(app.message.as_ref().unwrap().level, Level::Error);
}

#[test]
fn referral_with_an_impossible_date_is_refused() {
    let (demo, store, mut app) = setup(40);
    let before = count(&demo.path, "SELECT count(*) FROM referrals");
    keys(&mut app, &store, "r<tab><tab><c-u>32/1<enter>");
    assert!(form_error(&app, "date").is_some());
    assert_eq!(count(&demo.path, "SELECT count(*) FROM referrals"), before);
    keys(&mut app, &store, "<c-u>kemarin<enter>");
    assert!(matches!(app.overlay, Overlay::None));
    let date: String = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT date FROM referrals ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(date, (today() - chrono::Duration::days(1)).to_string());
}

#[test]
fn hostile_text_is_stored_and_drawn_inert() {
    let (demo, store, mut app) = setup(40);
    // A summary typed (or pasted) with a clear-screen, a retitle and a right-to-left override.
    keys(
        &mut app,
        &store,
        "aAwas\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}kiri<enter>",
    );
    assert!(matches!(
        app.overlay,
        Overlay::None | Overlay::CloseFollowUp(_)
    ));
    let stored: String = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT summary FROM activities ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !stored.chars().any(pilar::domain::text::is_hostile),
        "{stored:?}"
    );
    assert!(stored.starts_with("Awas"));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| pilar::ui::draw(f, &app, &pilar::ui::Theme::new(true, false)))
        .unwrap();
    for cell in t.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(pilar::domain::text::is_hostile),
            "{:?}",
            cell.symbol()
        );
    }
}

#[test]
fn revealing_a_nik_is_recorded_and_lasts_for_that_view() {
    let (demo, store, mut app) = setup(40);
    let nik = app.household.detail.as_ref().unwrap().pengurus_nik.clone();
    let screen = |app: &App| {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| pilar::ui::draw(f, app, &pilar::ui::Theme::new(true, false)))
            .unwrap();
        t.backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>()
    };
    assert!(!screen(&app).contains(&nik), "masked by default");
    keys(&mut app, &store, "i");
    assert!(screen(&app).contains(&nik), "revealed");
    let logged = count(
        &demo.path,
        "SELECT count(*) FROM change_log WHERE field = 'nik_revealed'",
    );
    assert_eq!(logged, 1);
    // The history shows identity numbers masked as well.
    keys(&mut app, &store, "jnx");
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!()
    };
    entry.form.focus_on("no_kk");
    keys(
        &mut app,
        &store,
        &format!("<c-u>{KK_NEW}<tab>Ibu Baru<tab>{NIK_1}<c-s>"),
    );
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    keys(&mut app, &store, "h");
    assert!(app.household.history.iter().any(|c| c.field == "no_kk"));
    let s = screen(&app);
    assert!(
        !s.contains(KK_NEW) && !s.contains(NIK_1),
        "history masks NIK and No KK"
    );
    keys(&mut app, &store, "j");
    assert!(app.household.revealed.is_none(), "moving on masks it again");
}

#[test]
fn two_sessions_on_one_database_see_each_other_and_lose_nothing() {
    let demo = demo_db(60, 1, 1);
    let store_a = Store::open(&demo.path).unwrap();
    let store_b = Store::open(&demo.path).unwrap();
    let mut a = common::app(&store_a, Lang::Id, 80, 24);
    let mut b = common::app(&store_b, Lang::Id, 80, 24);
    let mut seen_b = 0;
    pilar::runtime::catch_up(&mut b, &store_b, &mut seen_b);
    let id = a.caseload.list.selected_row().unwrap().id.clone();
    assert_eq!(b.caseload.list.selected_row().unwrap().id, id);
    let before = b.log.window.total;
    // A logs a visit; B's next keystroke shows it.
    keys(&mut a, &store_a, "aDikunjungi sesi A<enter>");
    pilar::runtime::catch_up(&mut b, &store_b, &mut seen_b);
    keys(&mut b, &store_b, "<tab><tab>");
    assert_eq!(b.log.window.total, before + 1, "B picked up A's visit");
    // B opens the edit form; A changes the phone meanwhile; B's save is refused.
    keys(&mut b, &store_b, "<esc>e");
    let Overlay::Form(entry) = &mut b.overlay else {
        panic!("no form")
    };
    entry.form.focus_on("rt");
    keys(&mut a, &store_a, "e");
    let Overlay::Form(entry) = &mut a.overlay else {
        panic!("no form")
    };
    entry.form.focus_on("phone");
    keys(&mut a, &store_a, "<c-u>081111111111<c-s>");
    assert!(
        matches!(a.overlay, Overlay::None),
        "{:?}",
        a.overlay_errors()
    );
    keys(&mut b, &store_b, "<c-u>009<c-s>");
    let msg = form_message(&b).expect("stale edit refused");
    assert!(msg.contains("081111111111"), "shows the newer value: {msg}");
    let (phone, rt): (String, String) = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT phone, rt FROM households WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(phone, "081111111111", "A's write survived");
    assert_ne!(rt, "009", "B's stale write was not applied");
}

#[test]
fn a_read_only_database_can_be_looked_at_but_not_changed() {
    use std::os::unix::fs::PermissionsExt;
    let demo = demo_db(40, 1, 1);
    // Checkpoint the WAL into the file first, as a closed pilar leaves it.
    drop(Store::open(&demo.path).unwrap());
    std::fs::set_permissions(&demo.path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(&demo.path).unwrap();
    let store = Store::open(&demo.path).unwrap();
    assert!(store.read_only());
    let mut app = common::app(&store, Lang::Id, 80, 24);
    app.read_only = store.read_only();
    assert!(app.caseload.list.total > 0, "everything can be looked at");
    keys(&mut app, &store, "a");
    assert!(matches!(app.overlay, Overlay::None), "no form opens");
    assert_eq!(app.message.as_ref().unwrap().level, Level::Error);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("hanya dapat dibaca")
    );
    keys(&mut app, &store, "L");
    assert!(matches!(app.overlay, Overlay::None));
    keys(&mut app, &store, "jj/curug<enter>G");
    assert!(
        app.caseload.list.selected_row().is_some(),
        "searching and moving still work"
    );
    drop(store);
    assert_eq!(
        std::fs::read(&demo.path).unwrap(),
        before,
        "the file is untouched"
    );
    std::fs::set_permissions(&demo.path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn a_duplicate_no_kk_blocks_and_a_nik_warning_saves_on_the_second_enter() {
    let (demo, store, mut app) = setup(60);
    let existing_kk: String = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT no_kk FROM households WHERE status = 'aktif' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    keys(
        &mut app,
        &store,
        &format!("n{existing_kk}<tab>Orang Baru<tab>{NIK_1}<c-s>"),
    );
    let msg = form_message(&app).expect("duplicate No KK reported");
    assert!(msg.contains("No KK") && msg.contains(&existing_kk), "{msg}");
    // A new No KK, but the NIK says a woman born 25 May 1990 while the form says a man
    // born 1 Jan 1990: a warning, then saved on the second Enter.
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!()
    };
    entry.form.focus_on("no_kk");
    keys(&mut app, &store, &format!("<c-u>{KK_NEW}<c-s>"));
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    keys(&mut app, &store, "nx");
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!()
    };
    entry.form.focus_on("no_kk");
    keys(
        &mut app,
        &store,
        "<c-u>3324040101259998<tab>Budi<tab>3324046505900111<tab>l<tab>1/1/1990<c-s>",
    );
    assert!(form_error(&app, "m1.sex").is_some(), "sex warning shown");
    assert!(
        form_error(&app, "m1.birth").is_some(),
        "birth warning shown"
    );
    keys(&mut app, &store, "<c-s>");
    assert!(
        matches!(app.overlay, Overlay::None),
        "saved on the second Enter"
    );
}

#[test]
fn one_marked_household_is_unmarked_once_its_activity_is_saved() {
    let (_demo, store, mut app) = setup(60);
    keys(&mut app, &store, "<space>");
    assert_eq!(app.caseload.marked.len(), 1);
    let marked = app.caseload.marked[0].0.clone();
    keys(&mut app, &store, "aRapat kecil<enter>");
    assert!(app.caseload.marked.is_empty());
    // The next `a` is for the selected household, not the one marked before.
    keys(&mut app, &store, "jj");
    let selected = app.caseload.list.selected_row().unwrap().id.clone();
    assert_ne!(selected, marked);
    keys(&mut app, &store, "aKunjungan<enter>");
    assert_eq!(app.log.window.rows[0].summary, "Kunjungan");
    assert_eq!(app.household.detail.as_ref().unwrap().id, selected);
}

#[test]
fn back_works_from_the_command_line_and_huge_filter_values_do_not_crash() {
    let (_demo, store, mut app) = setup(60);
    keys(&mut app, &store, "2:kembali<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    keys(&mut app, &store, "?q");
    assert!(matches!(app.overlay, Overlay::None), "q closes the help");
    assert!(!app.quit, "and does not quit");
    keys(
        &mut app,
        &store,
        "/kunjungan:>999999999 masuk:>2099 desil:<<=10<enter>",
    );
    assert!(app.caseload.list.total <= 60);
    keys(&mut app, &store, "<esc>/kunjungan:<<999999999<enter>");
    assert!(app.caseload.list.total > 0);
}

#[test]
fn a_full_disk_keeps_what_was_saved_and_the_typed_form_and_goes_read_only() {
    let (demo, store, mut app) = setup(60);
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    let before = count(&demo.path, "SELECT count(*) FROM activities");
    store.simulate_full_disk(4).unwrap();
    // Record visits until the disk is full; each one the screen acknowledged is stored.
    let mut saved = 0;
    for i in 0..2000 {
        keys(&mut app, &store, &format!("aKunjungan ke-{i}<enter>"));
        if app.read_only {
            break;
        }
        assert!(matches!(app.overlay, Overlay::None), "saved and closed");
        saved += 1;
    }
    assert!(app.read_only, "the disk filled up");
    assert!(saved > 0, "some visits fitted before it did");
    let msg = app.message.clone().unwrap();
    assert_eq!(msg.level, Level::Error);
    assert!(msg.text.contains("disk penuh"), "{}", msg.text);
    // The form that could not be saved is still open, with what was typed.
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the form stays open");
    };
    assert_eq!(entry.form.value("summary"), format!("Kunjungan ke-{saved}"));
    // From now on pilar is read-only: it says so instead of opening forms.
    keys(&mut app, &store, "<esc><esc>a");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("hanya dapat dibaca")
    );
    keys(&mut app, &store, "jk/a<enter>");
    assert!(
        app.caseload.list.selected_row().is_some(),
        "looking still works"
    );
    drop(store);
    // Every acknowledged visit survived, the file is sound and its history verifies.
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM activities"),
        before + saved
    );
    let store = Store::open(&demo.path).unwrap();
    let v = store.verify().unwrap();
    assert!(v.ok(), "{:?}", v.integrity);
    let rows = store
        .activity_window(&LogQuery::Household(id), 0, 1)
        .unwrap();
    assert_eq!(rows[0].summary, format!("Kunjungan ke-{}", saved - 1));
}

/// Issue 14 (field test D6): the household form takes a phone number through the same
/// parser as an import: spreadsheet damage is refused and explained, any usual way of
/// writing a number is stored in its national form.
#[test]
fn the_household_form_refuses_a_spreadsheet_mangled_phone() {
    let (demo, store, mut app) = setup(80);
    let total = count(&demo.path, "SELECT count(*) FROM households");
    keys(
        &mut app,
        &store,
        &format!("n{KK_NEW}<tab>Orang Baru<tab>3324046505900999"),
    );
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!("no form")
    };
    entry.form.focus_on("phone");
    keys(&mut app, &store, "6,28123E+12<c-s>");
    let error = form_error(&app, "phone").expect("the phone is refused");
    assert!(error.contains("Teks"), "{error}");
    assert_eq!(count(&demo.path, "SELECT count(*) FROM households"), total);
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!("no form")
    };
    entry.form.focus_on("phone");
    keys(&mut app, &store, "<c-u>+62 812-3456-7890<c-s><c-s>");
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM households WHERE phone = '081234567890'"
        ),
        1
    );
}

/// Issue 14 (adversarial test F13): a NIK already registered in another facilitator's
/// caseload is refused without naming that family; in one's own caseload the name helps
/// and stays.
#[test]
fn a_duplicate_in_another_caseload_is_refused_without_its_name() {
    let demo = demo_db(40, 2, 1);
    let store = Store::open(&demo.path).unwrap();
    // The first facilitator (the demo's default user is their supervisor).
    let user = store
        .workers()
        .unwrap()
        .into_iter()
        .find(|w| w.role == pilar::model::Role::Facilitator)
        .unwrap();
    let mut app = App::new(common::settings(Lang::Id), user, today(), true);
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Resize(80, 24));
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Start);
    let conn = Connection::open(&demo.path).unwrap();
    let (other_nik, other_name): (String, String) = conn
        .query_row(
            "SELECT h.pengurus_nik, h.pengurus_name FROM households h
             WHERE h.worker_id <> (SELECT id FROM workers WHERE login = ?1) LIMIT 1",
            [&app.user.login],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    keys(
        &mut app,
        &store,
        &format!("n{KK_NEW}<tab>Orang Baru<tab>{other_nik}<c-s>"),
    );
    let msg = form_message(&app).expect("duplicate reported");
    assert!(msg.contains("KPM dampingan pendamping lain"), "{msg}");
    assert!(!msg.contains(&other_name), "{msg}");
    assert!(!msg.contains("Ctrl-o"), "it cannot be opened: {msg}");
}

/// Issue 14 (field test D4): many people press Enter to go to the next field. After No KK,
/// the pengurus's name and NIK, Enter moves on and nothing is saved; `Ctrl-s` saves.
#[test]
fn a_stray_enter_never_saves_a_half_filled_household() {
    let (demo, store, mut app) = setup(60);
    let households = || count(&demo.path, "SELECT count(*) FROM households");
    let before = households();
    keys(
        &mut app,
        &store,
        "n3324041503150009<tab>Warsini<tab>3324045201880002<enter>",
    );
    assert_eq!(households(), before, "a bare household was saved");
    assert!(matches!(app.overlay, Overlay::Form(_)), "the form is open");
    keys(&mut app, &store, "<c-s>");
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    assert_eq!(households(), before + 1, "Ctrl-s saves from any field");
}

/// Issue 14 section 7 (adversarial test F4, field test D24): `e` shows every member's NIK
/// and the No KK, so opening it records one `nik_revealed` entry (who, when, which
/// household, "form"), as `i` does; Esc does not take it back.
#[test]
fn opening_the_household_form_records_the_reveal() {
    let (demo, store, mut app) = setup(40);
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    keys(&mut app, &store, "e");
    assert!(matches!(app.overlay, Overlay::Form(_)), "the form opens");
    keys(&mut app, &store, "<esc>");
    let (record, new, author): (String, String, String) = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT record_id, new_value, author_id FROM change_log WHERE field = 'nik_revealed'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("one reveal recorded");
    assert_eq!((record.as_str(), new.as_str()), (id.as_str(), "form"));
    assert_eq!(author, app.user.id);
}
