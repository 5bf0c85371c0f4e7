//! The integration tests as one binary (it links SQLCipher once), one module per area, all
//! sharing `tests/common`. `tests/pty/` and `tests/crash.rs` stay apart: they run the
//! built binary.

#[path = "../common/mod.rs"]
mod common;

mod assets;
mod cli;
mod corrections;
mod demo;
mod derived;
mod docs;
mod entry;
mod export_month;
mod groups;
mod import;
mod import_month;
mod import_month_merged;
mod keys;
mod layering;
mod life;
mod merge;
mod named_reads;
mod payments;
mod pregnancy;
mod print;
mod props;
mod readiness;
mod recorded;
mod records;
mod review;
mod rules;
mod safety;
mod screens;
mod search;
mod search_common;
mod store;
mod sync;
mod sync_faults;
mod sync_load;
mod sync_props;
mod sync_supervisor;
mod team;
mod terminal;
mod today;
mod today_month;
mod transfer_life;
mod transfer_life_rebuilt;
mod transfer_signoff;
mod types;
mod verify;
mod void;
