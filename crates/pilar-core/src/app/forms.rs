//! The forms slice: the commands that open data-entry forms (activity or supervision note,
//! graduation, referral, new or edited household), the keys while a form is open, saving
//! (the store's answer: saved, refused as a duplicate or stale copy), the draft kept from
//! last time, and the writes without a form (undo a graduation with `U U`, move a referral
//! on). The forms themselves (fields, validation, the record to save) are `entry`; the
//! keyboard form is `form`.

use super::commands::Arg;
use super::entry::{self, Entry, Purpose, Record};
use super::form::FormEvent;
use super::{AfterLocate, App, Effect, Overlay, ReferralOutcome, caseload};
use crate::i18n::{self, T, fill, tr};
use crate::keymap::{Command, Key};
use crate::model::{Refusal, Role};

/// The forms slice's own state (the open form itself is `Overlay::Form`).
#[derive(Debug, Clone, Default)]
pub struct Forms {
    /// The save in flight: what to say and do once the store has it.
    saving: Option<Saving>,
    /// `U` was pressed once for this household: the next `U` undoes its graduation.
    pub(super) undo_armed: Option<String>,
    /// Ctrl-c was pressed once with an unsaved form: the next one quits.
    pub(super) quit_armed: bool,
    /// The household graduated last in this session, for `U U` after it left the list.
    last_exit: Option<(String, String)>,
}

/// The continuation of a save, kept by the app while the shell saves.
#[derive(Debug, Clone)]
struct Saving {
    /// What the status bar says once saved.
    message: String,
    /// The household to select afterwards (the one the record is about).
    household: Option<String>,
    /// The activity was for the marked households: clear the marks once saved.
    clear_marks: bool,
}

fn open(app: &mut App, entry: Entry) -> Vec<Effect> {
    app.overlay = Overlay::Form(Box::new(entry));
    Vec::new()
}

/// `a`: an activity for the marked households or the selected one; for a supervisor, a
/// note on the selected household, filed in its facilitator's log.
pub fn add_activity(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    if app.user.role == Role::Supervisor {
        return match app.caseload.selected() {
            Some(h) => open(app, Entry::supervision_note(app.lang(), h)),
            None => {
                app.info(T::MsgNoHousehold);
                Vec::new()
            }
        };
    }
    let households = app.caseload.activity_households();
    if households.is_empty() {
        app.info(T::MsgNoHousehold);
        return Vec::new();
    }
    open(app, Entry::activity(app.lang(), households))
}

/// `n`: a new household, in the selected one's village.
pub fn new_household(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let place = app
        .household
        .detail
        .as_ref()
        .map(|d| entry::PlaceDefaults {
            village: d.village.clone(),
            kecamatan: d.kecamatan.clone(),
            kabupaten: d.kabupaten.clone(),
            area_code: d.area_code.clone(),
        })
        .unwrap_or_default();
    open(app, Entry::household(app.lang(), None, &place, app.today))
}

/// `e`: the selected household's form, once its detail is loaded.
pub fn edit_household(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let selected = app.caseload.list.selected_row().map(|r| r.id.clone());
    match &app.household.detail {
        Some(d) if Some(&d.id) == selected.as_ref() => {
            let entry = Entry::household(
                app.lang(),
                Some(d),
                &entry::PlaceDefaults::default(),
                app.today,
            );
            open(app, entry)
        }
        _ => {
            app.info(T::MsgNoHousehold);
            Vec::new()
        }
    }
}

/// `L`: record a graduation or exit of an active household.
pub fn graduate(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(row) = app.caseload.list.selected_row() else {
        app.info(T::MsgNoHousehold);
        return Vec::new();
    };
    if !row.status.is_active() {
        let status = i18n::status_label(app.lang(), row.status);
        let text = fill(tr(app.lang(), T::MsgAlreadyExited), &[&status]);
        app.error(text);
        return Vec::new();
    }
    let household = (row.id.clone(), row.name.clone());
    open(app, Entry::graduation(app.lang(), household))
}

