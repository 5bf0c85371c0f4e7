//! Data entry: which forms exist (activity, graduation, referral), how each is built with
//! sensible defaults, and how its values are checked and turned into a record to save.
//! Pure: it returns the record or puts errors on the form's fields.

use chrono::NaiveDate;

use super::form::{Field, Form};
use crate::domain::Lang;
use crate::domain::activity::{ActivityKind, P2k2Module};
use crate::domain::graduation::{ExitKind, Program, ReferralStatus};
use crate::i18n::{self, T, fill, tr};
use crate::model::{NewActivity, NewGraduation, NewReferral};

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
}

impl Purpose {
    pub fn kind(&self) -> &'static str {
        match self {
            Purpose::Activity { .. } => "activity",
            Purpose::Graduation { .. } => "graduation",
            Purpose::Referral { .. } => "referral",
        }
    }

    /// First line of a draft: the households, as `id|name` joined by tabs.
    pub fn to_line(&self) -> String {
        let hh: Vec<&(String, String)> = match self {
            Purpose::Activity { households } => households.iter().collect(),
            Purpose::Graduation { household } | Purpose::Referral { household } => {
                vec![household]
            }
        };
        hh.iter()
            .map(|(id, name)| format!("{id}|{}", name.replace(['\t', '\n', '|'], " ")))
            .collect::<Vec<_>>()
            .join("\t")
    }

    pub fn from_line(kind: &str, line: &str) -> Option<Purpose> {
        let hh: Vec<(String, String)> = line
            .split('\t')
            .filter_map(|p| p.split_once('|'))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let first = hh.first().cloned()?;
        match kind {
            "activity" => Some(Purpose::Activity { households: hh }),
            "graduation" => Some(Purpose::Graduation { household: first }),
            "referral" => Some(Purpose::Referral { household: first }),
            _ => None,
        }
    }
}

/// An open form and what it is for.
#[derive(Debug, Clone)]
pub struct Entry {
    pub form: Form,
    pub purpose: Purpose,
}

/// A record ready to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Activity(NewActivity),
    Graduation(NewGraduation),
    Referral(NewReferral),
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
        }
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
        }
    }

    /// Rebuilds a form from a draft.
    pub fn from_draft(lang: Lang, kind: &str, payload: &str) -> Option<Entry> {
        let (first, rest) = payload.split_once('\n').unwrap_or((payload, ""));
        let purpose = Purpose::from_line(kind, first)?;
        let mut entry = match purpose {
            Purpose::Activity { households } => Entry::activity(lang, households),
            Purpose::Graduation { household } => Entry::graduation(lang, household),
            Purpose::Referral { household } => Entry::referral(lang, household),
        };
        entry.form.restore(rest);
        Some(entry)
    }

    /// What a draft of this form stores.
    pub fn to_draft(&self) -> (String, String) {
        (
            self.purpose.kind().to_string(),
            format!("{}\n{}", self.purpose.to_line(), self.form.to_payload()),
        )
    }

    /// Checks the form; on success the record to save, else errors on the fields.
    pub fn validate(
        &mut self,
        lang: Lang,
        today: NaiveDate,
        monitoring_months: u32,
    ) -> Option<Record> {
        self.form.clear_errors();
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
                    match form.value("session").trim().parse::<u8>() {
                        Ok(n) if (1..=m.sessions()).contains(&n) => session = Some(n),
                        _ => form.set_error(
                            "session",
                            fill(tr(lang, T::FormSessionRange), &[&m.sessions()]),
                        ),
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
                // A graduation by the family's own decision needs its signed statement.
                if matches!(kind, ExitKind::SejahteraMandiri | ExitKind::Mandiri)
                    && !evidence.contains(&"surat_pernyataan")
                {
                    form.set_error("surat_pernyataan", tr(lang, T::FormStatementNeeded));
                }
                if kind == ExitKind::SejahteraMandiri && !evidence.contains(&"asesmen") {
                    form.set_error("asesmen", tr(lang, T::FormAssessmentNeeded));
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
                })
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
            None
        } else {
            Some(record)
        }
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
