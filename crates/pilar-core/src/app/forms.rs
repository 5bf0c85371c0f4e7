//! The forms slice: the commands that open data-entry forms (activity or supervision note,
//! graduation, referral, new or edited household), the keys while a form is open, saving
//! (the store's answer: saved, refused as a duplicate or stale copy), the draft kept from
//! last time, and the writes without a form (undo a graduation with `U U`, move a referral
//! on). The forms themselves (fields, validation, the record to save) are `entry`; the
//! keyboard form is `form`.

use super::commands::Arg;
use super::entry::{self, Entry, Purpose, Record, Refused};
use super::form::FormEvent;
use super::{AfterLocate, App, Effect, Overlay, ReferralOutcome, ReferralStep, caseload};
use crate::domain::graduation::HouseholdStatus;
use crate::i18n::{self, T, fill, tr};
use crate::keymap::{self, Command, Key};
use crate::model::{Refusal, Role};
use crate::records::member_field;
use crate::records::tables::{HOUSEHOLDS, MEMBERS};
use chrono::NaiveDate;

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
    /// `e` was pressed on this household: its form opens once the reveal of its NIKs is
    /// recorded.
    editing: Option<String>,
}

impl Forms {
    /// The reveal asked for could not be recorded: the form it was for does not open.
    pub(super) fn forget_reveal(&mut self) {
        self.editing = None;
    }
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
    /// The household voided: no longer marked, nor the `U U` target.
    voided: Option<String>,
    /// A visit to this household: once saved, offer to close its open follow-up.
    visit: Option<String>,
}

pub(super) fn open(app: &mut App, entry: Entry) -> Vec<Effect> {
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
            village: d.fields.village.clone(),
            kecamatan: d.fields.kecamatan.clone(),
            kabupaten: d.fields.kabupaten.clone(),
            area_code: d.fields.area_code.clone(),
        })
        .unwrap_or_default();
    open(app, Entry::household(app.lang(), None, &place, app.today))
}

/// `e`: the selected household's form, once its detail is loaded. The form shows every
/// member's NIK and the No KK unmasked (to correct them), so it opens only once that
/// reveal is recorded in the history, as `i`'s is.
pub fn edit_household(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let selected = app.caseload.list.selected_row().map(|r| r.id.clone());
    match &app.household.detail {
        Some(d) if Some(&d.id) == selected.as_ref() => {
            app.forms.editing = Some(d.id.clone());
            vec![Effect::LogReveal {
                author: app.user.id.clone(),
                household_id: d.id.clone(),
                place: super::RevealPlace::Form,
            }]
        }
        _ => {
            app.info(T::MsgNoHousehold);
            Vec::new()
        }
    }
}

