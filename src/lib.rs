//! pilar: a keyboard-driven terminal dashboard for Indonesia's PKH social facilitators and
//! their supervisors. The library holds everything; `main.rs` only parses arguments and
//! hands over. See ARCHITECTURE.md for the map.

pub mod app;
pub mod bench;
pub mod cli;
pub mod crash;
pub mod demo;
pub mod domain;
pub mod filter;
pub mod i18n;
pub mod keymap;
pub mod model;
pub mod report;
pub mod runtime;
pub mod store;
pub mod transfer;
pub mod transfer_cli;
pub mod tui;
pub mod ui;
