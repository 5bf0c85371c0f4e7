//! Unit tests of the core as a core: `App::update` driven with actions, asserting on the
//! effects it returns and the state it leaves, without a database. `World` answers the
//! read effects the way a store with a few numbered households would, so a key script can
//! run to the end (`run`) or stop at the effects one key asks for (`press`).

mod corrections;
mod effects;
mod entry;
mod groups;
mod household_form;
mod life;
mod list;
mod messages;
mod paste;
mod payments;
mod readiness;
mod refusals;
mod review;
mod screens;
mod shown;
mod sync;
mod terminal;
mod text;
mod today;
mod today_month;
mod verify;

use chrono::NaiveDate;

use super::{Action, App, Effect, Rows, Settings, Source, Total, conflicts};
use crate::domain::Lang;
use crate::domain::activity::ActivityKind;
use crate::domain::graduation::HouseholdStatus;
use crate::keymap::parse_keys;
use crate::model::{
    ActivityRow, AgendaRow, GaugeData, HouseholdDetail, HouseholdFields, HouseholdRow, Role, Scope,
    Worker,
};

pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

pub(super) fn worker(role: Role) -> Worker {
    let (id, name) = match role {
        Role::Facilitator => ("w1", "Siti Rahayu"),
        Role::Supervisor => ("s1", "Budi Santoso"),
    };
    Worker {
        id: id.into(),
        name: name.into(),
        login: id.into(),
        role,
        annual_target: 10,
    }
}

/// A facilitator's app in English, 80x24, not started.
pub(super) fn bare(role: Role) -> App {
    let mut app = App::new(Settings::new(Lang::En), worker(role), today(), false);
    app.update(Action::Resize(80, 24));
    app
}

/// A started app over `World::new(households)`, every effect of the start answered.
pub(super) fn started(role: Role, households: u64) -> App {
    let mut app = bare(role);
    let fx = app.update(Action::Start);
    World::new(households).run(&mut app, fx);
    app
}

/// A facilitator's started app over 100 households.
pub(super) fn app() -> App {
    started(Role::Facilitator, 100)
}

/// The effects of a key script, key by key, without answering any.
pub(super) fn press(app: &mut App, script: &str) -> Vec<Effect> {
    parse_keys(script)
        .unwrap()
        .into_iter()
        .flat_map(|k| app.update(Action::Key(k)))
        .collect()
}

/// `e` on the selected household, and the store's answer that the reveal of its NIKs is
/// recorded: the household form is open.
pub(super) fn open_edit(app: &mut App) {
    let fx = press(app, "e");
    assert!(
        matches!(&fx[..], [Effect::LogReveal { .. }]),
        "the reveal is logged first: {fx:?}"
    );
    app.update(Action::Revealed(super::RevealPlace::Form));
    assert!(
        matches!(app.overlay, super::Overlay::Form(_)),
        "the form opens"
    );
}

/// A review line: history entry `100 - i` (newest first) of household `h{i:03}`.
pub(super) fn review_row(i: u64) -> crate::model::review::ReviewRow {
    crate::model::review::ReviewRow {
        seq: 100 - i as i64,
        at: "2026-11-28T03:00:00.000Z".into(),
        author: "Siti Rahayu".into(),
        table: "households".into(),
        field: "phone".into(),
        old: None,
        new: Some("0812".into()),
        household_id: Some(format!("h{i:03}")),
        household_name: Some(format!("Household {i}")),
    }
}

pub(super) fn row(i: u64) -> HouseholdRow {
    HouseholdRow {
        id: format!("h{i:03}"),
        name: format!("Nama {i:03}"),
        village: "Curugsewu".into(),
        status: HouseholdStatus::Aktif,
        components: 2,
        last_visit: None,
        has_business: false,
        next_follow_up: None,
        desil: Some(2),
        readiness: None,
        pay_problem: false,
        failing: false,
    }
}

