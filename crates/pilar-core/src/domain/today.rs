//! "Hari ini" (issue 11 item 7): today's work, each line with its reason, in order of
//! urgency. The reasons are a list, [`SOURCES`], in the order their lines come: the store
//! gathers the lines of each source (`Store::today`), [`order`] sorts them, the screen
//! and `pilar print visits` show them. A new reason is one more [`Reason`] variant placed in [`SOURCES`] where its urgency belongs, its query in
//! `pilar-store/src/store/today.rs`, its words in `i18n/today.rs` and its Enter in
//! [`Reason::action`]; the compiler names every match that needs it.

use chrono::{Datelike, NaiveDate};

use crate::domain::activity::P2k2Module;

/// Why a line is on today's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// An open follow-up whose date has passed (`number`: days late).
    Overdue,
    /// An open follow-up due today.
    DueToday,
    /// A member not met their commitments N months in a row (the setting), one line per
    /// household (`number`: the longest run; `date`: its last month's first day;
    /// `detail`: the members' names).
    Failing,
    /// A tahap of last year or this year, started, not received with a problem: one line
    /// per household, its latest (`number`: the tahap; `date`: the tahap's first day;
    /// `detail`: the problem's key).
    PaymentProblem,
    /// This month's verifications not done: one line per P2K2 group for its families
    /// (`households`; `number`: how many), one per household not in a group (`number`:
    /// members left). `detail` is the verification screen's filter for the line (the
    /// household's No KK, or `kelompok:` and the group's name).
    NotVerified,
    /// An active family with no home visit in [`NOT_VISITED_DAYS`] days (`number`: days
    /// since the last visit, `-1` never visited). On the screen only the first
    /// [`NOT_VISITED_SHOWN`] are listed; the rest are one line without a household
    /// (`number`: how many), whose Enter shows them all in the list ([`fold_not_visited`]).
    NotVisited,
    /// A referral proposed or accepted [`REFERRAL_WAIT_DAYS`] or more days ago that has
    /// not moved on (`number`: days waiting).
    ReferralWaiting,
    /// A P2K2 group's next session (`number`: its session number; `date`: a month after
    /// the last one, the groups meeting monthly).
    P2k2Next,
    /// A life event the calendar implies (`domain::life_event::proposal`): `detail` holds
    /// the proposal ([`crate::domain::life_event::proposal::line_detail`]), `date` its due
    /// date, `name` the member's name.
    LifeEvent,
    /// An active household ready for a graduation assessment: readiness of
    /// [`crate::domain::forecast::READY_THRESHOLD`] or more (`number`: the score).
    Ready,
}

/// Every reason, in order of urgency: the list shows them in this order.
pub const SOURCES: &[Reason] = &[
    Reason::Overdue,
    Reason::DueToday,
    Reason::Failing,
    Reason::PaymentProblem,
    Reason::NotVerified,
    Reason::NotVisited,
    Reason::ReferralWaiting,
    Reason::P2k2Next,
    Reason::LifeEvent,
    Reason::Ready,
];

/// A family not visited for this many days is on the list.
pub const NOT_VISITED_DAYS: i64 = 90;
/// Today's screen lists this many families not visited (a day's visits, the longest
/// unvisited first); the rest are one line that opens the list on them.
pub const NOT_VISITED_SHOWN: usize = 10;
/// A referral waiting this many days for the agency is on the list.
pub const REFERRAL_WAIT_DAYS: i64 = 14;
/// At most this many lines of one reason (the rest are counted, not listed).
pub const MAX_PER_REASON: u64 = 500;

/// What Enter does on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open the visit form for the household (a supervisor: the household).
    Visit,
    /// Open the group-activity form for the group's households.
    GroupSession,
    /// Go to the household in the list.
    OpenHousehold,
    /// Open the verification screen for this month, filtered to the line's household or
    /// group (its `detail`).
    Verify,
    /// Open the life-event form on the proposal.
    LifeEvent,
    /// Show the list filtered to the families the line counts (the rest of the families
    /// not visited: `kunjungan:>=90`).
    ListFilter,
}

impl Reason {
    pub fn action(self) -> Action {
        match self {
            Reason::Overdue | Reason::DueToday | Reason::NotVisited => Action::Visit,
            Reason::P2k2Next => Action::GroupSession,
            Reason::NotVerified => Action::Verify,
            Reason::ReferralWaiting | Reason::Ready | Reason::Failing | Reason::PaymentProblem => {
                Action::OpenHousehold
            }
            Reason::LifeEvent => Action::LifeEvent,
        }
    }