/// `U`, then `U` again: undo the graduation or exit of the selected household if it left
/// assistance, else of the one graduated last in this session (it left the active list).
pub fn undo_graduation(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let selected = app
        .caseload
        .list
        .selected_row()
        .filter(|r| !r.status.is_active())
        .map(|r| (r.id.clone(), r.name.clone()));
    let Some((id, name)) = selected
        .or_else(|| app.forms.last_exit.clone())
        .or_else(|| app.caseload.selected())
    else {
        app.info(T::MsgNoHousehold);
        return Vec::new();
    };
    if app.forms.undo_armed.as_deref() == Some(id.as_str()) {
        app.forms.undo_armed = None;
        return vec![Effect::UndoGraduation {
            author: app.user.id.clone(),
            household_id: id,
            today: app.today,
        }];
    }
    app.forms.undo_armed = Some(id);
    let text = fill(tr(app.lang(), T::MsgUndoConfirm), &[&name]);
    app.say(text);
    Vec::new()
}

pub(super) fn undone(app: &mut App, done: bool) -> Vec<Effect> {
    app.info(if done {
        T::MsgUndone
    } else {
        T::MsgNothingToUndo
    });
    app.refresh()
}

/// `r`: refer the selected household to an empowerment program.
pub fn refer(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    match app.caseload.selected() {
        Some(h) => open(app, Entry::referral(app.lang(), h)),
        None => {
            app.info(T::MsgNoHousehold);
            Vec::new()
        }
    }
}

/// `R` / `:tolak-rujukan`: the latest referral one step on, or rejected.
pub fn advance_referral(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    match app.caseload.selected() {
        Some((id, _)) => vec![Effect::AdvanceReferral {
            author: app.user.id.clone(),
            household_id: id,
            reject: arg.command == Command::RejectReferral,
        }],
        None => {
            app.info(T::MsgNoHousehold);
            Vec::new()
        }
    }
}

pub(super) fn referral_advanced(app: &mut App, outcome: ReferralOutcome) -> Vec<Effect> {
    let lang = app.lang();
    match outcome {
        ReferralOutcome::Moved { program, status } => {
            let text = fill(
                tr(lang, T::MsgReferralAdvanced),
                &[
                    &i18n::referral_program(lang, program),
                    &i18n::referral_status_label(lang, status),
                ],
            );
            app.say(text);
            app.refresh()
        }
        ReferralOutcome::AlreadyFinal(status) => {
            let text = fill(
                tr(lang, T::MsgReferralFinal),
                &[&i18n::referral_status_label(lang, status)],
            );
            app.say(text);
            Vec::new()
        }
        ReferralOutcome::NoReferral => {
            app.info(T::MsgNoReferral);
            Vec::new()
        }
    }
}

/// The form's own keys (its rows in the keymap table): handed to the open form.
pub fn form_key(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    match arg.key {
        Some(k) => key(app, k),
        None => Vec::new(),
    }
}

/// A key while a form is open (Ctrl-c aside: `commands::force_quit`).
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let lang = app.lang();
    app.forms.quit_armed = false;
    let Overlay::Form(entry) = &mut app.overlay else {
        return Vec::new();
    };
    match entry.form.handle(key) {
        FormEvent::None => Vec::new(),
        FormEvent::Cancel => {
            app.overlay = Overlay::None;
            Vec::new()
        }
        FormEvent::AddRow => {
            entry.add_member(lang);
            Vec::new()
        }
        FormEvent::RemoveRow => {
            entry.remove_member(lang);
            Vec::new()
        }
        FormEvent::OpenDuplicate => match entry.duplicate_of.clone() {
            Some(id) => {
                // Show every household (the other one may have left the active list),
                // then go to it.
                app.overlay = Overlay::None;
                let mut fx = caseload::show_everything(app);
                fx.push(caseload::locate(app, id, AfterLocate::Report));
                fx
            }
            None => Vec::new(),
        },
        FormEvent::Submit => submit(app),
    }
}

