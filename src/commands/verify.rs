//! `pilar verify`: checks the database file (`integrity_check`), its tamper-evident history
//! chain, the head the last save recorded, the history's guard triggers and that every
//! record agrees with its history; prints the chain's head (to keep elsewhere) and, with
//! `--expect SEQ:HASH`, checks that the history still reaches a head printed before. The
//! file is opened read-only and never migrated or written. Exit status 1 when anything is
//! wrong, 2 for an `--expect` that is not `SEQ:HASH`.

use std::process::ExitCode;

use crate::cli::{Cli, VerifyArgs};
use crate::domain::Lang;
use crate::domain::text::neutralize;
use crate::i18n::{T, fill, tr};
use crate::store::chain::{Head, HeadCheck, Verification};
use crate::store::messages::open_error;

use super::open::open_read_only;
use super::{Failure, default_db, print_out};

/// `pilar verify`: prints what it found; status 1 when something is broken.
pub fn command(cli: &Cli, lang: Lang, args: &VerifyArgs) -> Result<ExitCode, Failure> {
    let expect = match &args.expect {
        None => None,
        Some(s) => match Head::parse(s) {
            Some(h) => Some(h),
            None => {
                eprintln!(
                    "pilar: {}",
                    fill(tr(lang, T::VerifyExpectBad), &[&neutralize(s)])
                );
                return Ok(ExitCode::from(2));
            }
        },
    };
    let path = default_db(cli, lang)?;
    let store = open_read_only(&path, lang)?;
    let fail = |e| Failure(open_error(lang, &path, &e));
    let mut bar = crate::progress::Bar::new(lang, T::ProgressVerify);
    let v = store.verify_with(&mut bar.callback()).map_err(fail)?;
    bar.finish();
    let mut out = report(lang, &v);
    let mut ok = v.ok();
    if let Some(head) = &expect {
        let found = store.reaches(head).map_err(fail)?;
        let line = match found {
            Some(h) if h == head.hash => fill(tr(lang, T::VerifyExpectOk), &[head]),
            Some(h) => {
                ok = false;
                fill(
                    tr(lang, T::VerifyExpectOther),
                    &[head, &head.seq, &neutralize(&h)],
                )
            }
            None => {
                ok = false;
                fill(tr(lang, T::VerifyExpectGone), &[head, &head.seq])
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    if ok {
        out.push_str(&fill(tr(lang, T::VerifyOk), &[&path.display(), &v.entries]));
        out.push('\n');
    }
    // A reader that went away (`| head`) still gets the verdict as the status.
    print_out(lang, &out)?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What was found, one line each, then the head. Text from the file (ids, stored heads) is
/// made inert first.
fn report(lang: Lang, v: &Verification) -> String {
    let mut lines = Vec::new();
    for line in &v.integrity {
        lines.push(fill(tr(lang, T::VerifyIntegrity), &[&neutralize(line)]));
    }
    if let Some((seq, id)) = &v.broken {
        lines.push(fill(tr(lang, T::VerifyBroken), &[seq, &neutralize(id)]));
    }
    match &v.head_check {
        HeadCheck::Agrees => {}
        HeadCheck::NotRecorded => lines.push(tr(lang, T::VerifyHeadNotRecorded).to_string()),
        HeadCheck::Shortened {
            recorded,
            last: Some(last),
        } => lines.push(fill(tr(lang, T::VerifyShortened), &[recorded, &last.seq])),
        HeadCheck::Shortened {
            recorded,
            last: None,
        } => lines.push(fill(tr(lang, T::VerifyEmptied), &[recorded])),
        HeadCheck::Differs { recorded, last } => {
            let last = last.as_ref().map_or_else(String::new, Head::to_string);
            lines.push(fill(
                tr(lang, T::VerifyHeadDiffers),
                &[&neutralize(recorded), &last],
            ));
        }
    }
    for name in &v.missing_triggers {
        lines.push(fill(tr(lang, T::VerifyTrigger), &[name]));
    }
    for m in &v.mismatches {
        let (table, record) = (neutralize(&m.table), neutralize(&m.record));
        lines.push(match &m.field {
            Some(field) => fill(
                tr(lang, T::VerifyMismatch),
                &[&table, &record, &neutralize(field)],
            ),
            None => fill(tr(lang, T::VerifyRowGone), &[&table, &record]),
        });
    }
    let more = v.mismatch_count.saturating_sub(v.mismatches.len() as u64);
    if more > 0 {
        lines.push(fill(tr(lang, T::VerifyMoreMismatches), &[&more]));
    }
    lines.push(match &v.head {
        Some(head) => fill(tr(lang, T::VerifyHead), &[head, head]),
        None => tr(lang, T::VerifyHeadEmpty).to_string(),
    });
    let mut out = lines.join("\n");
    out.push('\n');
    out
}
