//! `pilar import` and `pilar export`: files in and out, messages on the terminal. The
//! reading and checking is `pilar_store::transfer`, the saving `store`; this only ties them
//! together, prints what happened in the user's language (with a progress bar for long
//! files) and picks the exit status.

use std::io::{IsTerminal, Write};

use crate::progress::Bar;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Cli, ExportArgs, ImportArgs};
use crate::domain::Lang;
use crate::domain::text::neutralize;
use crate::i18n::{self, T, fill, tr};
use crate::model::{Role, Scope, Worker};
use crate::store::messages::open_error;
use crate::store::{ImportOptions, ImportReport, Records, Store};
use crate::transfer::messages::{import_problem, transfer_kind};
use crate::transfer::out::{Format, render};
use crate::transfer::rows::{self, Problem};
use crate::transfer::{Kind, Place, ReadError, Table, read_csv, read_json, read_xlsx};

use super::open::{open, open_or_create};
use super::{Failure, current_user, default_db, today};

/// Files of more rows than this show a progress bar (on a terminal).
const PROGRESS_FROM: usize = 2000;

fn is_xlsx(path: &Path) -> bool {
    has_extension(path, "xlsx")
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The largest file an import reads (bytes; the messages say 200 MB): a larger one is
/// refused before it is read, and an endless one (`/dev/zero`) stops here.
pub const MAX_IMPORT_BYTES: u64 = 200_000_000;

/// Why a file cannot be read, in the user's language (and its name made inert).
fn read_error(lang: Lang, path: &Path, why: &str) -> String {
    neutralize(&fill(tr(lang, T::ImportRead), &[&path.display(), &why]))
}

/// A file's bytes, at most [`MAX_IMPORT_BYTES`]: a folder, a pipe or socket, a missing or
/// unreadable file, and one over the limit are refused with the reason.
fn read_bounded(lang: Lang, path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => tr(lang, T::ImportMissing).to_string(),
            std::io::ErrorKind::PermissionDenied => tr(lang, T::ImportNoAccess).to_string(),
            std::io::ErrorKind::IsADirectory => tr(lang, T::ImportIsDir).to_string(),
            _ => e.to_string(),
        };
        read_error(lang, path, &why)
    };
    let too_large = || {
        let mb = MAX_IMPORT_BYTES / 1_000_000;
        read_error(lang, path, &fill(tr(lang, T::ImportTooLarge), &[&mb]))
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(read_error(lang, path, tr(lang, T::ImportIsDir)));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() || kind.is_socket() || kind.is_block_device() {
            return Err(read_error(lang, path, tr(lang, T::ImportNotFile)));
        }
    }
    if kind.is_file() && meta.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A file's tables: a CSV's one, or every sheet of a workbook (each named by its sheet).
pub(crate) fn read_tables(lang: Lang, path: &Path) -> Result<Vec<Table>, String> {
    let bytes = read_bounded(lang, path)?;
    let read = if is_xlsx(path) {
        read_xlsx(&bytes).map(|sheets| sheets.into_iter().map(|(_, t)| t).collect())
    } else if has_extension(path, "json") {
        read_json(&bytes).map(|t| vec![t])
    } else {
        read_csv(&bytes).map(|t| vec![t])
    };
    read.map_err(|e| {
        let why = match e {
            ReadError::Empty => tr(lang, T::ImportEmpty).to_string(),
            ReadError::Workbook(w) => fill(tr(lang, T::ImportWorkbook), &[&w]),
            ReadError::Utf16 => tr(lang, T::ImportUtf16).to_string(),
            ReadError::Json(why) => fill(tr(lang, T::ImportJson), &[&why]),
            ReadError::SheetTooLarge {
                sheet,
                rows,
                columns,
            } => fill(
                tr(lang, T::ImportSheetTooLarge),
                &[
                    &sheet,
                    &rows,
                    &columns,
                    &crate::transfer::MAX_SHEET_ROWS,
                    &crate::transfer::MAX_SHEET_COLUMNS,
                ],
            ),
        };
        read_error(lang, path, &why)
    })
}

/// Headers quoted in a message: made inert, each cut to 40 characters, at most 12.
fn shown_headers(headers: &[String]) -> String {
    let mut shown: Vec<String> = headers
        .iter()
        .take(12)
        .map(|h| {
            let h = neutralize(h.trim());
            match h.char_indices().nth(40) {
                Some((i, _)) => format!("{}…", &h[..i]),
                None => h,
            }
        })
        .collect();
    if headers.len() > 12 {
        shown.push("…".into());
    }
    shown.join(", ")
}

