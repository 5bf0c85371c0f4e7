//! "Hari ini" by keys: it opens at start when something is overdue (a setting), `4` and
//! `:hari-ini` / `:today` open it, its lines come in order, and Enter acts on the line.

use super::*;
use crate::app::entry::Purpose;
use crate::app::{AfterLocate, Overlay, Screen};
use crate::domain::today::{Reason, TodayItem};

fn line(reason: Reason, household: Option<&str>, number: i64) -> TodayItem {
    TodayItem {
        reason,
        household_id: household.map(str::to_string),
        name: household.map_or("Kelompok Mawar".into(), |h| format!("Nama {}", &h[1..])),
        village: "Curugsewu".into(),
        facilitator: "Siti Rahayu".into(),
        date: Some(today()),
        number,
        detail: String::new(),
        households: Vec::new(),
        module: None,
    }
}

/// A world whose today holds, out of order: a ready household, a group's next session,
/// a family not visited, and an overdue follow-up.
fn world() -> World {
    let mut group = line(Reason::P2k2Next, None, 5);
    group.module = Some(crate::domain::activity::P2k2Module::KeuanganUsaha);
    group.households = vec![
        ("h003".into(), "Nama 003".into()),
        ("h004".into(), "Nama 004".into()),
    ];
    World {
        // The gauge counts the overdue follow-up.
        gauge: GaugeData {
            overdue: 1,
            forecast_reach: crate::model::ForecastReach::Scored,
            ..GaugeData::default()
        },
        today: vec![
            line(Reason::Ready, Some("h005"), 82),
            group,
            line(Reason::NotVisited, Some("h002"), 120),
            line(Reason::Overdue, Some("h001"), 3),
        ],
        ..World::new(100)
    }
}

fn start(role: Role, world: &World, at_start: bool) -> App {
    let mut app = bare(role);
    app.settings.today_at_start = at_start;
    let fx = app.update(Action::Start);
    world.run(&mut app, fx);
    app
}

#[test]
fn it_opens_at_start_when_something_is_overdue_unless_the_setting_is_off() {
    assert_eq!(
        start(Role::Facilitator, &world(), true).screen,
        Screen::Today
    );
    assert_eq!(
        start(Role::Facilitator, &world(), false).screen,
        Screen::Dashboard
    );
    // Nothing overdue: the list waits for `4`, and start reads nothing for it.
    let mut calm = world();
    calm.today.retain(|i| i.reason != Reason::Overdue);
    calm.gauge.overdue = 0;
    let mut app = bare(Role::Facilitator);
    let fx = app.update(Action::Start);
    let ran = calm.run(&mut app, fx);
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(!ran.iter().any(|e| matches!(e, Effect::FetchToday { .. })));
    // A supervisor over more households than the gauge forecasts: it waits for `4` too
    // (reading it would hold up the first frame).
    let mut big = world();
    big.gauge.forecast_reach = crate::model::ForecastReach::TooMany;
    assert_eq!(
        start(Role::Supervisor, &big, true).screen,
        Screen::Dashboard
    );
    assert_eq!(
        start(Role::Supervisor, &world(), true).screen,
        Screen::Today
    );
}

#[test]
fn four_and_its_names_open_the_list_for_the_scope_in_order_of_urgency() {
    let w = world();
    for script in ["4", ":hari-ini<enter>", ":today<enter>"] {
        let mut app = start(Role::Facilitator, &w, false);
        let fx = press(&mut app, script);
        assert_eq!(app.screen, Screen::Today, "{script}");
        let [
            Effect::FetchToday {
                scope, today: day, ..
            },
        ] = &fx[..]
        else {
            panic!("{script}: {fx:?}");
        };
        assert_eq!(*scope, own_scope());
        assert_eq!(*day, today());
        w.run(&mut app, fx);
        let reasons: Vec<Reason> = app.today_list.items.iter().map(|i| i.reason).collect();
        assert_eq!(
            reasons,
            [
                Reason::Overdue,
                Reason::NotVisited,
                Reason::P2k2Next,
                Reason::Ready
            ]
        );
        press(&mut app, "<esc>");
        assert_eq!(app.screen, Screen::Dashboard);
    }
}

