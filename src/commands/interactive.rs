//! `pilar` without a subcommand: opens (or creates) the database and runs the screen until
//! the person quits, the terminal goes away or a signal ends the session.

use std::process::ExitCode;

use crate::app::App;
use crate::cli::Cli;
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::store::messages::open_error;
use crate::store::{Store, StoreError};
use crate::tui::{self, Ending};

use super::open::open_or_create;
use super::{Failure, current_user, default_db, settings, today};

/// `pilar`: the default database, created when missing, on the screen.
pub fn command(cli: &Cli, lang: Lang) -> Result<ExitCode, Failure> {
    let path = default_db(cli, lang)?;
    let store = open_or_create(&path, lang, cli.plaintext)?;
    interactive(cli, lang, &store)
}

/// Runs the screen on an open database as the current user.
pub fn interactive(cli: &Cli, lang: Lang, store: &Store) -> Result<ExitCode, Failure> {
    let user = current_user(cli, lang, store)?;
    let mut settings = settings(lang);
    settings.monitoring_months = cli.monitoring_months;
    settings.readiness = super::readiness_settings(lang)?;
    settings.today_at_start = super::today_at_start(lang)?;
    settings.failing = super::failing_months(lang)?;
    let err = |e: StoreError| Failure(open_error(lang, store.path(), &e));
    let is_demo = store.is_demo().map_err(err)?;
    let mut app = App::new(settings, user, today(cli, lang)?, is_demo);
    app.read_only = store.read_only();
    app.encrypted = store.encrypted();
    let theme = crate::term::theme(cli.ascii, cli.theme.as_deref(), lang).map_err(Failure)?;
    match tui::run(store, &mut app, &theme, cli.today.is_none()) {
        Ok(Ending::Quit | Ending::InputClosed) => Ok(ExitCode::SUCCESS),
        Ok(Ending::Signal(sig)) => Ok(ExitCode::from((128 + sig) as u8)),
        Err(e) => Err(Failure(fill(tr(lang, T::ErrTerminal), &[&e]))),
    }
}
