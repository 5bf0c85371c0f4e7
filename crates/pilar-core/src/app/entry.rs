//! Data entry: which forms exist (activity or supervision note, graduation, referral, and
//! the household form in `household`), how each is built with sensible defaults, and how
//! its values are checked and turned into a record to save. Pure: it returns the record
//! or puts errors on the form's fields.

use chrono::NaiveDate;

use super::form::{Field, Form};
use crate::domain::Lang;
use crate::domain::Sex;
use crate::domain::activity::{ActivityKind, P2k2Module};
use crate::domain::component::{Component, ComponentRules, ComponentViolation, check_household};
use crate::domain::dates::{DateError, parse_birth_date};
use crate::domain::format::date_short;
use crate::domain::graduation::{ExitKind, Program, ReferralStatus, missing_evidence};
use crate::domain::graduation::{PasTag, SocialProgram};
use crate::domain::household::parse_area_code;
use crate::domain::nik::{NikWarning, check_against, parse_nik, parse_no_kk};
use crate::domain::void::VoidReason;
use crate::i18n::{self, T, fill, tr};
use crate::model::{
    HouseholdDetail, HouseholdFields, HouseholdInput, HouseholdVoid, Member, MemberInput,
    NewActivity, NewGraduation, NewReferral, Relation,
};

mod draft;
mod household;
mod life_event;
pub use draft::Draft;
pub use household::{PlaceDefaults, Rows};
pub use life_event::EventTarget;

/// What a form is for, and which households it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// One household, or the marked ones (a group activity).
    Activity {
        households: Vec<(String, String)>,
    },
    Graduation {
        household: (String, String),
    },
    Referral {
        household: (String, String),
    },
    /// Voiding a household entered by mistake.
    Void {
        household: (String, String),
    },
    /// Members whose commitments were not met in a month: the reason and notes asked.
    NotMet(Box<super::verify::Target>),
    /// A life event of a household (`entry/life_event.rs`).
    LifeEvent(Box<EventTarget>),
    /// A new household (`id` None) or an edit; `name` is the pengurus's for titles.
    Household {
        id: Option<String>,
        name: String,
        rows: Rows,
        /// For an edit: the household's `updated_at` when the form opened.
        opened_at: Option<String>,
    },
}

impl Purpose {
    pub fn kind(&self) -> &'static str {
        match self {
            Purpose::Activity { .. } => "activity",
            Purpose::Graduation { .. } => "graduation",
            Purpose::Referral { .. } => "referral",
            Purpose::Void { .. } => "void",
            Purpose::NotMet(_) => "verification",
            Purpose::LifeEvent(_) => "life_event",
            Purpose::Household { .. } => "household",
        }
    }
}

/// An open form and what it is for.
#[derive(Debug, Clone)]
pub struct Entry {
    pub form: Form,
    pub purpose: Purpose,
    /// After a refused save: the household of one's own caseload that already holds the
    /// NIK or No KK (`Ctrl-o` opens it).
    pub duplicate_of: Option<String>,
    /// NIK warnings were shown once; the next save goes ahead anyway.
    pub warned: bool,
    /// The store's refusal of the last save, drawn in the form until its cause changes.
    pub refusal: Option<Refused>,
}

/// Why the store refused a save, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    /// The field it is about and its value when refused (a duplicate NIK or No KK): the
    /// message shows under that field and goes once the value changes. `None`: about the
    /// whole form (a copy changed in another session since the form opened).
    pub field: Option<(String, String)>,
}

/// A record ready to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Activity(NewActivity),
    Graduation(NewGraduation),
    Referral(NewReferral),
    Household(HouseholdInput),
    Void(HouseholdVoid),
    Verification(crate::model::verification::NewVerifications),
    LifeEvent(Box<crate::model::life_event::NewLifeEvent>),
}

fn options<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (key(*v).to_string(), label(*v)))
        .collect()
}

fn kind_options(lang: Lang) -> Vec<(String, String)> {
    options(&ActivityKind::ALL, ActivityKind::key, |k| {
        i18n::kind_label(lang, k).to_string()
    })
}

