//! pilar's store and files: `store` (the only code with SQL: opening, migrating, reading,
//! writing, merging), `transfer` (import and export files: CSV and `.xlsx` read into
//! checked records, CSV, `.xlsx` and JSON written) and `demo` (the deterministic demo
//! generator). Built on `pilar-core`'s records and rules; no terminal.

pub mod demo;
pub mod store;
pub mod transfer;