/// Enter: validate; a valid form is saved, and the app keeps what to say once it is.
fn submit(app: &mut App) -> Vec<Effect> {
    let lang = app.lang();
    let Overlay::Form(entry) = &mut app.overlay else {
        return Vec::new();
    };
    let s = &app.settings;
    let Some(record) = entry.validate(lang, app.today, s.monitoring_months, &s.rules) else {
        return Vec::new();
    };
    let message = match &record {
        Record::Activity(a) if a.households.len() > 1 => {
            fill(tr(lang, T::MsgSavedGroup), &[&a.households.len()])
        }
        Record::Activity(a) => fill(tr(lang, T::MsgSavedActivity), &[&a.summary]),
        Record::Graduation(g) => fill(
            tr(lang, T::MsgSavedGraduation),
            &[&i18n::exit_label(lang, g.kind)],
        ),
        Record::Referral(r) => fill(
            tr(lang, T::MsgSavedReferral),
            &[&i18n::referral_program(lang, r.program)],
        ),
        Record::Household(h) => fill(
            tr(lang, T::MsgSavedHousehold),
            &[&h.members.first().map(|m| m.name.as_str()).unwrap_or("")],
        ),
    };
    let household = match &record {
        Record::Activity(a) if a.households.len() == 1 => Some(a.households[0].0.clone()),
        Record::Activity(_) => None,
        Record::Graduation(g) => Some(g.household_id.clone()),
        Record::Referral(r) => Some(r.household_id.clone()),
        // The store says which (a new household's id is made there).
        Record::Household(_) => None,
    };
    // The household a saved graduation concerns stays the `U U` target after it leaves
    // the active list; an activity for the marked households clears them.
    if let Purpose::Graduation { household } = &entry.purpose {
        app.forms.last_exit = Some(household.clone());
    }
    let clear_marks = matches!(record, Record::Activity(_)) && !app.caseload.marked.is_empty();
    app.forms.saving = Some(Saving {
        message,
        household,
        clear_marks,
    });
    vec![Effect::Save {
        author: app.user.id.clone(),
        record: Box::new(record),
    }]
}

pub(super) fn saved(app: &mut App, household: Option<String>) -> Vec<Effect> {
    app.overlay = Overlay::None;
    let saving = app.forms.saving.take();
    if let Some(s) = &saving {
        if s.clear_marks {
            app.caseload.marked.clear();
        }
        app.say(s.message.clone());
    }
    let mut fx = app.refresh();
    if let Some(id) = household.or_else(|| saving.and_then(|s| s.household)) {
        // Keep the saved household selected, wherever it now sorts; if it left the list
        // (a graduation), the selection stays on the same row.
        fx.push(caseload::locate(app, id, AfterLocate::Quiet));
    }
    fx
}

/// The store refused a household: the form stays open and says why.
pub(super) fn refused(app: &mut App, refusal: Refusal) -> Vec<Effect> {
    let lang = app.lang();
    app.forms.saving = None;
    let Overlay::Form(entry) = &mut app.overlay else {
        return Vec::new();
    };
    match refusal {
        Refusal::Stale(differ) => {
            let now: Vec<String> = differ
                .iter()
                .map(|(f, v)| format!("{f}={}", if v.is_empty() { "-" } else { v }))
                .collect();
            entry.form.error = Some(fill(tr(lang, T::FormStale), &[&now.join(", ")]));
        }
        Refusal::Duplicate(dup) => {
            let what = if dup.field == "no_kk" { "No KK" } else { "NIK" };
            // Another facilitator's family is not named (nor can it be opened).
            let own = dup.in_caseload_of(&app.user.id);
            let text = if own {
                fill(
                    tr(lang, T::FormDuplicate),
                    &[&what, &dup.value, &dup.household_name],
                )
            } else {
                fill(tr(lang, T::FormDuplicateElsewhere), &[&what, &dup.value])
            };
            let key = if dup.field == "no_kk" {
                "no_kk".to_string()
            } else {
                entry
                    .form
                    .fields
                    .iter()
                    .find(|f| f.key.ends_with(".nik") && f.value().contains(&dup.value))
                    .map(|f| f.key.clone())
                    .unwrap_or_else(|| "no_kk".to_string())
            };
            entry.form.set_error(&key, text.clone());
            entry.form.error = Some(text);
            entry.duplicate_of = own.then_some(dup.household_id);
        }
    }
    Vec::new()
}

/// Enter on the draft offer: the form as it was left, and the draft is gone.
pub(super) fn reopen_draft(app: &mut App) -> Vec<Effect> {
    let Overlay::DraftOffer { kind, payload } = std::mem::replace(&mut app.overlay, Overlay::None)
    else {
        return Vec::new();
    };
    let mut fx = vec![Effect::DeleteDraft(app.user.id.clone())];
    if let Some(entry) = Entry::from_draft(app.lang(), &kind, &payload, app.today) {
        fx.extend(open(app, entry));
    }
    fx
}

/// Esc on the draft offer: it is discarded.
pub(super) fn discard_draft(app: &mut App) -> Vec<Effect> {
    app.overlay = Overlay::None;
    app.info(T::MsgDraftDiscarded);
    vec![Effect::DeleteDraft(app.user.id.clone())]
}
