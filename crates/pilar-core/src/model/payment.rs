//! The shapes of payments per tahap as the store gives and takes them
//! (rules: [`crate::domain::payment`]).

use crate::domain::payment::{PaymentRefusal, TahapOutcome};
use crate::model::ListQuery;

/// One tahap's recorded outcome for a household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub year: i32,
    pub tahap: u8,
    pub outcome: TahapOutcome,
}

/// Which households a `:bayar` is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayTarget {
    /// These households (the selected one, or the marked ones): (id, name).
    Households(Vec<(String, String)>),
    /// Every household the (filtered) list shows.
    Shown(ListQuery),
}

/// One tahap's outcome to record for several households.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetPayments {
    pub target: PayTarget,
    pub year: i32,
    pub tahap: u8,
    pub outcome: TahapOutcome,
}

/// What a `:bayar` did: how many households it changed, how many already had that outcome,
/// and those refused (name, why).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentsSaved {
    pub changed: u32,
    pub unchanged: u32,
    /// Recording the list's households received (`B B`) leaves a tahap recorded not
    /// received as it is: a known problem is changed one household at a time (`b`).
    pub kept_problems: u32,
    pub refused: Vec<(String, PaymentRefusal)>,
}