    /// Its place in [`SOURCES`].
    pub fn rank(self) -> usize {
        SOURCES
            .iter()
            .position(|r| *r == self)
            .unwrap_or(SOURCES.len())
    }
}

/// One line of today's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayItem {
    pub reason: Reason,
    /// The household the line is about (`None` for a group's line).
    pub household_id: Option<String>,
    /// The recipient's name, or the group's.
    pub name: String,
    /// The village, or the group's place.
    pub village: String,
    /// Whose caseload (a supervisor's list shows it).
    pub facilitator: String,
    /// The follow-up's date, the last visit, the referral's date, the session's expected
    /// date (none for a family never visited or a readiness line).
    pub date: Option<NaiveDate>,
    /// The reason's number: days late, days since the visit (-1 never), days waiting, the
    /// session number, the score.
    pub number: i64,
    /// The follow-up's summary, the referral's program key, the group's last session.
    pub detail: String,
    /// A group's households (id, name), for its session form.
    pub households: Vec<(String, String)>,
    /// A group's next session's module.
    pub module: Option<P2k2Module>,
}

impl TodayItem {
    /// What Enter does on this line: its reason's action, but the line that counts the
    /// rest of the families not visited ([`fold_not_visited`]) shows them in the list.
    pub fn action(&self) -> Action {
        if self.reason == Reason::NotVisited && self.household_id.is_none() {
            Action::ListFilter
        } else {
            self.reason.action()
        }
    }
}

/// Sorts today's lines: by reason in [`SOURCES`] order; within a reason the most urgent
/// first (the latest follow-up, the longest unvisited with never visited first, the
/// longest waiting, the earliest session, the readiest), then by name. A family not
/// visited that already has a follow-up line goes: the one visit settles both.
pub fn order(items: &mut Vec<TodayItem>) {
    let following: std::collections::HashSet<String> = items
        .iter()
        .filter(|i| matches!(i.reason, Reason::Overdue | Reason::DueToday))
        .filter_map(|i| i.household_id.clone())
        .collect();
    items.retain(|i| {
        i.reason != Reason::NotVisited
            || i.household_id
                .as_ref()
                .is_none_or(|h| !following.contains(h))
    });
    items.sort_by(|a, b| {
        a.reason
            .rank()
            .cmp(&b.reason.rank())
            .then_with(|| within(a).cmp(&within(b)))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.household_id.cmp(&b.household_id))
    });
}

/// Keeps the first `shown` families not visited of `items` (already in [`order`]) and puts
/// the rest into one line after them, without a household, counting them (`number`), so
/// that a caseload where half the families wait for a visit still reads as a day's work.
/// Nothing happens with `shown` or fewer.
pub fn fold_not_visited(items: &mut Vec<TodayItem>, shown: usize) {
    let Some(first) = items.iter().position(|i| i.reason == Reason::NotVisited) else {
        return;
    };
    let count = items[first..]
        .iter()
        .take_while(|i| i.reason == Reason::NotVisited)
        .count();
    if count <= shown {
        return;
    }
    let rest = items.drain(first + shown..first + count).count();
    let mut line = items[first].clone();
    line.household_id = None;
    line.name = String::new();
    line.village = String::new();
    line.facilitator = String::new();
    line.date = None;
    line.number = rest as i64;
    line.detail = String::new();
    items.insert(first + shown, line);
}

/// The key within one reason, smaller first.
fn within(item: &TodayItem) -> i64 {
    match item.reason {
        Reason::Overdue | Reason::ReferralWaiting | Reason::Ready | Reason::Failing => -item.number,
        // The month before's before this month's, then the most left first.
        Reason::NotVerified => {
            item.date.map_or(0, |d| i64::from(d.num_days_from_ce())) * 1_000_000
                - item.number.min(999_999)
        }
        // Never visited (-1) before the longest unvisited.
        Reason::NotVisited if item.number < 0 => i64::MIN,
        Reason::NotVisited => -item.number,
        // The earliest first (a printed plan's follow-ups fall on several days).
        // The oldest problem first.
        Reason::DueToday | Reason::P2k2Next | Reason::PaymentProblem | Reason::LifeEvent => {
            item.date.map_or(i64::MAX, |d| d.num_days_from_ce().into())
        }
    }
}