#[test]
fn enter_on_a_follow_up_opens_the_visit_form_for_its_household() {
    let mut app = start(Role::Facilitator, &world(), true);
    assert!(press(&mut app, "<enter>").is_empty());
    let Overlay::Form(entry) = &app.overlay else {
        panic!("no form: {:?}", app.overlay);
    };
    let Purpose::Activity { households } = &entry.purpose else {
        panic!("{:?}", entry.purpose);
    };
    assert_eq!(
        *households,
        vec![("h001".to_string(), "Nama 001".to_string())]
    );
    assert_eq!(entry.form.value("kind"), "kunjungan");
}

#[test]
fn enter_on_a_group_line_opens_the_session_form_for_its_households() {
    let mut app = start(Role::Facilitator, &world(), true);
    world().keys(&mut app, "jj");
    press(&mut app, "<enter>");
    let Overlay::Form(entry) = &app.overlay else {
        panic!("no form: {:?}", app.overlay);
    };
    let Purpose::Activity { households } = &entry.purpose else {
        panic!("{:?}", entry.purpose);
    };
    assert_eq!(households.len(), 2);
    assert_eq!(entry.form.value("group"), "Kelompok Mawar");
    assert_eq!(entry.form.value("place"), "Curugsewu");
    assert_eq!(entry.form.value("module"), "keuangan_usaha");
    assert_eq!(entry.form.value("session"), "5");
    assert_eq!(entry.form.value("kind"), "p2k2");
}

#[test]
fn enter_on_a_ready_household_goes_to_it_in_the_list() {
    let mut app = start(Role::Facilitator, &world(), true);
    world().keys(&mut app, "G");
    let fx = press(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(
        matches!(&fx[..], [Effect::Locate { household_id, then: AfterLocate::RetryAllStatuses, .. }] if household_id == "h005"),
        "{fx:?}"
    );
    world().run(&mut app, fx);
    assert_eq!(app.caseload.list.selected, 5);
}

#[test]
fn a_supervisor_goes_to_the_household_instead_of_a_form() {
    let mut app = start(Role::Supervisor, &world(), true);
    assert_eq!(app.screen, Screen::Today);
    let fx = press(&mut app, "<enter>");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        matches!(&fx[..], [Effect::Locate { household_id, .. }] if household_id == "h001"),
        "{fx:?}"
    );
    // The group's line has no one household: it says why nothing opens.
    app.screen = Screen::Today;
    world().keys(&mut app, "jj");
    assert!(press(&mut app, "<enter>").is_empty());
    assert!(
        message(&app).contains("its facilitator"),
        "{}",
        message(&app)
    );
}

#[test]
fn a_save_reloads_the_list_while_it_is_shown() {
    let mut app = start(Role::Facilitator, &world(), true);
    let fx = app.update(Action::Saved { household: None });
    assert!(fx.iter().any(|e| matches!(e, Effect::FetchToday { .. })));
}

#[test]
fn past_a_days_visits_the_families_not_visited_are_one_line_whose_enter_lists_them_all() {
    let mut w = world();
    for n in 10..40 {
        w.today
            .push(line(Reason::NotVisited, Some(&format!("h{n:03}")), 100 + n));
    }
    let mut app = start(Role::Facilitator, &w, true);
    let items = &app.today_list.items;
    // The overdue line, ten families (the longest unvisited first), the rest as one line.
    let folded: Vec<_> = items
        .iter()
        .filter(|i| i.reason == Reason::NotVisited)
        .collect();
    assert_eq!(folded.len(), 11);
    assert_eq!(folded[0].number, 139);
    let rest = folded[10].clone();
    assert_eq!((rest.household_id.as_deref(), rest.number), (None, 21));
    // Enter on it: the list, filtered to every family not visited in 90 days.
    app.caseload.include_exited = true;
    w.keys(&mut app, &"j".repeat(11));
    assert_eq!(app.today_list.selected_item(), Some(&rest));
    let fx = press(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert_eq!(app.caseload.filter_text, "visit:>=90");
    assert!(!app.caseload.include_exited);
    assert!(!fx.is_empty(), "the list reloads");
    assert!(matches!(app.overlay, Overlay::None));
}
