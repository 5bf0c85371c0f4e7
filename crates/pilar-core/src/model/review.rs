//! A supervisor's review since sign-off (issue 11 item 8): what the history holds for a
//! facilitator's caseload after their last sign-off, counted by kind for the team screen
//! and listed line by line for the review screen.

/// What a history entry changed, for the counts (by its table and field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// A household created (its No KK entered for the first time).
    HouseholdAdded,
    /// A household's or a member's field changed.
    Household,
    Activity,
    Graduation,
    Referral,
    Payment,
    Verification,
    /// Anything else of the caseload (a P2K2 group).
    Other,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 8] = [
        ChangeKind::HouseholdAdded,
        ChangeKind::Household,
        ChangeKind::Activity,
        ChangeKind::Graduation,
        ChangeKind::Referral,
        ChangeKind::Payment,
        ChangeKind::Verification,
        ChangeKind::Other,
    ];

    /// The key the store keeps it under.
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::HouseholdAdded => "added",
            ChangeKind::Household => "household",
            ChangeKind::Activity => "activity",
            ChangeKind::Graduation => "graduation",
            ChangeKind::Referral => "referral",
            ChangeKind::Payment => "payment",
            ChangeKind::Verification => "verification",
            ChangeKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The kind of a history entry of `table` (`field`, and whether it had no old value).
    pub fn of(table: &str, field: &str, created: bool) -> ChangeKind {
        match table {
            "households" if field == "no_kk" && created => ChangeKind::HouseholdAdded,
            "households" | "members" => ChangeKind::Household,
            "activities" | "activity_households" => ChangeKind::Activity,
            "graduations" => ChangeKind::Graduation,
            "referrals" => ChangeKind::Referral,
            "payments" => ChangeKind::Payment,
            "verifications" => ChangeKind::Verification,
            _ => ChangeKind::Other,
        }
    }
}

/// Records changed since a facilitator's last sign-off, by kind: each record counts once
/// however many of its fields changed (households added are not counted as changed too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    pub households_added: u32,
    pub households_changed: u32,
    pub activities: u32,
    pub graduations: u32,
    pub referrals: u32,
    pub payments: u32,
    pub verifications: u32,
    pub other: u32,
}

impl ReviewCounts {
    pub fn add(&mut self, kind: ChangeKind, n: u32) {
        let slot = match kind {
            ChangeKind::HouseholdAdded => &mut self.households_added,
            ChangeKind::Household => &mut self.households_changed,
            ChangeKind::Activity => &mut self.activities,
            ChangeKind::Graduation => &mut self.graduations,
            ChangeKind::Referral => &mut self.referrals,
            ChangeKind::Payment => &mut self.payments,
            ChangeKind::Verification => &mut self.verifications,
            ChangeKind::Other => &mut self.other,
        };
        *slot += n;
    }

    pub fn get(&self, kind: ChangeKind) -> u32 {
        match kind {
            ChangeKind::HouseholdAdded => self.households_added,
            ChangeKind::Household => self.households_changed,
            ChangeKind::Activity => self.activities,
            ChangeKind::Graduation => self.graduations,
            ChangeKind::Referral => self.referrals,
            ChangeKind::Payment => self.payments,
            ChangeKind::Verification => self.verifications,
            ChangeKind::Other => self.other,
        }
    }

    /// Every record counted, of every kind.
    pub fn total(&self) -> u32 {
        ChangeKind::ALL.into_iter().map(|k| self.get(k)).sum()
    }
}

/// A facilitator's last sign-off: the history's entry it reaches and when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    pub upto_seq: i64,
    /// When it was made (`created_at`).
    pub at: String,
    pub supervisor: String,
}

/// One facilitator's review figures on the team screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewSummary {
    pub last: Option<SignOff>,
    pub counts: ReviewCounts,
}

/// The review list's query: a facilitator's history after `since_seq` (0: all of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewQuery {
    pub facilitator_id: String,
    pub since_seq: i64,
}

/// One line of the review list: one history entry of the facilitator's caseload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub seq: i64,
    pub at: String,
    pub author: String,
    pub table: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub household_id: Option<String>,
    /// The household's pengurus (a group activity: none).
    pub household_name: Option<String>,
}

/// A sign-off to record: everything of `facilitator_id`'s caseload up to `upto_seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignOff {
    pub supervisor_id: String,
    pub facilitator_id: String,
    pub upto_seq: i64,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_count_once() {
        for k in ChangeKind::ALL {
            assert_eq!(ChangeKind::from_key(k.key()), Some(k));
        }
        assert_eq!(
            ChangeKind::of("households", "no_kk", true),
            ChangeKind::HouseholdAdded
        );
        assert_eq!(
            ChangeKind::of("households", "no_kk", false),
            ChangeKind::Household
        );
        assert_eq!(
            ChangeKind::of("members", "name", true),
            ChangeKind::Household
        );
        assert_eq!(
            ChangeKind::of("activity_households", "attended", false),
            ChangeKind::Activity
        );
        let mut c = ReviewCounts::default();
        c.add(ChangeKind::Payment, 2);
        c.add(ChangeKind::HouseholdAdded, 1);
        assert_eq!((c.payments, c.total()), (2, 3));
    }
}