/// The reveal `e` asked for is recorded: the household's form opens (if that household is
/// still the one shown).
pub(super) fn edit_revealed(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.forms.editing.take() else {
        return Vec::new();
    };
    match &app.household.detail {
        Some(d) if d.id == id => {
            let entry = Entry::household(
                app.lang(),
                Some(d),
                &entry::PlaceDefaults::default(),
                app.today,
            );
            open(app, entry)
        }
        _ => Vec::new(),
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

/// `D` / `:batalkan-keluarga`: void the selected household, entered by mistake or twice.
/// The form asks why, then asks again before anything is written. One that left
/// assistance (a graduation or exit in force, counted in the figures) is refused: undo
/// that first.
pub fn void_household(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(row) = app.caseload.list.selected_row() else {
        app.info(T::MsgNoHousehold);
        return Vec::new();
    };
    if !row.status.is_active() {
        let status = i18n::status_label(app.lang(), row.status);
        let text = exited(app.lang(), &row.name, status);
        app.error(text);
        return Vec::new();
    }
    let household = (row.id.clone(), row.name.clone());
    open(app, Entry::void(app.lang(), household))
}

/// "X: graduation ... is still in force. Undo it first with U U, then void the household."
fn exited(lang: crate::domain::Lang, name: &str, what: &str) -> String {
    let undo = keymap::binding(Command::UndoGraduation).keys[0];
    let undo = keymap::key_label(undo, true);
    fill(
        tr(lang, T::MsgVoidExited),
        &[&name, &what, &format!("{undo} {undo}")],
    )
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

pub(super) fn undone(
    app: &mut App,
    back: Option<(HouseholdStatus, Option<NaiveDate>)>,
) -> Vec<Effect> {
    let lang = app.lang();
    match back {
        // Say what the household is back to: a candidate stays a candidate (D17).
        Some((status, Some(since))) => {
            let text = fill(
                tr(lang, T::MsgUndoneTo),
                &[
                    &i18n::status_label(lang, status),
                    &crate::domain::format::date_short(lang, since),
                ],
            );
            app.say(text);
        }
        Some((status, None)) => {
            let text = fill(
                tr(lang, T::MsgUndoneToUndated),
                &[&i18n::status_label(lang, status)],
            );
            app.say(text);
        }
        None => app.info(T::MsgNothingToUndo),
    }
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

/// `R` / `:tolak-rujukan` / `:mundur-rujukan`: the latest referral one step on, rejected,
/// or one step back.
pub fn advance_referral(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let step = match arg.command {
        Command::RejectReferral => ReferralStep::Reject,
        Command::ReferralBack => ReferralStep::Back,
        _ => ReferralStep::Next,
    };
    match app.caseload.selected() {
        Some((id, _)) => vec![Effect::AdvanceReferral {
            author: app.user.id.clone(),
            household_id: id,
            step,
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
        ReferralOutcome::CannotReject(status) => {
            let text = fill(
                tr(lang, T::MsgReferralCannotReject),
                &[&i18n::referral_status_label(lang, status)],
            );
            app.say(text);
            Vec::new()
        }
        ReferralOutcome::AtStart => {
            app.info(T::MsgReferralAtStart);
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
    let event = entry.form.handle(key);
    keep_nothing_of_a_void(entry);
    match event {
        FormEvent::None => {
            recheck(app);
            Vec::new()
        }
        FormEvent::Cancel => {
            app.overlay = Overlay::None;
            Vec::new()
        }
        FormEvent::AddRow => {
            entry.add_member(lang);
            recheck(app);
            Vec::new()
        }
        FormEvent::RemoveRow => {
            entry.remove_member(lang);
            recheck(app);
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

/// A paste into the open form: text in the focused field (see `Form::paste`).
pub(super) fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    app.forms.quit_armed = false;
    if let Overlay::Form(entry) = &mut app.overlay {
        entry.form.paste(text);
        keep_nothing_of_a_void(entry);
    }
    recheck(app);
    Vec::new()
}

/// A void form holds one choice, nothing worth keeping: one Esc closes it (even after its
/// question), Ctrl-c does not ask, and no draft is kept.
fn keep_nothing_of_a_void(entry: &mut Entry) {
    if matches!(entry.purpose, Purpose::Void { .. }) {
        entry.form.dirty = false;
    }
}

/// After an edit: the errors the open form shows are checked again (`Entry::recheck`).
fn recheck(app: &mut App) {
    let (lang, today) = (app.lang(), app.today);
    let s = &app.settings;
    if let Overlay::Form(entry) = &mut app.overlay {
        entry.recheck(lang, today, s.monitoring_months, &s.rules);
    }
}

/// Enter: validate; a valid form is saved, and the app keeps what to say once it is.
fn submit(app: &mut App) -> Vec<Effect> {
    let lang = app.lang();
    let Overlay::Form(entry) = &mut app.overlay else {
        return Vec::new();
    };
    let s = &app.settings;
    // The store's last answer is for the last try.
    entry.refusal = None;
    entry.duplicate_of = None;
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
        Record::Void(v) => {
            let name = match &entry.purpose {
                Purpose::Void { household } => household.1.as_str(),
                _ => "",
            };
            fill(
                tr(lang, T::MsgVoided),
                &[&name, &i18n::void_reason_label(lang, v.reason)],
            )
        }
        Record::Verification(v) => match &entry.purpose {
            Purpose::NotMet(target) => super::verify::saved_message(lang, target, v.outcome),
            _ => String::new(),
        },
        Record::LifeEvent(e) => fill(tr(lang, T::MsgSavedEvent), &[&e.summary]),
    };
    let household = match &record {
        Record::Activity(a) if a.households.len() == 1 => Some(a.households[0].0.clone()),
        Record::Activity(_) => None,
        Record::Graduation(g) => Some(g.household_id.clone()),
        Record::Referral(r) => Some(r.household_id.clone()),
        // The store says which (a new household's id is made there).
        Record::Household(_) => None,
        // Gone from the list: the selection stays on its row.
        Record::Void(_) => None,
        // The verification screen stays where it is.
        Record::Verification(_) => None,
        Record::LifeEvent(e) => Some(e.household_id.clone()),
    };
    // The household a saved graduation concerns stays the `U U` target after it leaves
    // the active list; an activity for the marked households clears them.
    if let Purpose::Graduation { household } = &entry.purpose {
        app.forms.last_exit = Some(household.clone());
    }
    let clear_marks = matches!(record, Record::Activity(_)) && !app.caseload.marked.is_empty();
    let voided = match &record {
        Record::Void(v) => Some(v.household_id.clone()),
        _ => None,
    };
    let visit = match &record {
        Record::Activity(a)
            if a.kind == crate::domain::activity::ActivityKind::Kunjungan
                && a.households.len() == 1 =>
        {
            Some(a.households[0].0.clone())
        }
        _ => None,
    };
    app.forms.saving = Some(Saving {
        message,
        household,
        clear_marks,
        voided,
        visit,
    });
    vec![Effect::Save {
        author: app.user.id.clone(),
        record: Box::new(record),
    }]
}

/// Saves a record made without a form (a verification's outcome key), saying `message`
/// once it is saved.
pub(super) fn save_record(app: &mut App, record: Record, message: String) -> Vec<Effect> {
    app.forms.saving = Some(Saving {
        message,
        household: None,
        clear_marks: false,
        voided: None,
        visit: None,
    });
    vec![Effect::Save {
        author: app.user.id.clone(),
        record: Box::new(record),
    }]
}

pub(super) fn saved(app: &mut App, household: Option<String>) -> Vec<Effect> {
    app.overlay = Overlay::None;
    if app.screen == super::Screen::Verify {
        super::verify::saved(app);
    }
    let saving = app.forms.saving.take();
    if let Some(s) = &saving {
        if s.clear_marks {
            app.caseload.marked.clear();
        }
        if let Some(id) = &s.voided {
            app.caseload.marked.retain(|(m, _)| m != id);
            if app.forms.last_exit.as_ref().is_some_and(|(h, _)| h == id) {
                app.forms.last_exit = None;
            }
        }
        app.say(s.message.clone());
    }
    let mut fx = app.refresh();
    // A visit logged: does the household have a follow-up still open? (The answer offers
    // to close it.)
    if let Some(h) = saving.as_ref().and_then(|s| s.visit.clone()) {
        fx.push(Effect::FetchOpenFollowUp(h));
    }
    if let Some(id) = household.or_else(|| saving.and_then(|s| s.household)) {
        // Keep the saved household selected, wherever it now sorts; if it left the list
        // (a graduation), the selection stays on the same row.
        fx.push(caseload::locate(app, id, AfterLocate::Quiet));
    }
    fx
}

/// The store refused a household: the form stays open and says why, naming the rule
/// and what is in the way (what another session stored meanwhile; the household that
/// holds a NIK or No KK, with the key to open it when it is one's own).
pub(super) fn refused(app: &mut App, refusal: Refusal) -> Vec<Effect> {
    let lang = app.lang();
    app.forms.saving = None;
    if let Refusal::Verification { member, why } = &refusal {
        let text = super::verify::refusal_text(lang, member, *why);
        match &mut app.overlay {
            Overlay::Form(entry) => {
                entry.refusal = Some(Refused {
                    message: text,
                    field: None,
                })
            }
            _ => app.error(text),
        }
        return Vec::new();
    }
    let Overlay::Form(entry) = &mut app.overlay else {
        return Vec::new();
    };
    match refusal {
        // Answered above.
        Refusal::Verification { .. } => {}
        Refusal::LifeEvent(why) => {
            entry.refusal = Some(Refused {
                message: i18n::life_event::refusal(lang, &why),
                field: None,
            });
        }
        Refusal::Stale(differ) => {
            let now: Vec<String> = differ
                .iter()
                .map(|(f, v)| {
                    let v = if v.is_empty() { "-" } else { v.as_str() };
                    format!("{} {v}", i18n::field_label(lang, f))
                })
                .collect();
            entry.refusal = Some(Refused {
                message: fill(tr(lang, T::FormStale), &[&now.join(", ")]),
                field: None,
            });
        }
        Refusal::Exited(kind) => {
            let name = match &entry.purpose {
                Purpose::Void { household } => household.1.clone(),
                _ => String::new(),
            };
            let what = i18n::exit_label(lang, kind);
            entry.refusal = Some(Refused {
                message: exited(lang, &name, what),
                field: None,
            });
        }
        Refusal::Duplicate(dup) => {
            let what = if dup.field == "no_kk" { "No KK" } else { "NIK" };
            // Another facilitator's family is not named (nor can it be opened).
            let own = dup.in_caseload_of(&app.user.id);
            let message = if own {
                let open = keymap::binding(Command::OpenDuplicate).keys[0];
                fill(
                    tr(lang, T::FormDuplicate),
                    &[
                        &what,
                        &dup.value,
                        &dup.household_name,
                        &keymap::key_label(open, true),
                    ],
                )
            } else {
                fill(tr(lang, T::FormDuplicateElsewhere), &[&what, &dup.value])
            };
            // The form field of the stored column (`records`): the household's No KK, or
            // the member row holding the NIK.
            let no_kk = HOUSEHOLDS.form_key("no_kk").unwrap_or("no_kk");
            let key = if dup.field == "no_kk" {
                no_kk.to_string()
            } else {
                let nik = MEMBERS.form_key("nik");
                entry
                    .form
                    .fields
                    .iter()
                    .find(|f| member_field(&f.key) == nik && f.value().contains(&dup.value))
                    .map(|f| f.key.clone())
                    .unwrap_or_else(|| no_kk.to_string())
            };
            entry.form.focus_on(&key);
            let value = entry.form.value(&key);
            entry.refusal = Some(Refused {
                message,
                field: Some((key, value)),
            });
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

/// `:ubah-rujukan FIELD VALUE`: corrects the latest referral of the selected household, one
/// field at a time: `program kur`, `lembaga BRI Unit Boja` (`agency`), `catatan ...`
/// (`notes`), `tanggal 12/2` (`date`). Its status moves with `R` and `:mundur-rujukan`.
pub fn edit_referral(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let lang = app.lang();
    let selected = app.caseload.selected().map(|(id, _)| id);
    let Some(d) = app
        .household
        .detail
        .as_ref()
        .filter(|d| Some(&d.id) == selected.as_ref())
    else {
        app.info(T::MsgNoHousehold);
        return Vec::new();
    };
    let Some(r) = d.referrals.first() else {
        app.info(T::MsgNoReferral);
        return Vec::new();
    };
    let mut edit = crate::model::ReferralEdit {
        program: r.program,
        agency: r.agency.clone(),
        notes: r.notes.clone(),
        date: r.date,
    };
    let id = r.id.clone();
    let (field, value) = arg
        .text
        .split_once(char::is_whitespace)
        .unwrap_or((arg.text, ""));
    let value = value.trim();
    match field.to_lowercase().as_str() {
        "program" => {
            let wanted = value.to_lowercase();
            match crate::domain::graduation::Program::ALL.iter().find(|p| {
                p.key() == wanted || i18n::referral_program(lang, **p).to_lowercase() == wanted
            }) {
                Some(p) => edit.program = *p,
                None => {
                    app.error(fill(tr(lang, T::MsgEditReferralProgram), &[&value]));
                    return Vec::new();
                }
            }
        }
        "lembaga" | "agency" => edit.agency = value.to_string(),
        "catatan" | "notes" => edit.notes = value.to_string(),
        "tanggal" | "date" => match crate::domain::dates::parse_date_input(value, app.today) {
            Ok(d) => edit.date = d,
            Err(e) => {
                app.error(i18n::date_error(lang, &e));
                return Vec::new();
            }
        },
        _ => {
            app.info(T::MsgEditReferralHow);
            return Vec::new();
        }
    }
    vec![Effect::EditReferral {
        author: app.user.id.clone(),
        referral_id: id,
        edit,
    }]
}
