//! Lists that say what they show (issue 12, item 7): a sort never uses a column that is
//! not on screen, and every team column sorts with problems first.

use super::*;
use crate::model::team::TeamColumn;
use crate::model::{SortColumn, TeamRow};

fn sorted_columns(app: &mut App) -> Vec<SortColumn> {
    let mut seen = Vec::new();
    for _ in 0..SortColumn::ALL.len() {
        World::new(100).keys(app, "s");
        seen.push(app.caseload.sort.column);
    }
    seen
}

#[test]
fn at_80_columns_sorting_skips_the_hidden_desil_column() {
    let mut app = app();
    let seen = sorted_columns(&mut app);
    assert!(!seen.contains(&SortColumn::Desil), "{seen:?}");
    assert!(seen.contains(&SortColumn::Days), "{seen:?}");
    // Where the list is wide enough to show Desil, it sorts by it too.
    let mut wide = super::app();
    let fx = wide.update(Action::Resize(140, 40));
    World::new(100).run(&mut wide, fx);
    assert!(sorted_columns(&mut wide).contains(&SortColumn::Desil));
}

fn row(name: &str, f: impl Fn(&mut TeamRow)) -> TeamRow {
    let mut r = TeamRow {
        worker_id: name.to_lowercase(),
        name: name.into(),
        login: name.to_lowercase(),
        target: 10,
        ..TeamRow::default()
    };
    f(&mut r);
    r
}

/// For every column of the team table, the first sort puts the facilitator with the
/// problem on top: the fewest activities in 30 days (Keg30), P2K2 sessions and
/// graduations; the most overdue, not visited, candidates, the largest caseload; the
/// most behind.
#[test]
fn every_team_column_sorts_problems_first() {
    let mut app = started(Role::Supervisor, 100);
    World::new(100).keys(&mut app, "3");
    let data = crate::model::TeamData {
        year: 2026,
        as_of: Some(today()),
        rows: vec![
            row("Good", |r| {
                r.graduated = 9;
                r.activities_30d = 40;
                r.p2k2_month = 3;
                r.caseload = 20;
            }),
            row("Trouble", |r| {
                r.graduated = 1;
                r.activities_30d = 2;
                r.p2k2_month = 0;
                r.overdue = 12;
                r.not_visited_90d = 30;
                r.candidates = 9;
                r.caseload = 60;
            }),
        ],
        ..Default::default()
    };
    app.update(Action::TeamLoaded(data));
    assert_eq!(app.team.column, TeamColumn::Pace);
    assert_eq!(app.team.rows()[0].name, "Trouble", "pace");
    for _ in 1..TeamColumn::ALL.len() {
        press(&mut app, "s");
        if app.team.column == TeamColumn::Name {
            continue;
        }
        assert_eq!(
            app.team.rows()[0].name,
            "Trouble",
            "{:?} (descending {})",
            app.team.column,
            app.team.descending
        );
    }
}
