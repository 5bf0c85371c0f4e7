//! Nothing refused in silence: every refusal of a save is in the form, names the rule and
//! the person, and goes once it is fixed (re-checked after each edit); the store's answers
//! (a duplicate, a copy changed in another session) stay until their cause changes.

use super::*;
use crate::app::Overlay;
use crate::app::entry::{Entry, Refused};
use crate::model::{Duplicate, Refusal};

fn entry(app: &App) -> &Entry {
    match &app.overlay {
        Overlay::Form(e) => e,
        _ => panic!("no form open"),
    }
}

fn error(app: &App, key: &str) -> Option<String> {
    entry(app).form.field(key).and_then(|f| f.error.clone())
}

/// The field test's D18: the graduation's messages name the kind chosen and go once the
/// boxes are ticked.
#[test]
fn graduation_errors_name_the_kind_and_go_once_fixed() {
    let mut app = app();
    let fx = press(&mut app, "LUsaha stabil<enter>");
    assert!(fx.is_empty());
    let statement = error(&app, "surat_pernyataan").unwrap();
    assert!(
        statement.starts_with("Graduated to self-sufficiency"),
        "{statement}"
    );
    assert!(
        error(&app, "asesmen")
            .unwrap()
            .starts_with("Graduated to self-sufficiency")
    );
    // The focus is on the assessment box: ticking it removes its error at once.
    press(&mut app, " ");
    assert_eq!(error(&app, "asesmen"), None);
    assert!(error(&app, "surat_pernyataan").is_some(), "not fixed yet");
    // Another kind typed by its first letter: the message now names it (mandiri needs
    // the statement only).
    press(&mut app, "<backtab><backtab><backtab>m");
    assert_eq!(entry(&app).form.value("kind"), "mandiri");
    let statement = error(&app, "surat_pernyataan").unwrap();
    assert!(
        statement.starts_with("Graduated by own resignation"),
        "{statement}"
    );
    // Ticking the statement removes the last error.
    press(&mut app, "<tab><tab><tab><tab> ");
    assert!(!entry(&app).form.has_errors());
    // No new error appears while editing: an emptied reason says nothing until a save.
    press(&mut app, "<backtab><backtab><c-u>");
    assert!(!entry(&app).form.has_errors());
}

#[test]
fn indonesian_graduation_errors_name_the_kind_too() {
    let mut app = app();
    app.settings.lang = crate::domain::Lang::Id;
    press(&mut app, "LUsaha stabil<enter>");
    let statement = error(&app, "surat_pernyataan").unwrap();
    assert_eq!(
        statement,
        "Graduasi sejahtera mandiri perlu surat pernyataan yang ditandatangani"
    );
}

/// A field's error is checked again as it is typed: fixed, it goes; still wrong, it
/// stays (and says what is wrong now).
#[test]
fn a_field_error_goes_once_fixed_and_stays_while_wrong() {
    let mut app = app();
    press(
        &mut app,
        "n3324041503150009<tab>Warsini<tab>332404520188000<c-s>",
    );
    let fifteen = error(&app, "m1.nik").expect("15 digits refused");
    press(&mut app, "x");
    let now = error(&app, "m1.nik").expect("still wrong");
    assert_ne!(now, fifteen, "says what is wrong now");
    press(&mut app, "<bs>2");
    assert_eq!(error(&app, "m1.nik"), None, "fixed: gone");
    // Other fields' errors are left as they were shown.
    assert!(!entry(&app).form.has_errors());
}

/// The adversarial test's F5 (b) and the field test's D2: a household's component caps
/// name the rule and the people, and the message goes once a member is removed.
#[test]
fn component_caps_name_the_people_and_go_once_fixed() {
    let mut app = app();
    let fx = press(
        &mut app,
        "n3324041111150077<tab>Kakek Satu<tab>3324040101500077<tab><tab><tab><tab>lan\
         <c-n>Kakek Dua<tab>3324040202510078<tab><tab><tab><tab>lan<c-s>",
    );
    assert!(fx.is_empty(), "refused: {fx:?}");
    let message = entry(&app)
        .form
        .error
        .clone()
        .expect("a message for the form");
    assert!(
        message.contains("Kakek Satu") && message.contains("Kakek Dua"),
        "{message}"
    );
    assert!(message.contains("at most 1"), "{message}");
    // The second grandfather removed: the rule holds again, the message goes.
    press(&mut app, "<c-d>");
    assert_eq!(entry(&app).form.error, None);
}

#[test]
fn a_stale_copy_is_said_with_what_is_stored_now_and_stays() {
    let mut app = app();
    open_edit(&mut app);
    app.update(Action::Refused(Refusal::Stale(vec![
        ("phone".into(), "081111111111".into()),
        ("rt".into(), String::new()),
    ])));
    let Some(Refused { message, field }) = entry(&app).refusal.clone() else {
        panic!("the refusal is kept in the form");
    };
    assert_eq!(field, None, "about the whole form");
    assert!(message.contains("Phone 081111111111, RT -"), "{message}");
    press(&mut app, "x<bs>");
    assert!(entry(&app).refusal.is_some(), "an edit does not hide it");
}

#[test]
fn a_duplicate_stays_at_its_field_until_that_field_changes() {
    let mut app = app();
    press(
        &mut app,
        "n3324041503150009<tab>Warsini<tab>3324045201880002",
    );
    app.update(Action::Refused(Refusal::Duplicate(Duplicate {
        field: "nik",
        value: "3324045201880002".into(),
        household_id: "h077".into(),
        household_name: "Nama 077".into(),
        worker_id: "w1".into(),
    })));
    let e = entry(&app);
    let refused = e.refusal.clone().unwrap();
    assert_eq!(refused.field.as_ref().map(|f| f.0.as_str()), Some("m1.nik"));
    assert!(refused.message.contains("Nama 077") && refused.message.contains("Ctrl-o opens it"));
    assert_eq!(
        e.form.fields[e.form.focus].key, "m1.nik",
        "the cursor is on it"
    );
    assert_eq!(e.duplicate_of.as_deref(), Some("h077"));
    // Another field edited: still there.
    press(&mut app, "<backtab>x");
    assert!(entry(&app).refusal.is_some());
    // The number changed: gone, and Ctrl-o has nothing to open.
    press(&mut app, "<tab><bs>3");
    assert_eq!(entry(&app).refusal, None);
    assert_eq!(entry(&app).duplicate_of, None);
    assert!(press(&mut app, "<c-o>").is_empty());
    assert!(matches!(app.overlay, Overlay::Form(_)));
}
