//! Issue 11 item 5: the list sorts and filters by graduation readiness, by keys.

use super::*;
use crate::filter::{Cmp, Term};
use crate::model::{ListQuery, SortColumn};

/// The list queries among `effects`.
fn list_queries(effects: &[Effect]) -> Vec<ListQuery> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Page {
                source: Source::List(q),
                ..
            } => Some(q.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn ready_filter_term_asks_the_store_for_scores_of_70_or_more() {
    for (lang, script) in [
        (Lang::Id, "/siap:70<enter>"),
        (Lang::En, "/ready:70<enter>"),
    ] {
        let mut app = app();
        app.settings.lang = lang;
        let fx = World::new(100).keys(&mut app, script);
        let q = list_queries(&fx).pop().expect("the list reloads");
        assert_eq!(q.filter.terms, [Term::Ready(Cmp::Ge, 70)], "{script}");
        assert!(q.uses_readiness());
        assert!(app.message.is_none(), "{:?}", app.message);
    }
}

#[test]
fn ready_filter_out_of_range_is_refused_with_the_reason() {
    let mut app = app();
    World::new(100).keys(&mut app, "/siap:150<enter>");
    // Not applied: the list's title says why, in the user's language.
    assert!(app.list_query().filter.terms.is_empty());
    let err = app
        .caseload
        .filter
        .errors
        .first()
        .expect("the term is refused");
    let why = crate::i18n::term_error(Lang::Id, err);
    assert_eq!(why, "siap:150: harus angka yang masuk akal");
}

#[test]
fn ready_sort_is_reached_with_s_and_reversed_with_shift_s() {
    let mut app = app();
    // At 80 columns: village, status, components, days (desil is not on screen), readiness.
    let fx = World::new(100).keys(&mut app, "sssss");
    assert_eq!(app.caseload.sort.column, SortColumn::Readiness);
    assert!(!app.caseload.sort.descending);
    let q = list_queries(&fx).pop().unwrap();
    assert_eq!(q.sort.column, SortColumn::Readiness);
    assert!(q.uses_readiness());
    World::new(100).keys(&mut app, "S");
    assert!(app.caseload.sort.descending);
    // `:urut readiness` (the stored key) is the same sort.
    assert_eq!(
        SortColumn::from_key("readiness"),
        Some(SortColumn::Readiness)
    );
}

/// Above the gauge's limit nobody in view has a score, so `siap:` (or the readiness sort)
/// would quietly match nothing: the user is told why and what to do, in their language.
#[test]
fn ready_filter_past_the_scoring_limit_says_why_nothing_matches() {
    use crate::model::{ForecastReach, GaugeData};
    for (lang, script, words) in [
        (Lang::Id, "/siap:70<enter>", "50.000"),
        (Lang::En, "/ready:70<enter>", "50,000"),
    ] {
        let mut app = super::app();
        app.settings.lang = lang;
        app.update(Action::GaugeLoaded(GaugeData {
            forecast_reach: ForecastReach::TooMany,
            ..GaugeData::default()
        }));
        World::new(100).keys(&mut app, script);
        let said = message(&app);
        assert!(said.contains(words), "{lang:?}: {said}");
    }
    // Once the gauge has scored the households in view, nothing is said.
    let mut app = super::app();
    app.update(Action::GaugeLoaded(GaugeData {
        forecast_reach: ForecastReach::Scored,
        ..GaugeData::default()
    }));
    World::new(100).keys(&mut app, "/siap:70<enter>");
    assert!(app.message.is_none(), "{:?}", app.message);
    // A readiness sort already in place when the gauge says so is explained too.
    let mut app = super::app();
    World::new(100).keys(&mut app, "sssss");
    assert!(!message(&app).contains("50,000"), "{}", message(&app));
    app.update(Action::GaugeLoaded(GaugeData {
        forecast_reach: ForecastReach::TooMany,
        ..GaugeData::default()
    }));
    assert!(message(&app).contains("50,000"), "{}", message(&app));
}