fn program_options(lang: Lang, with_none: bool) -> Vec<(String, String)> {
    let mut v = Vec::new();
    if with_none {
        v.push((String::new(), tr(lang, T::FormNoReferral).to_string()));
    }
    v.extend(options(&Program::ALL, Program::key, |p| {
        i18n::referral_program(lang, p).to_string()
    }));
    v
}

impl Entry {
    /// The activity form: kind `kunjungan`, today, the cursor in the summary. With several
    /// households it is a group activity (P2K2 by default) with attendance for each.
    pub fn activity(lang: Lang, households: Vec<(String, String)>) -> Entry {
        let group = households.len() > 1;
        let title = if group {
            fill(tr(lang, T::FormActivityGroupTitle), &[&households.len()])
        } else {
            fill(
                tr(lang, T::FormActivityTitle),
                &[&households.first().map(|h| h.1.as_str()).unwrap_or("")],
            )
        };
        let default_kind = if group { "p2k2" } else { "kunjungan" };
        let mut fields = vec![
            Field::choice(
                "kind",
                tr(lang, T::FieldKind),
                kind_options(lang),
                default_kind,
            ),
            Field::date("date", tr(lang, T::FieldDate), "t", false),
            Field::text("summary", tr(lang, T::FieldSummary), ""),
            Field::text("detail", tr(lang, T::FieldDetail), ""),
            Field::date("follow_up", tr(lang, T::FieldFollowUp), "", true),
        ];
        if group {
            fields.push(Field::choice(
                "module",
                tr(lang, T::FieldModule),
                options(&P2k2Module::ALL, P2k2Module::key, |m| {
                    i18n::module_label(lang, m).to_string()
                }),
                P2k2Module::ALL[0].key(),
            ));
            fields.push(Field::text("session", tr(lang, T::FieldSession), "1"));
            fields.push(Field::text("group", tr(lang, T::FieldGroup), ""));
            fields.push(Field::text("place", tr(lang, T::FieldPlace), ""));
            for (i, (_, name)) in households.iter().enumerate() {
                let mut f = Field::check(
                    ATTEND_KEYS.get(i).copied().unwrap_or("attend"),
                    fill(tr(lang, T::FieldAttended), &[name]),
                    true,
                );
                f.label = fill(tr(lang, T::FieldAttended), &[name]);
                fields.push(f);
            }
        }
        let mut form = Form::new(title, fields);
        form.focus_on("summary");
        Entry {
            form,
            purpose: Purpose::Activity { households },
            duplicate_of: None,
            warned: false,
            refusal: None,
        }
    }

    /// A supervisor's note on one household: a `catatan` (note) or a `direktif` (a task for
    /// the facilitator, with a follow-up date that lands on their agenda).
    pub fn supervision_note(lang: Lang, household: (String, String)) -> Entry {
        let mut entry = Entry::activity(lang, vec![household.clone()]);
        entry.form.title = fill(tr(lang, T::FormSupervisionTitle), &[&household.1]);
        if let Some(f) = entry.form.fields.iter_mut().find(|f| f.key == "kind") {
            let notes = [ActivityKind::Catatan, ActivityKind::Direktif];
            *f = Field::choice(
                "kind",
                tr(lang, T::FieldKind),
                options(&notes, ActivityKind::key, |k| {
                    i18n::kind_label(lang, k).to_string()
                }),
                ActivityKind::Catatan.key(),
            );
        }
        entry
    }

    pub fn graduation(lang: Lang, household: (String, String)) -> Entry {
        let title = fill(tr(lang, T::FormGraduationTitle), &[&household.1]);
        let fields = vec![
            Field::choice(
                "kind",
                tr(lang, T::FieldExitKind),
                options(&ExitKind::ALL, ExitKind::key, |k| {
                    i18n::exit_label(lang, k).to_string()
                }),
                ExitKind::SejahteraMandiri.key(),
            ),
            Field::date("date", tr(lang, T::FieldDate), "t", false),
            Field::text("reason", tr(lang, T::FieldReason), ""),
            Field::check("asesmen", tr(lang, T::FieldAssessed), false),
            Field::check("surat_pernyataan", tr(lang, T::FieldStatement), false),
            Field::choice(
                "program",
                tr(lang, T::FieldReferral),
                program_options(lang, true),
                "",
            ),
            Field::text("agency", tr(lang, T::FieldAgency), ""),
        ];
        let mut form = Form::new(title, fields);
        form.focus_on("reason");
        Entry {
            form,
            purpose: Purpose::Graduation { household },
            duplicate_of: None,
            warned: false,
            refusal: None,
        }
    }

