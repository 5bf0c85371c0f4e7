//! P2K2 groups that persist (issue 11, item 4): a group's name rule, the session a group
//! holds next in the ministry's numbering, and a family's completion (sessions attended
//! of those its group held).
//!
//! The numbering itself is [`P2k2Module::session_numbers`]: Sesi 1-14 across the five
//! family modules (domain.md: Pengasuhan 4, Keuangan 3, Kesehatan 3, Perlindungan Anak 2,
//! Kesejahteraan Sosial 2). The stunting module's count is not confirmed by the sources
//! (the ministry's module has 8 sections); it is data in [`P2k2Module::sessions`], and a
//! group only runs it when a session of it is recorded.

use crate::domain::activity::P2k2Module;

/// The longest group name (characters): it fits the list's and Hari ini's columns.
pub const NAME_MAX: usize = 40;

/// Why a group's name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
}

/// A group's name as stored: trimmed, inner runs of spaces made one; refused when empty
/// or longer than [`NAME_MAX`].
pub fn group_name(raw: &str) -> Result<String, NameError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        Err(NameError::Empty)
    } else if name.chars().count() > NAME_MAX {
        Err(NameError::TooLong)
    } else {
        Ok(name)
    }
}

/// Why a group was not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRefusal {
    Name(NameError),
    /// The facilitator already has a group of that name (its sessions are found by it).
    NameTaken,
    /// The group is not the author's (another facilitator's, deleted, or unknown).
    NotFound,
}

/// The session a group holds next after its last recorded one (`last`: its module and
/// the ministry's session number), or the first of the cycle (Pengasuhan, Sesi 1) for a
/// new group. The family modules run on into the next (Sesi 4 of Pengasuhan is followed
/// by Sesi 5, Keuangan); the stunting module counts its own. `None` after a cycle's last
/// session.
pub fn next_session(last: Option<(Option<P2k2Module>, u8)>) -> Option<(P2k2Module, u8)> {
    let Some((module, number)) = last else {
        return Some((P2k2Module::PengasuhanPendidikan, 1));
    };
    let next = number.checked_add(1)?;
    match module {
        Some(P2k2Module::PencegahanStunting) => P2k2Module::PencegahanStunting
            .session_numbers()
            .contains(&next)
            .then_some((P2k2Module::PencegahanStunting, next)),
        _ => P2k2Module::ALL
            .iter()
            .copied()
            .filter(|m| *m != P2k2Module::PencegahanStunting)
            .find(|m| m.session_numbers().contains(&next))
            .map(|m| (m, next)),
    }
}

/// A family's completion in percent (rounded down): sessions it attended of those its
/// group held. `None` when the group held none yet (no percentage to show or filter).
pub fn completion(attended: u32, held: u32) -> Option<u8> {
    if held == 0 {
        return None;
    }
    let pct = u64::from(attended.min(held)) * 100 / u64::from(held);
    u8::try_from(pct).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use P2k2Module::*;

    #[test]
    fn a_new_group_starts_the_cycle_and_each_session_follows_the_numbering() {
        assert_eq!(next_session(None), Some((PengasuhanPendidikan, 1)));
        let mut last = None;
        let mut seen = Vec::new();
        while let Some((m, n)) = next_session(last) {
            seen.push((m, n));
            last = Some((Some(m), n));
        }
        // Sesi 1-14 across the five family modules, then the cycle ends.
        let numbers: Vec<u8> = seen.iter().map(|(_, n)| *n).collect();
        assert_eq!(numbers, (1..=14).collect::<Vec<u8>>());
        assert_eq!(seen[3], (PengasuhanPendidikan, 4));
        assert_eq!(seen[4], (KeuanganUsaha, 5));
        assert_eq!(seen[10], (PerlindunganAnak, 11));
        assert_eq!(seen[13], (KesejahteraanSosial, 14));
    }

    #[test]
    fn the_stunting_module_counts_its_own_sessions() {
        assert_eq!(
            next_session(Some((Some(PencegahanStunting), 1))),
            Some((PencegahanStunting, 2))
        );
        let last = *PencegahanStunting.session_numbers().end();
        assert_eq!(next_session(Some((Some(PencegahanStunting), last))), None);
        // A session without its module follows the family modules' numbering.
        assert_eq!(next_session(Some((None, 7))), Some((KesehatanGizi, 8)));
    }

    #[test]
    fn completion_is_attended_of_held_rounded_down() {
        assert_eq!(completion(0, 0), None);
        assert_eq!(completion(0, 3), Some(0));
        assert_eq!(completion(2, 3), Some(66));
        assert_eq!(completion(12, 12), Some(100));
        // Attendance never counts past the sessions held.
        assert_eq!(completion(5, 4), Some(100));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(group_name("  Mawar   1 "), Ok("Mawar 1".to_string()));
        assert_eq!(group_name("   "), Err(NameError::Empty));
        assert_eq!(group_name(&"a".repeat(41)), Err(NameError::TooLong));
        assert_eq!(group_name(&"a".repeat(40)).map(|n| n.len()), Ok(40));
    }
}
