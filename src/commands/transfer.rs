//! `pilar import` and `pilar export`: files in and out, messages on the terminal. The
//! reading and checking is `pilar_store::transfer`, the saving `store`; this only ties them
//! together, prints what happened in the user's language (with a progress bar for long
//! files) and picks the exit status.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Cli, ExportArgs, ImportArgs};
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::model::{Role, Scope, Worker};
use crate::store::messages::open_error;
use crate::store::{ImportOptions, ImportReport, Records, Store};
use crate::transfer::messages::{import_problem, transfer_kind};
use crate::transfer::out::{Format, render};
use crate::transfer::rows::{self, Problem};
use crate::transfer::{Kind, ReadError, Table, read_csv, read_xlsx};

use super::open::{open, open_or_create};
use super::{Failure, current_user, default_db, today};

/// Files of more rows than this show a progress bar (on a terminal).
const PROGRESS_FROM: usize = 2000;

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A file's tables: a CSV's one, or every sheet of a workbook.
pub(crate) fn read_tables(lang: Lang, path: &Path) -> Result<Vec<Table>, String> {
    let bytes =
        std::fs::read(path).map_err(|e| fill(tr(lang, T::ImportRead), &[&path.display(), &e]))?;
    let read = if is_xlsx(path) {
        read_xlsx(&bytes).map(|sheets| sheets.into_iter().map(|(_, t)| t).collect())
    } else {
        read_csv(&bytes).map(|t| vec![t])
    };
    read.map_err(|e| {
        let why = match e {
            ReadError::Empty => tr(lang, T::ImportEmpty).to_string(),
            ReadError::Workbook(w) => fill(tr(lang, T::ImportWorkbook), &[&w]),
        };
        fill(tr(lang, T::ImportRead), &[&path.display(), &why])
    })
}