    pub fn referral(lang: Lang, household: (String, String)) -> Entry {
        let title = fill(tr(lang, T::FormReferralTitle), &[&household.1]);
        let fields = vec![
            Field::choice(
                "program",
                tr(lang, T::FieldProgram),
                program_options(lang, false),
                Program::Pena.key(),
            ),
            Field::text("agency", tr(lang, T::FieldAgency), ""),
            Field::date("date", tr(lang, T::FieldDate), "t", false),
            Field::choice(
                "status",
                tr(lang, T::FieldStatus),
                options(&ReferralStatus::ALL, ReferralStatus::key, |s| {
                    i18n::referral_status_label(lang, s).to_string()
                }),
                ReferralStatus::Diusulkan.key(),
            ),
            Field::text("notes", tr(lang, T::FieldNotes), ""),
        ];
        Entry {
            form: Form::new(title, fields),
            purpose: Purpose::Referral { household },
            duplicate_of: None,
            warned: false,
            refusal: None,
        }
    }

    /// Voiding a household entered by mistake: the reason (no default: it is chosen), then
    /// a question before anything is written.
    pub fn void(lang: Lang, household: (String, String)) -> Entry {
        let title = fill(tr(lang, T::FormVoidTitle), &[&household.1]);
        let mut reasons = vec![(String::new(), tr(lang, T::ChoicePick).to_string())];
        reasons.extend(options(&VoidReason::ALL, VoidReason::key, |r| {
            i18n::void_reason_label(lang, r).to_string()
        }));
        let fields = vec![Field::choice(
            "reason",
            tr(lang, T::FieldReason),
            reasons,
            "",
        )];
        Entry {
            form: Form::new(title, fields),
            purpose: Purpose::Void { household },
            duplicate_of: None,
            warned: false,
            refusal: None,
        }
    }

    /// Commitments not met: the reason (the component's usual one first) and notes.
    pub fn not_met(
        lang: Lang,
        target: super::verify::Target,
        usual: crate::domain::verification::NotMetReason,
    ) -> Entry {
        use crate::domain::verification::NotMetReason;
        let month = super::verify::month_label(lang, target.month);
        let title = if target.count == 1 {
            fill(tr(lang, T::FormNotMetTitle), &[&month, &target.name])
        } else {
            fill(tr(lang, T::FormNotMetTitleMany), &[&month, &target.count])
        };
        let fields = vec![
            Field::choice(
                "reason",
                tr(lang, T::FieldReason),
                options(&NotMetReason::ALL, NotMetReason::key, |r| {
                    i18n::reason_label(lang, r).to_string()
                }),
                usual.key(),
            ),
            Field::text("notes", tr(lang, T::FieldNotes), ""),
        ];
        Entry {
            form: Form::new(title, fields),
            purpose: Purpose::NotMet(Box::new(target)),
            duplicate_of: None,
            warned: false,
            refusal: None,
        }
    }

    /// Rebuilds a form from a draft ([`Draft`]).
    pub fn from_draft(lang: Lang, kind: &str, payload: &str, today: NaiveDate) -> Option<Entry> {
        Draft::read(payload)?.open(lang, kind, today)
    }

    /// What a draft of this form stores: its kind and the [`Draft`] as JSON.
    pub fn to_draft(&self) -> (String, String) {
        (self.purpose.kind().to_string(), Draft::of(self).to_json())
    }

