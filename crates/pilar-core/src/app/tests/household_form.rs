//! The household form: long, so a stray Enter never saves it half filled (Enter moves to
//! the next field and saves only from the last; Ctrl-s saves from anywhere, in every form),
//! while the short forms keep Enter as their save (the 2-key visit).

use super::*;
use crate::app::Overlay;
use crate::app::entry::Record;
use crate::keymap::{self, Command, Ctx, Key};

const KK: &str = "3324041503150009";
const NIK: &str = "3324045201880002";

fn focused(app: &App) -> String {
    match &app.overlay {
        Overlay::Form(e) => e.form.fields[e.form.focus].key.clone(),
        _ => panic!("no form open"),
    }
}

fn saves(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Save { .. }))
}

/// The field-test's D4: No KK, the pengurus's name and NIK, then Enter "to go on".
#[test]
fn enter_in_the_household_form_moves_on_and_never_saves_it_half_filled() {
    let mut app = app();
    let fx = press(&mut app, &format!("n{KK}<tab>Warsini<tab>{NIK}<enter>"));
    assert!(!saves(&fx), "a stray Enter saved a bare household: {fx:?}");
    assert_eq!(focused(&app), "m1.sex", "Enter went to the next field");
    assert_eq!(app.ctx(), Ctx::HouseholdForm);
    // Enter on every field walks the form to its last field, and only there saves.
    let Overlay::Form(e) = &app.overlay else {
        panic!()
    };
    let remaining = e.form.fields.len() - 1 - e.form.focus;
    for _ in 0..remaining {
        assert!(!saves(&press(&mut app, "<enter>")));
    }
    let Overlay::Form(e) = &app.overlay else {
        panic!()
    };
    assert_eq!(e.form.focus, e.form.fields.len() - 1, "on the last field");
    let fx = press(&mut app, "<enter>");
    let [Effect::Save { record, .. }] = &fx[..] else {
        panic!("Enter on the last field saves: {fx:?}");
    };
    assert!(matches!(&**record, Record::Household(h) if h.fields.no_kk == KK));
}

#[test]
fn ctrl_s_saves_the_household_form_from_any_field() {
    let mut app = app();
    let fx = press(&mut app, &format!("n{KK}<tab>Warsini<tab>{NIK}<c-s>"));
    let [Effect::Save { record, .. }] = &fx[..] else {
        panic!("{fx:?}");
    };
    let Record::Household(h) = &**record else {
        panic!()
    };
    assert_eq!(h.members[0].name, "Warsini");
}

#[test]
fn the_short_forms_save_with_enter_and_with_ctrl_s() {
    // The 2-key visit: `a`, the summary, Enter.
    let mut app = app();
    assert!(saves(&press(&mut app, "aDikunjungi<enter>")));
    assert_eq!(app.ctx(), Ctx::Form);
    let mut app = super::app();
    assert!(saves(&press(&mut app, "aDikunjungi<c-s>")));
    let mut app = super::app();
    assert!(saves(&press(&mut app, "LUsaha stabil<tab> <tab> <c-s>")));
    let mut app = super::app();
    assert!(saves(&press(&mut app, "r<c-s>")));
}

#[test]
fn the_status_bar_and_the_help_say_what_enter_does_in_each_form() {
    let keys_of = |ctx: Ctx, label: crate::i18n::T| -> Vec<Key> {
        keymap::status_bindings(ctx)
            .filter(|b| b.label == label)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    };
    use crate::i18n::T;
    // The household form: Enter is a field key, Ctrl-s the save.
    assert_eq!(
        keys_of(Ctx::HouseholdForm, T::KeySave),
        vec![Key::Ctrl('s')]
    );
    assert!(keys_of(Ctx::HouseholdForm, T::KeyField).contains(&Key::Enter));
    // The short forms: Enter saves, and so does Ctrl-s.
    assert_eq!(
        keys_of(Ctx::Form, T::KeySave),
        vec![Key::Enter, Key::Ctrl('s')]
    );
    assert_eq!(
        keymap::command_for(Ctx::HouseholdForm, Key::Enter),
        Some(Command::NextOrSave)
    );
    assert_eq!(
        keymap::command_for(Ctx::Form, Key::Enter),
        Some(Command::Save)
    );
    for ctx in [Ctx::Form, Ctx::HouseholdForm] {
        assert_eq!(
            keymap::command_for(ctx, Key::Ctrl('s')),
            Some(Command::SaveNow)
        );
    }
}

/// Issue 14 section 7 (adversarial test F4, field test D24): the household form shows
/// every member's NIK and the No KK, so opening it is logged like `i`, first; the form
/// opens once the reveal is recorded, and not if it could not be.
#[test]
fn opening_the_household_form_logs_the_reveal_first() {
    use crate::app::RevealPlace;
    let mut app = app();
    let fx = press(&mut app, "e");
    assert_eq!(
        fx,
        vec![Effect::LogReveal {
            author: "w1".into(),
            household_id: "h000".into(),
            place: RevealPlace::Form,
        }]
    );
    assert!(
        matches!(app.overlay, Overlay::None),
        "not before it is logged"
    );
    assert!(app.update(Action::Revealed(RevealPlace::Form)).is_empty());
    assert!(matches!(
        &app.overlay,
        Overlay::Form(e) if e.form.value("no_kk") == "3324041234560001"
    ));
    assert!(
        app.household.revealed.is_none(),
        "the detail pane stays masked"
    );
    // A reveal that could not be recorded opens nothing.
    let mut app = super::app();
    press(&mut app, "e");
    app.update(Action::Failed("disk full".into()));
    assert!(matches!(app.overlay, Overlay::None));
    assert!(app.update(Action::Revealed(RevealPlace::Form)).is_empty());
    assert!(
        matches!(app.overlay, Overlay::None),
        "a late answer opens nothing"
    );
}

