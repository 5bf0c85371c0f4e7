//! Payments per tahap from the keyboard (issue 11, item 3): `b` records the current tahap
//! received for the selected household or every marked one, `B B` for every household the
//! filtered list shows, and `:bayar WORDS` / `:bayar-semua WORDS` another outcome, tahap
//! or year (`domain::payment::parse_words`). What does not depend on the household (a
//! tahap outside 1-4, a future year, a tahap not started, a problem missing) is refused
//! here, before anything is asked of the store; the store checks each household again
//! (a year before it joined PKH) and says which it refused.

use super::commands::Arg;
use super::{App, Effect};
use crate::domain::payment::{self, PayCommand, TahapOutcome};
use crate::i18n::payment as words;
use crate::keymap::Key;
use crate::model::payment::{PayTarget, PaymentsSaved, SetPayments};

/// What `B` was pressed once for: the next `B` records it.
#[derive(Debug, Clone, Default)]
pub struct Payments {
    pub(super) armed: bool,
}

/// The command's words (none from a key: the current tahap, received), checked.
fn command(app: &mut App, arg: &Arg<'_>) -> Option<(i32, u8, TahapOutcome)> {
    let lang = app.lang();
    let cmd = match payment::parse_words(arg.text) {
        Ok(c) => c,
        Err(e) => {
            app.error(words::words_error(lang, &e));
            return None;
        }
    };
    let PayCommand {
        outcome,
        tahap,
        year,
    } = cmd;
    let (this_year, this_tahap) = payment::current(app.today);
    let year = year.unwrap_or(this_year);
    let tahap = tahap.unwrap_or(i64::from(this_tahap));
    match payment::check(year, tahap, &outcome, app.today, None) {
        Ok(t) => Some((year, t, outcome)),
        Err(r) => {
            app.error(words::refusal(lang, r));
            None
        }
    }
}

fn effect(app: &App, target: PayTarget, (year, tahap, outcome): (i32, u8, TahapOutcome)) -> Effect {
    Effect::SetPayments {
        author: app.user.id.clone(),
        set: SetPayments {
            target,
            year,
            tahap,
            outcome,
        },
        today: app.today,
    }
}

/// `b` / `:bayar`: the marked households, else the selected one.
pub fn pay(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let households = app.caseload.activity_households();
    if households.is_empty() {
        app.info(crate::i18n::T::MsgNoHousehold);
        return Vec::new();
    }
    match command(app, &arg) {
        Some(c) => vec![effect(app, PayTarget::Households(households), c)],
        None => Vec::new(),
    }
}

/// `B B` / `:bayar-semua`: every household the filtered list shows. The key asks first
/// (the count and the tahap), the second `B` records; from the `:` line it records at once.
pub fn pay_shown(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let lang = app.lang();
    // A search of only terms that were not understood narrows nothing: it is no filter.
    if app.caseload.filter.is_empty() {
        app.error(words::filter_first(lang).to_string());
        return Vec::new();
    }
    if app.caseload.list.total == 0 {
        app.info(crate::i18n::T::MsgNoHousehold);
        return Vec::new();
    }
    let Some(c) = command(app, &arg) else {
        return Vec::new();
    };
    if arg.key.is_some() && !app.payments.armed {
        app.payments.armed = true;
        app.say(words::confirm_shown(
            lang,
            c.0,
            c.1,
            app.caseload.list.total,
        ));
        return Vec::new();
    }
    app.payments.armed = false;
    vec![effect(app, PayTarget::Shown(app.list_query()), c)]
}

/// Any key but `B` (outside the command line) disarms `B`.
pub(super) fn other_key(app: &mut App, key: Key) {
    if key != Key::Char('B') {
        app.payments.armed = false;
    }
}

/// The store's answer: what was recorded; the marks are used up.
pub(super) fn saved(
    app: &mut App,
    year: i32,
    tahap: u8,
    outcome: &TahapOutcome,
    saved: &PaymentsSaved,
) -> Vec<Effect> {
    let text = words::saved(app.lang(), year, tahap, outcome, saved);
    if saved.refused.is_empty() {
        app.say(text);
    } else {
        app.error(text);
    }
    if saved.changed + saved.unchanged + saved.kept_problems > 0 {
        app.caseload.marked.clear();
    }
    app.refresh()
}
