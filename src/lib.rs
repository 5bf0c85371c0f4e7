//! pilar: a keyboard-driven terminal dashboard for Indonesia's PKH social facilitators and
//! their supervisors. This library is the shell (`cli`, `commands`, `runtime`, `tui`, `ui`)
//! and re-exports the core's (`pilar-core`) and the store's (`pilar-store`) modules, so
//! `pilar::app`, `pilar::store` and the rest name them all; `main.rs` only parses arguments
//! and hands over. See ARCHITECTURE.md for the map.

pub use pilar_core::{app, chain, domain, filter, i18n, keymap, model};
pub use pilar_store::{demo, store, transfer};

pub mod cli;
pub mod commands;
pub mod progress;
pub mod runtime;
pub mod sync;
pub mod term;
pub mod tui;
pub mod ui;
