//! The writer of the crash-safety test (`pilar crash-writer`, hidden): it saves activities
//! one transaction at a time through the normal store API and prints each one's id only
//! after the commit returned. The test kills it with SIGKILL at random moments and then
//! checks that every printed (acknowledged) id is in the file, that `integrity_check`
//! passes, and that the history chain verifies.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::Cli;
use crate::domain::Lang;
use crate::domain::activity::ActivityKind;
use crate::model::{ListQuery, NewActivity, Scope};
use crate::store::messages::open_error;
use crate::store::{self, Store, StoreError};

use super::open::open;
use super::{Failure, default_db, today};

pub fn write_loop(store: &Store, count: u64, today: NaiveDate) -> store::Result<()> {
    // The first facilitator, writing in their own caseload (as the store requires).
    let author = store
        .workers()?
        .into_iter()
        .find(|w| w.role == crate::model::Role::Facilitator)
        .map(|w| w.id)
        .unwrap_or_default();
    let scope = Scope::Worker(author.clone());
    let households = store.household_window(&ListQuery::caseload(scope, today), 0, 50)?;
    let mut out = std::io::stdout().lock();
    for i in 0..count {
        let Some(h) = households.get(i as usize % households.len().max(1)) else {
            return Ok(());
        };
        let id = store.add_activity(
            &author,
            &NewActivity {
                households: vec![(h.id.clone(), true)],
                kind: ActivityKind::Kunjungan,
                date: today,
                summary: format!("crash test {i}"),
                detail: String::new(),
                follow_up: None,
                group_name: String::new(),
                place: String::new(),
                p2k2_module: None,
                p2k2_session: None,
            },
        )?;
        // Acknowledged only now that the commit has returned.
        let _ = writeln!(out, "{id}");
        let _ = out.flush();
    }
    Ok(())
}

/// `pilar crash-writer` (hidden): the test's writer on the database.
pub fn command(cli: &Cli, lang: Lang, count: u64) -> Result<ExitCode, Failure> {
    let path = default_db(cli, lang)?;
    let store = open(&path, lang)?;
    let fail = |e: StoreError| Failure(open_error(lang, &path, &e));
    write_loop(&store, count, today(cli, lang)?).map_err(fail)?;
    Ok(ExitCode::SUCCESS)
}