/// Member `i` of the verification screen: two a household (`h000` has `m000` and `m001`),
/// each in SD, born in 2015, not verified yet.
pub(super) fn verify_row(i: u64) -> crate::model::verification::VerifyRow {
    crate::model::verification::VerifyRow {
        member_id: format!("m{i:03}"),
        household_id: format!("h{:03}", i / 2),
        household_name: format!("Nama {:03}", i / 2),
        village: "Curugsewu".into(),
        member_name: format!("Anak {i:03}"),
        component: crate::domain::component::Component::Sd,
        birth_date: chrono::NaiveDate::from_ymd_opt(2015, 1, 1),
        outcome: None,
        reason: None,
        notes: String::new(),
    }
}

pub(super) fn activity(i: u64, household: Option<&str>) -> ActivityRow {
    ActivityRow {
        id: format!("a{i:03}"),
        date: today(),
        kind: ActivityKind::Kunjungan,
        summary: format!("Kunjungan {i}"),
        household_id: household.map(str::to_string),
        household_name: household.map(|h| format!("Nama {h}")),
        group_size: 1,
        follow_up: None,
        done: false,
        noted_by: None,
        entry: Default::default(),
        attended: None,
    }
}

pub(super) fn agenda_row(i: u64) -> AgendaRow {
    AgendaRow {
        activity_id: format!("a{i:03}"),
        household_id: Some(format!("h{i:03}")),
        household_name: format!("Nama {i:03}"),
        village: "Curugsewu".into(),
        kind: ActivityKind::Kunjungan,
        summary: "Cek sekolah".into(),
        follow_up: today(),
        facilitator: "Siti Rahayu".into(),
    }
}

/// A conflict `pilar merge` recorded on household `h001`'s RT: ours 001, theirs 009.
pub(super) fn conflict(id: &str) -> crate::model::Conflict {
    crate::model::Conflict {
        id: id.into(),
        table: "households".into(),
        record_id: "h001".into(),
        household_id: Some("h001".into()),
        household_name: Some("Nama 001".into()),
        field: "rt".into(),
        ours: Some("001".into()),
        theirs: Some("009".into()),
        source: "laptop-b.db".into(),
    }
}

/// The detail of household `id`, as the store would give it (the only place the tests
/// spell out a whole detail record).
pub(super) fn detail(id: &str) -> HouseholdDetail {
    HouseholdDetail {
        id: id.into(),
        fields: HouseholdFields {
            no_kk: "3324041234560001".into(),
            address: "Jl. Melati".into(),
            rt: "001".into(),
            rw: "002".into(),
            village: "Curugsewu".into(),
            kecamatan: "Patean".into(),
            kabupaten: "Kendal".into(),
            area_code: "3324042001".into(),
            phone: String::new(),
            desil: Some(2),
            year_joined: Some(2018),
            programs: Vec::new(),
            has_business: false,
            business_desc: String::new(),
            business_income: None,
            pas: Vec::new(),
        },
        pengurus_name: format!("Nama {}", &id[1..]),
        pengurus_nik: "3324045203850001".into(),
        status: HouseholdStatus::Aktif,
        status_date: None,
        worker_name: "Siti Rahayu".into(),
        updated_at: "2026-11-01T00:00:00.000Z".into(),
        last_visit: None,
        next_follow_up: None,
        members: Vec::new(),
        referrals: Vec::new(),
        graduations: Vec::new(),
        p2k2_attended: 0,
        p2k2_sessions: 0,
        payments: Vec::new(),
        verifications: Vec::new(),
        p2k2_group: None,
        left: Vec::new(),
    }
}

/// A store stand-in: `households` numbered households (`h000`..), each with 5 activities,
/// 3 follow-ups on the agenda, no conflicts, no draft. It answers reads; writes it
/// leaves to the test.
pub(super) struct World {
    pub households: u64,
    /// What "Hari ini" finds (none unless a test says).
    pub today: Vec<crate::domain::today::TodayItem>,
    /// What the gauge says.
    pub gauge: GaugeData,
}

impl World {
    pub fn new(households: u64) -> World {
        World {
            households,
            today: Vec::new(),
            gauge: GaugeData::default(),
        }
    }

