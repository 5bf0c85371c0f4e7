use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn problem(p: PaymentProblem, note: &str) -> TahapOutcome {
    TahapOutcome {
        status: PaymentStatus::NotReceived,
        problem: Some(p),
        note: note.into(),
    }
}

#[test]
fn tahap_of_a_date_is_its_quarter() {
    assert_eq!(tahap_of(d(2026, 1, 1)), 1);
    assert_eq!(tahap_of(d(2026, 3, 31)), 1);
    assert_eq!(tahap_of(d(2026, 4, 1)), 2);
    assert_eq!(tahap_of(d(2026, 6, 30)), 2);
    assert_eq!(tahap_of(d(2026, 7, 1)), 3);
    assert_eq!(tahap_of(d(2026, 9, 30)), 3);
    assert_eq!(tahap_of(d(2026, 10, 1)), 4);
    assert_eq!(tahap_of(d(2026, 12, 31)), 4);
    assert_eq!(current(d(2026, 11, 30)), (2026, 4));
    assert_eq!(tahap_start(2026, 3), Some(d(2026, 7, 1)));
    assert_eq!(tahap_start(2026, 5), None);
    assert_eq!(tahap_start(2026, 0), None);
}

#[test]
fn due_tahap_are_those_started() {
    let today = d(2026, 5, 10);
    assert_eq!(due(2026, today), vec![1, 2]);
    assert_eq!(due(2025, today), vec![1, 2, 3, 4]);
    assert!(due(2027, today).is_empty());
    assert_eq!(due_count(2026, d(2026, 1, 1)), 1);
    assert_eq!(due_count(2026, d(2026, 12, 31)), 4);
}

#[test]
fn a_tahap_outside_one_to_four_is_refused() {
    let today = d(2026, 11, 30);
    let ok = TahapOutcome::received();
    assert_eq!(
        check(2026, 0, &ok, today, None),
        Err(PaymentRefusal::TahapOutOfRange(0))
    );
    assert_eq!(
        check(2026, 5, &ok, today, None),
        Err(PaymentRefusal::TahapOutOfRange(5))
    );
    assert_eq!(
        check(2026, -1, &ok, today, None),
        Err(PaymentRefusal::TahapOutOfRange(-1))
    );
    assert_eq!(check(2026, 4, &ok, today, None), Ok(4));
    assert_eq!(check(2026, 1, &ok, today, None), Ok(1));
}

#[test]
fn a_future_year_or_one_before_joining_is_refused() {
    let today = d(2026, 11, 30);
    let ok = TahapOutcome::received();
    assert_eq!(
        check(2027, 1, &ok, today, None),
        Err(PaymentRefusal::YearInFuture(2027))
    );
    assert_eq!(
        check(2019, 2, &ok, today, Some(2020)),
        Err(PaymentRefusal::BeforeJoined {
            year: 2019,
            joined: 2020
        })
    );
    assert_eq!(check(2020, 2, &ok, today, Some(2020)), Ok(2));
    assert_eq!(check(2010, 2, &ok, today, None), Ok(2));
}

#[test]
fn money_for_a_tahap_not_started_is_refused_but_not_due_is_not() {
    let today = d(2026, 5, 10);
    let ok = TahapOutcome::received();
    assert_eq!(
        check(2026, 3, &ok, today, None),
        Err(PaymentRefusal::NotYetDue {
            year: 2026,
            tahap: 3
        })
    );
    let blocked = problem(PaymentProblem::CardBlocked, "");
    assert_eq!(
        check(2026, 4, &blocked, today, None),
        Err(PaymentRefusal::NotYetDue {
            year: 2026,
            tahap: 4
        })
    );
    let not_due = TahapOutcome {
        status: PaymentStatus::NotDue,
        problem: None,
        note: String::new(),
    };
    assert_eq!(check(2026, 4, &not_due, today, None), Ok(4));
    assert_eq!(check(2026, 2, &ok, today, None), Ok(2));
}