/// A household entered by mistake is voided: `D` asks the reason (salah input or
/// duplikat), then asks again before anything is written; the store's answer closes the
/// form and says what happened.
#[test]
fn a_household_entered_by_mistake_is_voided_after_the_reason_and_a_confirmation() {
    use crate::domain::void::VoidReason;
    let mut app = app();
    World::new(100).keys(&mut app, "jj");
    assert!(press(&mut app, "D").is_empty());
    assert_eq!(app.ctx(), Ctx::Form, "a short form");
    // No reason chosen: asked for.
    assert!(press(&mut app, "<enter>").is_empty());
    let Overlay::Form(e) = &app.overlay else {
        panic!("the void form opens")
    };
    assert!(e.form.field("reason").unwrap().error.is_some());
    // A reason: the first Enter asks, naming the household and what a void does.
    assert!(press(&mut app, "d<enter>").is_empty());
    let Overlay::Form(e) = &app.overlay else {
        panic!()
    };
    let question = e.form.error.clone().expect("asks first");
    assert!(question.contains("Nama 002"), "{question}");
    assert!(question.contains("history"), "{question}");
    // The second Enter voids it.
    let fx = press(&mut app, "<enter>");
    let [Effect::Save { author, record }] = &fx[..] else {
        panic!("{fx:?}");
    };
    assert_eq!(author, "w1");
    assert_eq!(
        **record,
        Record::Void(crate::model::HouseholdVoid {
            household_id: "h002".into(),
            reason: VoidReason::Duplikat,
        })
    );
    let fx = app.update(Action::Saved { household: None });
    assert!(matches!(app.overlay, Overlay::None));
    assert!(message(&app).contains("Nama 002"), "{}", message(&app));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Locate { .. })),
        "it is gone from the list"
    );
}

#[test]
fn a_void_is_refused_in_the_form_while_a_graduation_is_in_force() {
    use crate::domain::graduation::ExitKind;
    let mut app = app();
    press(&mut app, "Ds<enter><enter>");
    app.update(Action::Refused(crate::model::Refusal::Exited(
        ExitKind::SejahteraMandiri,
    )));
    let Overlay::Form(e) = &app.overlay else {
        panic!("the form stays open")
    };
    let message = e
        .refusal
        .as_ref()
        .expect("said in the form")
        .message
        .clone();
    assert!(message.contains("U U"), "{message}");
    // A household that already left the list (graduated) is refused before the form.
    let mut app = super::app();
    app.caseload.list.rows[0].status = crate::domain::graduation::HouseholdStatus::Graduasi;
    assert!(press(&mut app, "D").is_empty());
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        super::message(&app).contains("U U"),
        "{}",
        super::message(&app)
    );
}

/// The void form holds nothing worth keeping: one Esc backs out, even after the question
/// (a second Esc is not needed, and a key typed after one Esc cannot fall through to the
/// question's Enter), and nothing is kept as a draft.
#[test]
fn one_esc_backs_out_of_a_void() {
    let mut app = app();
    press(&mut app, "Ds<enter>");
    assert!(matches!(&app.overlay, Overlay::Form(e) if e.form.error.is_some()));
    assert!(app.draft().is_none());
    assert!(press(&mut app, "<esc>").is_empty());
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        press(&mut app, "<enter>")
            .iter()
            .all(|e| !matches!(e, Effect::Save { .. }))
    );
}

/// The household form's field keys and the declarations (`records`) name the same
/// columns: every field edits a declared column, and every column declared as edited by
/// the household or member form has its field.
#[test]
fn the_household_forms_fields_are_the_declared_form_keys() {
    use crate::app::entry::{Entry, PlaceDefaults};
    use crate::domain::Lang;
    use crate::records::tables::{HOUSEHOLDS, MEMBERS};
    use crate::records::{FormKey, Record as Declared, member_field};

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let entry = Entry::household(Lang::Id, None, &PlaceDefaults::default(), today);
    let keys: Vec<&str> = entry.form.fields.iter().map(|f| f.key.as_str()).collect();
    for key in &keys {
        let record: &Declared = if member_field(key).is_some() {
            &MEMBERS
        } else {
            &HOUSEHOLDS
        };
        assert!(
            record.column_of_form_key(key).is_some(),
            "{key}: a form field whose column is not declared (records::tables)"
        );
    }
    for record in [&HOUSEHOLDS, &MEMBERS] {
        for c in record.columns.iter().filter(|c| c.form.is_some()) {
            let has_field = match c.form {
                // The pengurus's copy: the first member row's field of that member column.
                Some(FormKey::FirstMember(column)) => MEMBERS
                    .form_key(column)
                    .is_some_and(|k| keys.contains(&format!("m1.{k}").as_str())),
                _ => keys.iter().any(|k| {
                    (member_field(k).is_some() == (record.table == "members"))
                        && record.column_of_form_key(k).map(|x| x.name) == Some(c.name)
                }),
            };
            assert!(
                has_field,
                "{}.{}: declared as a form field, but the form has none",
                record.table, c.name
            );
        }
    }
}