/// The next session after session `last` of `module` held on `held`: its module, number
/// and expected date (a month later). The five family modules number Sesi 1-14 across
/// them, so the next may open the following module; the stunting module counts its own
/// 15. `None` once the cycle's last session is done.
pub fn next_session(
    module: Option<P2k2Module>,
    last: i64,
    held: NaiveDate,
) -> Option<(P2k2Module, i64, NaiveDate)> {
    let next = u8::try_from(last.max(0) + 1).ok()?;
    let module = match module {
        Some(P2k2Module::PencegahanStunting) => {
            Some(P2k2Module::PencegahanStunting).filter(|m| m.session_numbers().contains(&next))
        }
        _ => P2k2Module::ALL
            .iter()
            .copied()
            .filter(|m| *m != P2k2Module::PencegahanStunting)
            .find(|m| m.session_numbers().contains(&next)),
    }?;
    let date = held
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(held);
    Some((module, i64::from(next), date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn item(reason: Reason, name: &str, number: i64, date: Option<NaiveDate>) -> TodayItem {
        TodayItem {
            reason,
            household_id: Some(name.to_lowercase()),
            name: name.into(),
            village: String::new(),
            facilitator: String::new(),
            date,
            number,
            detail: String::new(),
            households: Vec::new(),
            module: None,
        }
    }

    #[test]
    fn families_not_visited_past_a_days_visits_are_one_line_that_opens_the_list() {
        let mut items = vec![item(Reason::Overdue, "Late", 3, None)];
        for n in 0..25 {
            items.push(item(Reason::NotVisited, &format!("N{n:02}"), 200 - n, None));
        }
        items.push(item(Reason::Ready, "Ready", 80, None));
        order(&mut items);
        fold_not_visited(&mut items, 10);
        assert_eq!(items.len(), 1 + 10 + 1 + 1);
        // The longest unvisited are kept, in order.
        assert_eq!(items[1].name, "N00");
        assert_eq!(items[10].name, "N09");
        let rest = &items[11];
        assert_eq!(
            (rest.reason, rest.household_id.as_deref(), rest.number),
            (Reason::NotVisited, None, 15)
        );
        assert_eq!(rest.action(), Action::ListFilter);
        assert_eq!(items[10].action(), Action::Visit);
        assert_eq!(items[12].reason, Reason::Ready);
        // Ten or fewer: nothing folds.
        let mut few: Vec<_> = (0..10)
            .map(|n| item(Reason::NotVisited, &format!("N{n}"), 100, None))
            .collect();
        fold_not_visited(&mut few, 10);
        assert_eq!(few.len(), 10);
        assert!(few.iter().all(|i| i.household_id.is_some()));
    }

    #[test]
    fn reasons_come_in_their_order_and_the_most_urgent_first_within_each() {
        let mut items = vec![
            item(Reason::Ready, "Ready80", 80, None),
            item(Reason::NotVisited, "Visited100", 100, None),
            item(Reason::P2k2Next, "Group late", 5, Some(d(2026, 12, 20))),
            item(Reason::Overdue, "Late3", 3, None),
            item(Reason::NotVisited, "Never", -1, None),
            item(Reason::Ready, "Ready95", 95, None),
            item(Reason::DueToday, "Today", 0, None),
            item(Reason::P2k2Next, "Group soon", 3, Some(d(2026, 12, 1))),
            item(Reason::Overdue, "Late10", 10, None),
            item(Reason::ReferralWaiting, "Wait20", 20, None),
            item(Reason::NotVisited, "Visited200", 200, None),
            item(Reason::ReferralWaiting, "Wait40", 40, None),
        ];
        order(&mut items);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Late10",
                "Late3",
                "Today",
                "Never",
                "Visited200",
                "Visited100",
                "Wait40",
                "Wait20",
                "Group soon",
                "Group late",
                "Ready95",
                "Ready80"
            ]
        );
    }

    #[test]
    fn a_family_with_a_follow_up_line_is_not_listed_again_as_not_visited() {
        let mut items = vec![
            item(Reason::NotVisited, "Sainem", 120, None),
            item(Reason::Overdue, "Sainem", 2, None),
            item(Reason::NotVisited, "Tarsih", 100, None),
            item(Reason::Ready, "Sainem", 90, None),
        ];
        order(&mut items);
        let got: Vec<(Reason, &str)> = items.iter().map(|i| (i.reason, i.name.as_str())).collect();
        assert_eq!(
            got,
            [
                (Reason::Overdue, "Sainem"),
                (Reason::NotVisited, "Tarsih"),
                (Reason::Ready, "Sainem")
            ]
        );
    }

    #[test]
    fn the_month_befores_verifications_come_before_this_months() {
        let mut items = vec![
            item(
                Reason::NotVerified,
                "This month, 20",
                20,
                Some(d(2026, 12, 1)),
            ),
            item(Reason::NotVerified, "Before, 2", 2, Some(d(2026, 11, 1))),
            item(
                Reason::NotVerified,
                "This month, 3",
                3,
                Some(d(2026, 12, 1)),
            ),
            item(Reason::NotVerified, "Before, 9", 9, Some(d(2026, 11, 1))),
        ];
        order(&mut items);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            ["Before, 9", "Before, 2", "This month, 20", "This month, 3"]
        );
    }

    #[test]
    fn the_months_reasons_come_after_follow_ups_and_before_visits() {
        let mut items = vec![
            item(Reason::NotVisited, "Never", -1, None),
            item(Reason::NotVerified, "Group of 3", 3, None),
            item(Reason::PaymentProblem, "Tahap 3", 3, Some(d(2026, 7, 1))),
            item(Reason::Failing, "Run 3", 3, None),
            item(Reason::NotVerified, "Group of 20", 20, None),
            item(
                Reason::PaymentProblem,
                "Tahap 4 last year",
                4,
                Some(d(2025, 10, 1)),
            ),
            item(Reason::Failing, "Run 5", 5, None),
            item(Reason::Overdue, "Late", 1, None),
        ];
        order(&mut items);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Late",
                "Run 5",
                "Run 3",
                "Tahap 4 last year",
                "Tahap 3",
                "Group of 20",
                "Group of 3",
                "Never"
            ]
        );
    }

    #[test]
    fn ties_fall_back_to_the_name() {
        let mut items = vec![
            item(Reason::DueToday, "Suminah", 0, None),
            item(Reason::DueToday, "Aminah", 0, None),
        ];
        order(&mut items);
        assert_eq!(items[0].name, "Aminah");
    }

    #[test]
    fn enter_visits_for_follow_ups_and_unvisited_families() {
        assert_eq!(Reason::Overdue.action(), Action::Visit);
        assert_eq!(Reason::NotVisited.action(), Action::Visit);
        assert_eq!(Reason::P2k2Next.action(), Action::GroupSession);
        assert_eq!(Reason::Ready.action(), Action::OpenHousehold);
        assert_eq!(Reason::ReferralWaiting.action(), Action::OpenHousehold);
        assert_eq!(Reason::NotVerified.action(), Action::Verify);
        assert_eq!(Reason::Failing.action(), Action::OpenHousehold);
        assert_eq!(Reason::PaymentProblem.action(), Action::OpenHousehold);
        // Every reason is a source exactly once.
        for r in SOURCES {
            assert_eq!(SOURCES[r.rank()], *r);
        }
    }

    #[test]
    fn the_next_session_is_a_month_after_the_last_in_its_module_until_the_cycle_ends() {
        use P2k2Module::*;
        assert_eq!(
            next_session(Some(PengasuhanPendidikan), 4, d(2026, 1, 31)),
            Some((KeuanganUsaha, 5, d(2026, 2, 28)))
        );
        assert_eq!(
            next_session(Some(KesejahteraanSosial), 13, d(2026, 11, 3)),
            Some((KesejahteraanSosial, 14, d(2026, 12, 3)))
        );
        assert_eq!(
            next_session(Some(KesejahteraanSosial), 14, d(2026, 11, 3)),
            None
        );
        // The stunting module counts its own sessions, to 15.
        assert_eq!(
            next_session(Some(PencegahanStunting), 4, d(2026, 11, 3)),
            Some((PencegahanStunting, 5, d(2026, 12, 3)))
        );
        assert_eq!(
            next_session(Some(PencegahanStunting), 15, d(2026, 11, 3)),
            None
        );
        // No number recorded: the first session.
        assert_eq!(
            next_session(None, 0, d(2026, 11, 3)),
            Some((PengasuhanPendidikan, 1, d(2026, 12, 3)))
        );
    }
}