/// `pilar import`: returns the exit status (0, or 1 when rows were refused and nothing
/// was imported), or a failure message. Everything it prints from the file is inert.
pub fn import(
    store: &Store,
    user: &Worker,
    args: &ImportArgs,
    lang: Lang,
    today: NaiveDate,
) -> Result<u8, String> {
    import_file(store, user, args, lang, today).map_err(|e| neutralize(&e))
}

fn import_file(
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
            &[&args.file.display(), &shown_headers(&main.headers)],
        )
    })?;
    let unknown = main.unknown_headers();
    if !unknown.is_empty() {
        eprintln!(
            "{}",
            neutralize(&fill(
                tr(lang, T::ImportIgnored),
                &[&shown_headers(&unknown)]
            ))
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
            let mut t = read_tables(lang, path)?.remove(0);
            if t.kind() != Some(Kind::Members) {
                return Err(fill(tr(lang, T::ImportNotMembers), &[&path.display()]));
            }
            // Its lines are named with its file, apart from the households file's.
            if t.place.is_none() {
                let name = path.file_name().unwrap_or(path.as_os_str());
                t.place = Some(Place::File(name.to_string_lossy().into_owned()));
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
    Ok(print_report(
        lang,
        kind,
        &problems,
        &report,
        args,
        main.place.as_ref(),
        members.is_some(),
    ))
}

/// Checks a table of `kind` (with its members table) and hands the valid rows to the
/// store: every problem, sorted by line, and what the store did, with the invalid rows
/// counted (every row of the main table is added, updated, unchanged or invalid).
pub fn run_import(
    store: &Store,
    user: &Worker,
    kind: Kind,
    main: &Table,
    members: Option<&Table>,
    opts: &ImportOptions,
    lang: Lang,
) -> Result<(Vec<Problem>, ImportReport), crate::store::StoreError> {
    // The bar (crate::progress) for long files only: a short one is done at once.
    let mut progress = Bar::new(lang, T::ImportProgress);
    let mut bar = |done: usize, total: usize| {
        if total > PROGRESS_FROM {
            progress.set(done, total);
        }
    };
    let with = |problems: &[Problem]| ImportOptions {
        had_problems: opts.had_problems || !problems.is_empty(),
        ..*opts
    };
    let (mut problems, mut report) = match kind {
        Kind::Households | Kind::Members => {
            let (records, problems) = rows::households(main, members, opts.today);
            let report = store.import_households(user, &records, &with(&problems), &mut bar)?;
            (problems, report)
        }
        Kind::LifeEvents => {
            let (records, problems) = rows::life_events(main, opts.today);
            let scope = Scope::for_worker(user);
            let report = store.import_life_events(
                user,
                &scope,
                &records,
                &with(&problems),
                lang,
                &mut bar,
            )?;
            (problems, report)
        }
        Kind::SignOffs => {
            let (records, problems) = rows::signoffs(main);
            let scope = Scope::for_worker(user);
            let report = store.import_signoffs(&scope, &records, &with(&problems), &mut bar)?;
            (problems, report)
        }
        Kind::Groups => {
            let (records, problems) = rows::groups(main);
            let report = store.import_groups(user, &records, &with(&problems), &mut bar)?;
            (problems, report)
        }
        Kind::Payments => {
            let (records, problems) = rows::payments(main, opts.today);
            let scope = Scope::for_worker(user);
            let report =
                store.import_payments(user, &scope, &records, &with(&problems), &mut bar)?;
            (problems, report)
        }
        Kind::Verifications => {
            let (records, problems) = rows::verifications(main);
            let scope = Scope::for_worker(user);
            let report =
                store.import_verifications(user, &scope, &records, &with(&problems), &mut bar)?;
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
                // Referrals: the other kinds are matched above.
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
    progress.finish();
    // The store's problems are about rows of the main table.
    problems.extend(report.problems.iter().cloned().map(|mut p| {
        p.place = main.place.clone();
        p
    }));
    problems.sort_by_key(|p| (p.in_members, p.line));
    for w in &mut report.warnings {
        w.place = w.place.clone().or_else(|| main.place.clone());
    }
    let rows = main.rows.len() + main.broken.len();
    report.invalid = rows.saturating_sub(report.added + report.updated + report.unchanged);
    if let Some(m) = members {
        let header = problems.iter().any(|p| p.in_members && p.line == 1);
        let mut lines: Vec<usize> = problems
            .iter()
            .filter(|p| p.in_members)
            .map(|p| p.line)
            .collect();
        lines.dedup();
        report.members_invalid = if header {
            m.rows.len() + m.broken.len()
        } else {
            lines.len()
        };
    }
    Ok((problems, report))
}

/// "Baris 2", or with the sheet or file: "Lembar Anggota, baris 2".
fn where_line(lang: Lang, place: Option<&Place>, line: usize) -> String {
    match place {
        None => fill(tr(lang, T::ImportWhereLine), &[&line]),
        Some(Place::Sheet(name)) => fill(tr(lang, T::ImportWhereSheet), &[name, &line]),
        Some(Place::File(name)) => fill(tr(lang, T::ImportWhereFile), &[name, &line]),
    }
}

/// A stored or imported value as the history shows it: a label, identity numbers
/// masked, empty as `-`.
fn shown_value(lang: Lang, table: &str, field: &str, value: Option<&str>) -> String {
    match value {
        None | Some("") => "-".into(),
        Some(v) if crate::domain::nik::is_identity_field(field) => {
            crate::domain::nik::Nik::from_digits(v)
                .map(|n| n.masked())
                .unwrap_or_else(|| "•".repeat(v.chars().count().min(16)))
        }
        Some(v) => i18n::value_label(lang, table, field, v),
    }
}

/// `--dry-run`: each stored record the import would change, field by field.
fn print_changes(lang: Lang, report: &ImportReport, place: Option<&Place>) {
    use crate::store::ImportChange;
    for rc in &report.changes {
        say!(
            "{}",
            neutralize(&fill(
                tr(lang, T::ImportChangeHead),
                &[
                    &where_line(lang, place, rc.line),
                    &i18n::record_label(lang, rc.table),
                    &rc.name
                ],
            ))
        );
        for c in &rc.changes {
            let line = match c {
                ImportChange::Field {
                    member: None,
                    field,
                    old,
                    new,
                } => fill(
                    tr(lang, T::ImportChangeField),
                    &[
                        &i18n::field_label(lang, field),
                        &shown_value(lang, rc.table, field, old.as_deref()),
                        &shown_value(lang, rc.table, field, new.as_deref()),
                    ],
                ),
                ImportChange::Field {
                    member: Some(name),
                    field,
                    old,
                    new,
                } => fill(
                    tr(lang, T::ImportChangeMemberField),
                    &[
                        &i18n::record_label(lang, "members"),
                        name,
                        &i18n::field_label(lang, field),
                        &shown_value(lang, "members", field, old.as_deref()),
                        &shown_value(lang, "members", field, new.as_deref()),
                    ],
                ),
                ImportChange::MemberAdded(name) => {
                    fill(tr(lang, T::ImportChangeMemberAdded), &[name])
                }
                ImportChange::MemberRemoved(name) => {
                    fill(tr(lang, T::ImportChangeMemberRemoved), &[name])
                }
            };
            say!("{}", neutralize(&line));
        }
    }
}

fn print_report(
    lang: Lang,
    kind: Kind,
    problems: &[Problem],
    report: &ImportReport,
    args: &ImportArgs,
    place: Option<&Place>,
    members_given: bool,
) -> u8 {
    for p in problems.iter().chain(&report.warnings) {
        eprintln!("{}", import_problem(lang, p));
    }
    // Lines with a problem, each counted once (a line of each file or sheet).
    let mut lines: Vec<(bool, usize)> = problems.iter().map(|p| (p.in_members, p.line)).collect();
    lines.sort_unstable();
    lines.dedup();
    if !problems.is_empty() && !args.skip_invalid {
        // Nothing is imported: no counts of what was not added.
        eprintln!(
            "{}",
            fill(
                tr(lang, T::ImportNothingWritten),
                &[
                    &i18n::count(
                        lang,
                        problems.len(),
                        T::CountProblemOne,
                        T::CountProblemMany
                    ),
                    &i18n::count(lang, lines.len(), T::CountLineOne, T::CountLineMany),
                ]
            )
        );
        return 1;
    }
    if args.dry_run {
        print_changes(lang, report, place);
    }
    let (summary, members) = if args.dry_run {
        (T::ImportSummaryDry, T::ImportSummaryMembersDry)
    } else {
        (T::ImportSummary, T::ImportSummaryMembers)
    };
    say!(
        "{}",
        fill(
            tr(lang, summary),
            &[
                &transfer_kind(lang, kind),
                &report.added,
                &report.updated,
                &report.unchanged,
                &report.invalid
            ]
        )
    );
    let members_counted = report.members_added
        + report.members_updated
        + report.members_removed
        + report.members_invalid;
    if kind == Kind::Households && (members_given || members_counted > 0) {
        say!(
            "{}",
            fill(
                tr(lang, members),
                &[
                    &report.members_added,
                    &report.members_updated,
                    &report.members_removed,
                    &report.members_invalid
                ]
            )
        );
    }
    if !problems.is_empty() {
        let skipped = report.invalid + report.members_invalid;
        say!(
            "{}",
            fill(
                tr(lang, T::ImportSkipped),
                &[&i18n::count(
                    lang,
                    skipped,
                    T::CountInvalidLineOne,
                    T::CountInvalidLineMany
                )]
            )
        );
    }
    if args.dry_run {
        say!("{}", tr(lang, T::ImportDryRun));
    } else if report.added == 0 && report.updated == 0 && problems.is_empty() {
        say!("{}", tr(lang, T::ImportNoChange));
    }
    0
}

/// `pilar export`: the user's scope (a facilitator's caseload, a supervisor's everything).
pub fn export(store: &Store, user: &Worker, args: &ExportArgs, lang: Lang) -> Result<(), String> {
    let kind = Kind::from_key(&args.what).unwrap_or(Kind::Households);
    let format = Format::from_key(&args.format).unwrap_or(Format::Csv);
    // `--out -` is standard output, as with other tools.
    let out = out_file(args);
    if format == Format::Xlsx && !xlsx_fits(args) {
        return Err(tr(lang, T::ExportNeedsOut).into());
    }
    let scope = Scope::for_worker(user);
    // Data for the terminal and a bar on it would mix: no bar then.
    let to_terminal = out.is_none() && std::io::stdout().is_terminal();
    let mut bar = Bar::shown_if(!to_terminal, lang, T::ProgressExport);
    let rows = store
        .export_rows_with(kind, &scope, &mut bar.callback())
        .map_err(|e| open_error(lang, store.path(), &e))?;
    bar.finish();
    // Every member's full NIK: recorded first, as revealing one household's is; what
    // cannot be recorded is not exported.
    if kind == Kind::Members {
        let from = match scope {
            Scope::Worker(_) => format!("caseload:{}", user.login),
            Scope::All => "all".to_string(),
        };
        store
            .log_export(&user.id, kind.key(), rows.len(), &from)
            .map_err(|e| {
                neutralize(&fill(
                    tr(lang, T::ExportNotLogged),
                    &[&crate::store::messages::store_error(lang, &e)],
                ))
            })?;
    }
    // To a terminal, every value passes the neutraliser (a name written past pilar must
    // not retitle the window); a file or pipe gets the data as stored.
    let rows = if to_terminal {
        rows.into_iter()
            .map(|r| {
                r.iter()
                    .map(|c| crate::transfer::out::Cell {
                        text: neutralize(c),
                        ty: c.ty,
                    })
                    .collect()
            })
            .collect()
    } else {
        rows
    };
    let bytes = render(kind, format, &rows).map_err(|e| {
        let target = out.unwrap_or(Path::new("-"));
        fill(tr(lang, T::ExportWrite), &[&target.display(), &e])
    })?;
    match out {
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
                    &[
                        &rows.len(),
                        // "464 baris keluarga": a common noun mid-sentence.
                        &mid_sentence(transfer_kind(lang, kind)),
                        &path.display(),
                    ]
                )
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&bytes).and_then(|_| stdout.flush()) {
                // The reader went away (`| head`): it has what it wanted.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                r => r.map_err(|e| fill(tr(lang, T::ExportWrite), &[&"-", &e]))?,
            }
        }
    }
    Ok(())
}

/// A kind's name mid-sentence: its words in lower case, but an acronym (`P2K2`) as written.
fn mid_sentence(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            if w.chars().skip(1).any(char::is_uppercase) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The file `--out` names; none for standard output (no `--out`, or `--out -`).
fn out_file(args: &ExportArgs) -> Option<&Path> {
    args.out.as_deref().filter(|p| *p != Path::new("-"))
}

/// Whether an xlsx can go where asked: a file, or standard output sent to a file or a
/// pipe (`--out - > data.xlsx`), never a terminal.
pub fn xlsx_fits(args: &ExportArgs) -> bool {
    out_file(args).is_some() || (args.out.is_some() && !std::io::stdout().is_terminal())
}

/// Exports hold personal data: a new file, readable by its owner only. An existing file is
/// refused (`AlreadyExists`), never overwritten: it would keep its own permissions.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
    // A usage error, before the database is opened: status 2.
    if Format::from_key(&args.format) == Some(Format::Xlsx) && !xlsx_fits(args) {
        eprintln!("pilar: {}", tr(lang, T::ExportNeedsOut));
        return Ok(ExitCode::from(2));
    }
    let store = open(&default_db(cli, lang)?, lang)?;
    let user = current_user(cli, lang, &store)?;
    export(&store, &user, args, lang).map_err(Failure)?;
    Ok(ExitCode::SUCCESS)
}