#[test]
fn not_received_needs_a_problem_and_other_a_note() {
    let today = d(2026, 11, 30);
    let bare = TahapOutcome {
        status: PaymentStatus::NotReceived,
        problem: None,
        note: String::new(),
    };
    assert_eq!(
        check(2026, 4, &bare, today, None),
        Err(PaymentRefusal::ProblemMissing)
    );
    assert_eq!(
        check(2026, 4, &problem(PaymentProblem::Other, "  "), today, None),
        Err(PaymentRefusal::NoteMissing)
    );
    assert_eq!(
        check(
            2026,
            4,
            &problem(PaymentProblem::Other, "bank tutup"),
            today,
            None
        ),
        Ok(4)
    );
    for p in PaymentProblem::ALL
        .into_iter()
        .filter(|p| *p != PaymentProblem::Other)
    {
        assert_eq!(check(2026, 4, &problem(p, ""), today, None), Ok(4));
        assert!(problem(p, "").is_problem());
    }
    assert!(!TahapOutcome::received().is_problem());
}

#[test]
fn keys_round_trip() {
    for s in PaymentStatus::ALL {
        assert_eq!(PaymentStatus::from_key(s.key()), Some(s));
    }
    for p in PaymentProblem::ALL {
        assert_eq!(PaymentProblem::from_key(p.key()), Some(p));
    }
}

#[test]
fn command_words_in_both_languages() {
    let w = |s: &str| parse_words(s).unwrap();
    assert_eq!(
        w(""),
        PayCommand {
            outcome: TahapOutcome::received(),
            tahap: None,
            year: None
        }
    );
    assert_eq!(w("terima").outcome, TahapOutcome::received());
    assert_eq!(w("received").outcome, TahapOutcome::received());
    assert_eq!(
        w("kartu diblokir").outcome,
        problem(PaymentProblem::CardBlocked, "")
    );
    assert_eq!(
        w("card blocked").outcome,
        problem(PaymentProblem::CardBlocked, "")
    );
    assert_eq!(
        w("dormant").outcome,
        problem(PaymentProblem::AccountDormant, "")
    );
    assert_eq!(w("nama").outcome, problem(PaymentProblem::NameMismatch, ""));
    assert_eq!(
        w("name mismatch").outcome,
        problem(PaymentProblem::NameMismatch, "")
    );
    assert_eq!(
        w("tidak diambil").outcome,
        problem(PaymentProblem::NotCollected, "")
    );
    assert_eq!(
        w("not collected").outcome,
        problem(PaymentProblem::NotCollected, "")
    );
    assert_eq!(
        w("lainnya bank tutup sementara").outcome,
        problem(PaymentProblem::Other, "bank tutup sementara")
    );
    assert_eq!(w("other").outcome, problem(PaymentProblem::Other, ""));
    assert_eq!(w("belum").outcome.status, PaymentStatus::NotDue);
    assert_eq!(w("not-due").outcome.status, PaymentStatus::NotDue);
    let bare = w("tidak");
    assert_eq!(bare.outcome.status, PaymentStatus::NotReceived);
    assert_eq!(bare.outcome.problem, None);
    assert_eq!(w("tahap 3").tahap, Some(3));
    assert_eq!(
        w("t2 2025"),
        PayCommand {
            outcome: TahapOutcome::received(),
            tahap: Some(2),
            year: Some(2025)
        }
    );
    assert_eq!(
        w("3/2025 kartu"),
        PayCommand {
            outcome: problem(PaymentProblem::CardBlocked, ""),
            tahap: Some(3),
            year: Some(2025)
        }
    );
    assert_eq!(
        w("tahap 7").tahap,
        Some(7),
        "the range is check's to refuse"
    );
    assert_eq!(
        parse_words("warna"),
        Err(PayWordsError::Unknown("warna".into()))
    );
    assert_eq!(
        parse_words("3/x"),
        Err(PayWordsError::Unknown("3/x".into()))
    );
}