    /// After an edit: the errors shown are checked again. Those fixed disappear, those
    /// still wrong are worded for what is there now (the graduation kind chosen, the
    /// members as they are); no new error appears before the next save. The store's
    /// refusal of a field goes once that field's value changes, and its duplicate with it.
    pub fn recheck(
        &mut self,
        lang: Lang,
        today: NaiveDate,
        monitoring_months: u32,
        rules: &ComponentRules,
    ) {
        if let Some(Refused {
            field: Some((key, value)),
            ..
        }) = &self.refusal
            && self.form.value(key) != *value
        {
            self.refusal = None;
            self.duplicate_of = None;
        }
        if !self.form.has_errors() {
            return;
        }
        let mut probe = self.clone();
        // Warnings that still apply show again; fixed ones go.
        probe.warned = false;
        let _ = probe.validate(lang, today, monitoring_months, rules);
        for (shown, now) in self.form.fields.iter_mut().zip(&probe.form.fields) {
            if shown.error.is_some() {
                shown.error = now.error.clone();
            }
        }
        if self.form.error.is_some() {
            self.form.error = probe.form.error;
        }
    }

    /// Checks the form; on success the record to save, else errors on the fields.
    pub fn validate(
        &mut self,
        lang: Lang,
        today: NaiveDate,
        monitoring_months: u32,
        rules: &ComponentRules,
    ) -> Option<Record> {
        self.form.clear_errors();
        if matches!(self.purpose, Purpose::Household { .. }) {
            return self.validate_household(lang, today, rules);
        }
        if matches!(self.purpose, Purpose::LifeEvent(_)) {
            return self.validate_life_event(lang, today, rules);
        }
        let form = &mut self.form;
        let date = match form.field("date").and_then(|f| f.date_value(today)) {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => {
                form.set_error("date", i18n::date_error(lang, &e));
                None
            }
            None => None,
        };
        let record = match &self.purpose {
            Purpose::Activity { households } => {
                // Work is recorded once done: its date cannot be in the future (a plan goes
                // in the follow-up date).
                if date.is_some_and(|d| d > today) {
                    form.set_error("date", tr(lang, T::FormDateFuture));
                }
                let summary = form.value("summary").trim().to_string();
                if summary.is_empty() {
                    form.set_error("summary", tr(lang, T::FormRequired));
                }
                let follow_up = match form.field("follow_up").and_then(|f| f.date_value(today)) {
                    Some(Ok(d)) => {
                        if date.is_some_and(|date| d < date) {
                            form.set_error("follow_up", tr(lang, T::FormFollowUpBeforeDate));
                        }
                        Some(d)
                    }
                    Some(Err(e)) => {
                        form.set_error("follow_up", i18n::date_error(lang, &e));
                        None
                    }
                    None => None,
                };
                let kind = ActivityKind::from_key(&form.value("kind"))?;
                let group = households.len() > 1;
                let mut module = None;
                let mut session = None;
                if group && kind == ActivityKind::P2k2 {
                    let m = P2k2Module::from_key(&form.value("module"))?;
                    module = Some(m);
                    // Stored as the ministry numbers it (Perlindungan Anak is Sesi 11-12);
                    // the module's own count (1, 2) is taken too.
                    let typed = form.value("session").trim().parse::<u8>().ok();
                    match typed.and_then(|n| m.session_number(n)) {
                        Some(n) => session = Some(n),
                        None => {
                            let numbers = m.session_numbers();
                            form.set_error(
                                "session",
                                fill(
                                    tr(lang, T::FormSessionRange),
                                    &[numbers.start(), numbers.end()],
                                ),
                            )
                        }
                    }
                }
                let attendance: Vec<(String, bool)> = households
                    .iter()
                    .enumerate()
                    .map(|(i, (id, _))| {
                        let attended =
                            !group || form.checked(ATTEND_KEYS.get(i).copied().unwrap_or("attend"));
                        (id.clone(), attended)
                    })
                    .collect();
                Record::Activity(NewActivity {
                    households: attendance,
                    kind,
                    date: date.unwrap_or(today),
                    summary,
                    detail: form.value("detail").trim().to_string(),
                    follow_up,
                    group_name: form.value("group").trim().to_string(),
                    place: form.value("place").trim().to_string(),
                    p2k2_module: module,
                    p2k2_session: session,
                })
            }
            Purpose::Graduation { household } => {
                let kind = ExitKind::from_key(&form.value("kind"))?;
                let mut evidence = Vec::new();
                if form.checked("asesmen") {
                    evidence.push("asesmen");
                }
                if form.checked("surat_pernyataan") {
                    evidence.push("surat_pernyataan");
                }
                // A graduation by the family's own decision needs its signed statement (and
                // sejahtera mandiri its assessment): the rule the importer keeps too.
                for missing in missing_evidence(kind, &evidence) {
                    let message = match missing {
                        "asesmen" => T::FormAssessmentNeeded,
                        _ => T::FormStatementNeeded,
                    };
                    // Named for the kind chosen: "Graduasi sejahtera mandiri perlu ...".
                    let text = fill(tr(lang, message), &[&i18n::exit_label(lang, kind)]);
                    form.set_error(missing, text);
                }
                let program = Program::from_key(&form.value("program"));
                let referral = program.map(|p| NewReferral {
                    household_id: household.0.clone(),
                    program: p,
                    agency: form.value("agency").trim().to_string(),
                    date: date.unwrap_or(today),
                    status: ReferralStatus::Diusulkan,
                    notes: String::new(),
                });
                Record::Graduation(NewGraduation {
                    household_id: household.0.clone(),
                    kind,
                    date: date.unwrap_or(today),
                    reason: form.value("reason").trim().to_string(),
                    evidence,
                    referral,
                    monitoring_months,
                    monitoring_summary: tr(lang, T::NoteMonitoring).to_string(),
                })
            }
            Purpose::Household { .. } | Purpose::LifeEvent(_) => return None,
            Purpose::Void { household } => {
                let Some(reason) = VoidReason::from_key(&form.value("reason")) else {
                    form.set_error("reason", tr(lang, T::FormVoidReasonNeeded));
                    return None;
                };
                Record::Void(HouseholdVoid {
                    household_id: household.0.clone(),
                    reason,
                })
            }
            Purpose::NotMet(target) => {
                let reason =
                    crate::domain::verification::NotMetReason::from_key(&form.value("reason"));
                target.record(
                    crate::domain::verification::Outcome::NotMet,
                    reason,
                    form.value("notes").trim().to_string(),
                    today,
                )
            }
            Purpose::Referral { household } => {
                let program = Program::from_key(&form.value("program"))?;
                let status = ReferralStatus::from_key(&form.value("status"))?;
                Record::Referral(NewReferral {
                    household_id: household.0.clone(),
                    program,
                    agency: form.value("agency").trim().to_string(),
                    date: date.unwrap_or(today),
                    status,
                    notes: form.value("notes").trim().to_string(),
                })
            }
        };
        if form.has_errors() {
            return None;
        }
        // A void is asked once more, naming the household and what it does; the next
        // save goes ahead.
        if let (Record::Void(v), Purpose::Void { household }) = (&record, &self.purpose)
            && !self.warned
        {
            let again = crate::keymap::binding(crate::keymap::Command::Save).keys[0];
            form.error = Some(fill(
                tr(lang, T::FormVoidConfirm),
                &[
                    &household.1,
                    &i18n::void_reason_label(lang, v.reason),
                    &crate::keymap::key_label(again, true),
                ],
            ));
            self.warned = true;
            return None;
        }
        Some(record)
    }
}

/// Field keys for attendance checkboxes (a P2K2 group is at most a few dozen families).
const ATTEND_KEYS: &[&str] = &[
    "attend01", "attend02", "attend03", "attend04", "attend05", "attend06", "attend07", "attend08",
    "attend09", "attend10", "attend11", "attend12", "attend13", "attend14", "attend15", "attend16",
    "attend17", "attend18", "attend19", "attend20", "attend21", "attend22", "attend23", "attend24",
    "attend25", "attend26", "attend27", "attend28", "attend29", "attend30", "attend31", "attend32",
    "attend33", "attend34", "attend35", "attend36", "attend37", "attend38", "attend39", "attend40",
];

/// The most households one group activity takes.
pub const MAX_GROUP: usize = ATTEND_KEYS.len();