    /// The answer to a read, `None` for anything else.
    pub fn answer(&self, effect: &Effect) -> Option<Action> {
        Some(match effect {
            Effect::Page {
                source,
                fetch,
                count,
            } => {
                let (n, rows) = match source {
                    Source::List(_) => {
                        let n = self.households;
                        let end = (fetch.offset + fetch.limit).min(n);
                        (
                            n,
                            Rows::List((fetch.offset.min(end)..end).map(row).collect()),
                        )
                    }
                    Source::Log(q) => {
                        let n = match q {
                            crate::model::LogQuery::Household(_) => 5,
                            crate::model::LogQuery::Caseload(_) => 50,
                        };
                        let end = (fetch.offset + fetch.limit).min(n);
                        let rows = (fetch.offset.min(end)..end)
                            .map(|i| activity(i, Some(&format!("h{i:03}"))))
                            .collect();
                        (n, Rows::Log(rows))
                    }
                    Source::Verify(_) => {
                        let n = self.households * 2;
                        let end = (fetch.offset + fetch.limit).min(n);
                        (
                            n,
                            Rows::Verify((fetch.offset.min(end)..end).map(verify_row).collect()),
                        )
                    }
                    Source::Review(_) => {
                        let end = (fetch.offset + fetch.limit).min(7);
                        (
                            7,
                            Rows::Review((fetch.offset.min(end)..end).map(review_row).collect()),
                        )
                    }
                    Source::Agenda { .. } => {
                        let end = (fetch.offset + fetch.limit).min(3);
                        (
                            3,
                            Rows::Agenda((fetch.offset.min(end)..end).map(agenda_row).collect()),
                        )
                    }
                };
                Action::Page {
                    total: count.then_some(Total::exact(n)),
                    offset: fetch.offset,
                    limit: fetch.limit,
                    rows,
                }
            }
            Effect::FetchDetail(id) => Action::DetailLoaded(Some(Box::new(detail(id)))),
            Effect::FetchHistory(_) => Action::HistoryLoaded(Vec::new()),
            Effect::FetchGauge { .. } => Action::GaugeLoaded(self.gauge.clone()),
            Effect::FetchFailing { .. } => Action::FailingLoaded(Vec::new()),
            Effect::FetchDraft(_) => Action::DraftFound(None),
            Effect::FetchToday { .. } => Action::TodayLoaded(self.today.clone()),
            Effect::FetchReviewSummaries => Action::ReviewSummaries(Default::default()),
            Effect::DeleteDraft(_) => Action::DraftDeleted,
            Effect::Conflicts(conflicts::Request::Count(_)) => conflicts::Loaded::Count(0).into(),
            Effect::Locate {
                household_id, then, ..
            } => Action::Located {
                household_id: household_id.clone(),
                position: household_id[1..]
                    .parse::<u64>()
                    .ok()
                    .filter(|i| *i < self.households),
                then: *then,
            },
            _ => return None,
        })
    }

    /// Runs `effects` and what their answers cause, like the shell; returns every effect
    /// in the order it ran (writes and unanswered ones included, unanswered).
    pub fn run(&self, app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        let mut ran = Vec::new();
        while let Some(effect) = queue.pop_front() {
            if let Some(action) = self.answer(&effect) {
                queue.extend(app.update(action));
            }
            ran.push(effect);
        }
        ran
    }

    /// A key script run to the end, key by key; every effect run.
    pub fn keys(&self, app: &mut App, script: &str) -> Vec<Effect> {
        let mut ran = Vec::new();
        for k in parse_keys(script).unwrap() {
            let fx = app.update(Action::Key(k));
            ran.extend(self.run(app, fx));
        }
        ran
    }
}

/// The list pages among `effects`: (filter text of the query, offset, limit, count).
pub(super) fn list_pages(effects: &[Effect]) -> Vec<(String, u64, u64, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Page {
                source: Source::List(q),
                fetch,
                count,
            } => Some((q.filter.words.join(" "), fetch.offset, fetch.limit, *count)),
            _ => None,
        })
        .collect()
}

/// The status bar's message text ("" when there is none).
pub(super) fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map_or(String::new(), |m| m.text.clone())
}

/// The caseload scope of the test facilitator.
pub(super) fn own_scope() -> Scope {
    Scope::Worker("w1".into())
}