/// A progress bar on stderr, drawn only on a terminal and for long files.
pub(crate) fn progress_bar(lang: Lang, total: usize) -> impl FnMut(usize, usize) {
    let show = total > PROGRESS_FROM && std::io::stderr().is_terminal();
    let mut last = usize::MAX;
    move |done, total| {
        if !show || total == 0 {
            return;
        }
        let pct = done * 100 / total;
        if pct == last {
            return;
        }
        last = pct;
        let bar = "#".repeat(pct / 4) + &" ".repeat(25 - pct / 4);
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r{} [{bar}] {pct:3}% {done}/{total}",
            tr(lang, T::ImportProgress)
        );
        if done == total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

/// `pilar import`: returns the exit status (0, or 1 when rows were refused and nothing
/// was imported), or a failure message.
pub fn import(
    store: &Store,
    user: &Worker,
    args: &ImportArgs,
    lang: Lang,
    today: NaiveDate,
) -> Result<u8, String> {
    if user.role == Role::Supervisor {
        return Err(tr(lang, T::ImportSupervisor).into());
    }
    let mut tables = read_tables(lang, &args.file)?;
    let main = tables.remove(0);
    let kind = main.kind().ok_or_else(|| {
        fill(
            tr(lang, T::ImportUnknownKind),
            &[&args.file.display(), &main.headers.join(", ")],
        )
    })?;
    let unknown = main.unknown_headers();
    if !unknown.is_empty() {
        eprintln!(
            "{}",
            fill(tr(lang, T::ImportIgnored), &[&unknown.join(", ")])
        );
    }
    if kind == Kind::Members {
        return Err(fill(
            tr(lang, T::ImportMembersAlone),
            &[&args.file.display(), &args.file.display()],
        ));
    }
    // Members: --members, else a members sheet of the same workbook.
    let members = match &args.members {
        Some(path) => {
            if kind != Kind::Households {
                return Err(tr(lang, T::ImportMembersOnlyHouseholds).into());
            }
            let t = read_tables(lang, path)?.remove(0);
            if t.kind() != Some(Kind::Members) {
                return Err(fill(tr(lang, T::ImportNotMembers), &[&path.display()]));
            }
            Some(t)
        }
        None => tables
            .into_iter()
            .find(|t| kind == Kind::Households && t.kind() == Some(Kind::Members)),
    };
    let opts = ImportOptions {
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        had_problems: false,
        today,
    };
    let (problems, report) = run_import(store, user, kind, &main, members.as_ref(), &opts, lang)
        .map_err(|e| open_error(lang, store.path(), &e))?;
    Ok(print_report(lang, kind, &problems, &report, args))
}

/// Checks a table of `kind` (with its members table) and hands the valid rows to the
/// store: every problem, sorted by line, and what the store did.
pub fn run_import(
    store: &Store,
    user: &Worker,
    kind: Kind,
    main: &Table,
    members: Option<&Table>,
    opts: &ImportOptions,
    lang: Lang,
) -> Result<(Vec<Problem>, ImportReport), crate::store::StoreError> {
    let total = main.rows.len();
    let mut bar = progress_bar(lang, total);
    let with = |problems: &[Problem]| ImportOptions {
        had_problems: opts.had_problems || !problems.is_empty(),
        ..*opts
    };
    let (mut problems, report) = match kind {
        Kind::Households | Kind::Members => {
            let (records, problems) = rows::households(main, members, opts.today);
            let report = store.import_households(user, &records, &with(&problems), &mut bar)?;
            (problems, report)
        }
        _ => {
            let (records, problems) = match kind {
                Kind::Activities => {
                    let (r, p) = rows::activities(main);
                    (Records::Activities(r), p)
                }
                Kind::Graduations => {
                    let (r, p) = rows::graduations(main);
                    (Records::Graduations(r), p)
                }
                _ => {
                    let (r, p) = rows::referrals(main);
                    (Records::Referrals(r), p)
                }
            };
            let scope = Scope::for_worker(user);
            let report =
                store.import_records(user, &scope, &records, &with(&problems), &mut bar)?;
            (problems, report)
        }
    };
    problems.extend(report.problems.iter().cloned());
    problems.sort_by_key(|p| p.line);
    Ok((problems, report))
}

fn print_report(
    lang: Lang,
    kind: Kind,
    problems: &[Problem],
    report: &ImportReport,
    args: &ImportArgs,
) -> u8 {
    for p in problems {
        eprintln!("{}", import_problem(lang, p));
    }
    let mut lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    lines.dedup();
    println!(
        "{}",
        fill(
            tr(lang, T::ImportSummary),
            &[
                &transfer_kind(lang, kind),
                &report.added,
                &report.updated,
                &report.unchanged,
                &lines.len()
            ]
        )
    );
    if !problems.is_empty() && !args.skip_invalid {
        eprintln!(
            "{}",
            fill(
                tr(lang, T::ImportNothingWritten),
                &[&problems.len(), &lines.len()]
            )
        );
        return 1;
    }
    if !problems.is_empty() {
        println!("{}", fill(tr(lang, T::ImportSkipped), &[&lines.len()]));
    }
    if args.dry_run {
        println!("{}", tr(lang, T::ImportDryRun));
    } else if report.added == 0 && report.updated == 0 && problems.is_empty() {
        println!("{}", tr(lang, T::ImportNoChange));
    }
    0
}

/// `pilar export`: the user's scope (a facilitator's caseload, a supervisor's everything).
pub fn export(store: &Store, user: &Worker, args: &ExportArgs, lang: Lang) -> Result<(), String> {
    let kind = Kind::from_key(&args.what).unwrap_or(Kind::Households);
    let format = Format::from_key(&args.format).unwrap_or(Format::Csv);
    if format == Format::Xlsx && args.out.is_none() {
        return Err(tr(lang, T::ExportNeedsOut).into());
    }
    let rows = store
        .export_rows(kind, &Scope::for_worker(user))
        .map_err(|e| open_error(lang, store.path(), &e))?;
    let bytes = render(kind, format, &rows).map_err(|e| {
        let target = args.out.as_deref().unwrap_or(Path::new("-"));
        fill(tr(lang, T::ExportWrite), &[&target.display(), &e])
    })?;
    match &args.out {
        Some(path) => {
            write_private(path, &bytes).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    fill(tr(lang, T::ExportExists), &[&path.display()])
                } else {
                    fill(tr(lang, T::ExportWrite), &[&path.display(), &e])
                }
            })?;
            eprintln!(
                "{}",
                fill(
                    tr(lang, T::ExportDone),
                    &[&rows.len(), &transfer_kind(lang, kind), &path.display()]
                )
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|_| out.flush())
                .map_err(|e| fill(tr(lang, T::ExportWrite), &[&"-", &e]))?;
        }
    }
    Ok(())
}

/// Exports hold personal data: a new file, readable by its owner only. An existing file is
/// refused (`AlreadyExists`), never overwritten: it would keep its own permissions.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(bytes)
}

/// `pilar import` from the command line.
pub fn import_command(cli: &Cli, lang: Lang, args: &ImportArgs) -> Result<ExitCode, Failure> {
    // A first import may create the database (encrypted unless --plaintext).
    let store = open_or_create(&default_db(cli, lang)?, lang, cli.plaintext)?;
    let user = current_user(cli, lang, &store)?;
    let code = import(&store, &user, args, lang, today(cli, lang)?).map_err(Failure)?;
    Ok(ExitCode::from(code))
}

/// `pilar export` from the command line.
pub fn export_command(cli: &Cli, lang: Lang, args: &ExportArgs) -> Result<ExitCode, Failure> {
    let store = open(&default_db(cli, lang)?, lang)?;
    let user = current_user(cli, lang, &store)?;
    export(&store, &user, args, lang).map_err(Failure)?;
    Ok(ExitCode::SUCCESS)
}
