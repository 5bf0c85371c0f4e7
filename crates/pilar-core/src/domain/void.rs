//! Voiding a household entered by mistake: why (typed in error, or a second copy of a
//! family already registered). A void is not an exit: the family never left assistance,
//! it was never a separate family; the record is hidden from every list and count and
//! kept in the history.

/// Why a household is voided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VoidReason {
    /// Entered by mistake (a half-filled form saved, the wrong family).
    SalahInput,
    /// A second copy of a family already registered.
    Duplikat,
}

keyed!(VoidReason; 2;
    SalahInput => "salah_input",
    Duplikat => "duplikat",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for r in VoidReason::ALL {
            assert_eq!(VoidReason::from_key(r.key()), Some(r));
        }
        assert_eq!(VoidReason::from_key(""), None);
    }
}
