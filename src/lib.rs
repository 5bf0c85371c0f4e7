//! pilar: a keyboard-driven terminal dashboard for Indonesia's PKH social facilitators and
//! their supervisors. The library holds everything; `main.rs` only parses arguments and
//! hands over. See ARCHITECTURE.md for the map.

pub use pilar_core::{app, chain, domain, filter, i18n, keymap, model};
pub use pilar_store::{demo, store, transfer};

pub mod cli;
pub mod commands;
pub mod runtime;
pub mod tui;
pub mod ui;
