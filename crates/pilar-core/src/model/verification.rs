//! What the verification screen and the detail show of commitment verification (issue 11
//! item 1), and what a verification saves.

use chrono::NaiveDate;

use super::ListQuery;
use crate::domain::component::Component;
use crate::domain::verification::{Month, NotMetReason, Outcome};

/// The verification screen's rows: the members with a component of the households the
/// list's query selects (its filter: village, group, component), for one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyQuery {
    pub list: ListQuery,
    pub month: Month,
}

/// One member's line on the verification screen, in household order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyRow {
    pub member_id: String,
    pub household_id: String,
    /// The pengurus (the household's name in every list).
    pub household_name: String,
    pub village: String,
    pub member_name: String,
    pub component: Component,
    pub birth_date: Option<NaiveDate>,
    /// The month's outcome so far, if recorded.
    pub outcome: Option<Outcome>,
    pub reason: Option<NotMetReason>,
    pub notes: String,
}

/// A month's outcome for some members, to save: met, not met (with a reason and notes) or
/// not applicable. A member verified before gets the new outcome (the history keeps the
/// old).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVerifications {
    pub month: Month,
    /// Member ids.
    pub members: Vec<String>,
    /// Every member the verification screen lists for this query (`*`), besides
    /// `members`.
    pub all_of: Option<VerifyQuery>,
    pub outcome: Outcome,
    pub reason: Option<NotMetReason>,
    pub notes: String,
    /// The day it is saved (a month in the future is refused).
    pub today: NaiveDate,
}

/// A member's outcomes over the latest months (the detail's commitment lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberOutcomes {
    pub member_id: String,
    pub name: String,
    pub component: Component,
    /// Oldest first; months without a record are absent.
    pub months: Vec<(Month, Outcome)>,
}

/// A household with a member not met N months in a row (the agenda's list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailingHousehold {
    pub household_id: String,
    pub household_name: String,
    pub village: String,
    pub member_name: String,
    pub component: Component,
    /// Months not met in a row, ending at `last`.
    pub run: u32,
    pub last: Month,
}
