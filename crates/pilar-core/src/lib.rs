//! pilar's functional core: pure rules (`domain`), the records screens hold (`model`), the
//! search language (`filter`), the one keymap table (`keymap`), the app state and its
//! `update` (`app`), every user-facing string (`i18n`), the history's hash (`chain`) and the
//! sync protocol's wire types (`sync`), and one declaration per record type (`records`).
//! No terminal, no SQL, no clock: this crate does not depend on them, so the compiler keeps
//! the core pure. See ARCHITECTURE.md for the map.

/// Adds `ALL`, `key()` and `from_key()` to a fieldless enum from one list of
/// `Variant => "key"` pairs (the stable storage keys), so no key can be missing or
/// disagree with its inverse. `$n` is the count (the compiler checks it). Used by every
/// keyed domain enum here and by the store's `Kind`.
#[macro_export]
macro_rules! keyed {
    ($ty:ident; $n:literal; $($v:ident => $k:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: [$ty; $n] = [$($ty::$v),+];

            /// Stable storage key.
            pub fn key(self) -> &'static str {
                match self {
                    $($ty::$v => $k),+
                }
            }

            /// Inverse of `key()` (exact match).
            pub fn from_key(s: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.key() == s)
            }
        }
    };
}

pub mod app;
pub mod chain;
pub mod domain;
pub mod filter;
pub mod i18n;
pub mod keymap;
pub mod model;
pub mod records;
pub mod sync;
