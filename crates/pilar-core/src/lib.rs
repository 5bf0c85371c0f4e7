//! pilar's functional core: pure rules (`domain`), the records screens hold (`model`), the
//! search language (`filter`), the one keymap table (`keymap`), the app state and its
//! `update` (`app`), every user-facing string (`i18n`), the history's hash (`chain`) and the
//! sync protocol's wire types (`sync`).
//! No terminal, no SQL, no clock: this crate does not depend on them, so the compiler keeps
//! the core pure. See ARCHITECTURE.md for the map.

pub mod app;
pub mod chain;
pub mod domain;
pub mod filter;
pub mod i18n;
pub mod keymap;
pub mod model;
pub mod sync;
