use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

#[test]
fn months_parse_print_and_step() {
    assert_eq!(m("2026-11").key(), "2026-11");
    assert_eq!(m("2026-12").next(), m("2027-01"));
    assert_eq!(m("2026-01").prev(), m("2025-12"));
    assert_eq!(m("2026-03").plus(-15), m("2024-12"));
    assert_eq!(m("2025-06").months_until(m("2026-11")), 17);
    assert_eq!(Month::of(d(2026, 2, 28)), m("2026-02"));
    assert_eq!(m("2026-02").first_day(), d(2026, 2, 1));
    for bad in [
        "", "2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-1a", "+026-11",
    ] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
}

#[test]
fn keys_round_trip() {
    for o in Outcome::ALL {
        assert_eq!(Outcome::from_key(o.key()), Some(o));
    }
    for r in NotMetReason::ALL {
        assert_eq!(NotMetReason::from_key(r.key()), Some(r));
    }
    assert_eq!(
        NotMetReason::usual_for(Component::Smp),
        NotMetReason::Absent
    );
    assert_eq!(
        NotMetReason::usual_for(Component::AnakUsiaDini),
        NotMetReason::NoCheck
    );
}

#[test]
fn refuses_without_component_before_birth_and_in_the_future() {
    let today = d(2026, 11, 30);
    let born = Some(d(2025, 4, 17));
    let sd = Some(Component::Sd);
    assert_eq!(
        check(None, born, m("2026-11"), today),
        Err(Refusal::NoComponent)
    );
    assert_eq!(
        check(sd, born, m("2025-03"), today),
        Err(Refusal::BeforeBirth)
    );
    assert_eq!(check(sd, born, m("2025-04"), today), Ok(()));
    assert_eq!(check(sd, born, m("2026-12"), today), Err(Refusal::Future));
    assert_eq!(check(sd, born, m("2026-11"), today), Ok(()));
    // No birth date known: only the component and the calendar decide.
    assert_eq!(check(sd, None, m("2001-01"), today), Ok(()));
    assert!(needs(sd, born, m("2026-10"), today));
    assert!(!needs(None, born, m("2026-10"), today));
}

#[test]
fn the_run_of_not_met_months_counts_back_from_the_latest() {
    use Outcome::*;
    assert_eq!(not_met_run(&[]), 0);
    let run = [
        (m("2026-08"), Met),
        (m("2026-11"), NotMet),
        (m("2026-09"), NotMet),
        (m("2026-10"), NotMet),
    ];
    assert_eq!(not_met_run(&run), 3);
    // The latest month met ends it, whatever came before.
    assert_eq!(
        not_met_run(&[(m("2026-10"), NotMet), (m("2026-11"), Met)]),
        0
    );
    // Not applicable ends it too.
    assert_eq!(
        not_met_run(&[(m("2026-10"), NotMet), (m("2026-11"), NotApplicable)]),
        0
    );
    // A month not recorded breaks the row.
    assert_eq!(
        not_met_run(&[
            (m("2026-08"), NotMet),
            (m("2026-09"), NotMet),
            (m("2026-11"), NotMet)
        ]),
        1
    );
    // Across a year's end.
    assert_eq!(
        not_met_run(&[(m("2025-12"), NotMet), (m("2026-01"), NotMet)]),
        2
    );
}

#[test]
fn the_setting_flags_at_n_and_refuses_nonsense() {
    let n = FailingMonths::default();
    assert_eq!(n, FailingMonths(3));
    assert!(!n.flags(2));
    assert!(n.flags(3));
    assert!(n.flags(7));
    assert_eq!(FailingMonths::parse(" 4 "), Some(FailingMonths(4)));
    assert_eq!(FailingMonths::parse("24"), Some(FailingMonths(24)));
    for bad in ["", "0", "25", "-1", "tiga", "2.5"] {
        assert_eq!(FailingMonths::parse(bad), None, "{bad}");
    }
}

#[test]
fn one_id_per_member_and_month() {
    let a = verification_id("m1", m("2026-11"));
    assert_eq!(a, verification_id("m1", m("2026-11")));
    assert_ne!(a, verification_id("m1", m("2026-10")));
    assert_ne!(a, verification_id("m2", m("2026-11")));
    assert_eq!(a.len(), 36);
    assert_eq!(&a[14..15], "8", "version 8: {a}");
    assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "variant: {a}");
}
