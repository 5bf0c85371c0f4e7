//! The sync service against a real PostgreSQL (`PILAR_TEST_PG`, default
//! `host=127.0.0.1 user=postgres dbname=test`): each test makes its own schema and runs the
//! service in-process (`pilar_server::testing`). Without PostgreSQL each test prints
//! `skipped: ...` and passes, unless `PILAR_REQUIRE_PG=1`. One binary, like the root's
//! integration tests: `common` (an HTTP client and demo fixtures), `protocol` (enrol, pull,
//! push, team pull, roll-up, bad input), `signoffs` (who may push a sign-off), `faults`
//! (retries, concurrency, terminated connections, a panic, TLS), `load` (`pilar server
//! load`), `catalog` (the Citus rules and row-level security).

mod catalog;
mod common;
mod faults;
mod load;
mod protocol;
mod signoffs;
