//! What each life event changes and what is refused; the proposals of the calendar.

use chrono::NaiveDate;

use super::proposal::{ProposalKind, proposals, school_year_end};
use super::*;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 30)
}

pub(super) fn person(id: &str, sex: Sex, birth: NaiveDate, relation: Relation) -> Person {
    Person {
        id: id.into(),
        name: id.to_uppercase(),
        nik: format!("33240{id}"),
        sex,
        birth_date: Some(birth),
        relation,
        component: None,
        pregnancy: Pregnancy::default(),
        left: false,
    }
}

/// Siti (the wife), Budi (the head), Rudi (14, SMP), Ani (7, no school).
fn family() -> Vec<Person> {
    let mut rudi = person("rudi", Sex::Male, d(2012, 3, 1), Relation::Anak);
    rudi.component = Some(Component::Smp);
    vec![
        person("budi", Sex::Male, d(1985, 1, 1), Relation::KepalaKeluarga),
        person("siti", Sex::Female, d(1990, 2, 2), Relation::Istri),
        rudi,
        person("ani", Sex::Female, d(2019, 5, 5), Relation::Anak),
    ]
}

fn ev(kind: LifeEventKind, member: &str) -> LifeEvent {
    LifeEvent::new(kind, d(2026, 11, 1), Some(member.into()))
}

fn run(e: &LifeEvent, people: &[Person]) -> Result<Vec<Change>, Refusal> {
    plan(e, people, today(), &ComponentRules::default())
}

#[test]
fn a_first_pregnancy_gives_ibu_hamil_with_its_order_and_expected_birth() {
    let mut e = ev(LifeEventKind::Kehamilan, "siti");
    e.pregnancy_order = Some(1);
    e.expected_birth = Some(d(2027, 5, 1));
    let changes = run(&e, &family()).unwrap();
    assert_eq!(
        changes,
        [
            Change::Pregnancy {
                member: "siti".into(),
                to: Pregnancy {
                    order: Some(1),
                    birth: Some(d(2027, 5, 1))
                }
            },
            Change::Component {
                member: "siti".into(),
                to: Some(Component::IbuHamil)
            }
        ]
    );
}

#[test]
fn a_third_pregnancy_is_recorded_without_ibu_hamil_and_refused_with_it() {
    let mut e = ev(LifeEventKind::Kehamilan, "siti");
    e.pregnancy_order = Some(3);
    e.expected_birth = Some(d(2027, 5, 1));
    assert_eq!(
        run(&e, &family()),
        Err(Refusal::ThirdPregnancy { order: 3 })
    );
    e.claims_component = false;
    let changes = run(&e, &family()).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(matches!(changes[0], Change::Pregnancy { .. }));
    // A man, or a pregnancy without its details.
    let mut man = ev(LifeEventKind::Kehamilan, "budi");
    man.pregnancy_order = Some(1);
    man.expected_birth = Some(d(2027, 5, 1));
    assert_eq!(run(&man, &family()), Err(Refusal::NotFemale));
    assert_eq!(
        run(&ev(LifeEventKind::Kehamilan, "siti"), &family()),
        Err(Refusal::PregnancyDetails)
    );
}

#[test]
fn a_birth_adds_the_child_and_ends_the_mothers_component_42_days_later() {
    let mut people = family();
    people[1].component = Some(Component::IbuHamil);
    people[1].pregnancy = Pregnancy {
        order: Some(2),
        birth: Some(d(2026, 11, 10)),
    };
    let mut e = ev(LifeEventKind::Kelahiran, "siti");
    e.child = Some(NewChild {
        name: "Dewi".into(),
        nik: "3324046101260001".into(),
        sex: Sex::Female,
        relation: Relation::Anak,
    });
    let changes = run(&e, &people).unwrap();
    let born = d(2026, 11, 1);
    assert_eq!(
        changes,
        [
            Change::Pregnancy {
                member: "siti".into(),
                to: Pregnancy {
                    order: Some(2),
                    birth: Some(born)
                }
            },
            Change::AddChild {
                child: e.child.clone().unwrap(),
                birth: born,
                component: Some(Component::AnakUsiaDini)
            }
        ]
    );
    let after = Pregnancy {
        order: Some(2),
        birth: Some(born),
    };
    assert_eq!(after.nifas_end(), Some(d(2026, 12, 13)));
    // Without a pregnancy recorded, or without the child's name: refused.
    let mut plain = e.clone();
    plain.member = Some("siti".into());
    assert_eq!(run(&plain, &family()), Err(Refusal::NoPregnancy));
    let mut nameless = e.clone();
    nameless.child = Some(NewChild {
        name: " ".into(),
        nik: String::new(),
        sex: Sex::Male,
        relation: Relation::Anak,
    });
    assert_eq!(run(&nameless, &people), Err(Refusal::NoChildName));
}

#[test]
fn a_birth_past_the_cap_adds_the_child_without_a_component() {
    let mut people = family();
    people[1].component = Some(Component::IbuHamil);
    people[1].pregnancy.order = Some(1);
    for (i, born) in [d(2023, 1, 1), d(2024, 1, 1)].into_iter().enumerate() {
        let mut c = person(&format!("kecil{i}"), Sex::Male, born, Relation::Anak);
        c.component = Some(Component::AnakUsiaDini);
        people.push(c);
    }
    let mut e = ev(LifeEventKind::Kelahiran, "siti");
    e.child = Some(NewChild {
        name: "Dewi".into(),
        nik: "3324046101260001".into(),
        sex: Sex::Female,
        relation: Relation::Anak,
    });
    let changes = run(&e, &people).unwrap();
    assert!(
        matches!(
            changes.last(),
            Some(Change::AddChild {
                component: None,
                ..
            })
        ),
        "{changes:?}"
    );
}

#[test]
fn death_and_moving_away_make_the_member_leave_and_end_the_component() {
    for (kind, reason) in [
        (LifeEventKind::Kematian, LeftReason::Meninggal),
        (LifeEventKind::Pindah, LeftReason::Pindah),
    ] {
        let changes = run(&ev(kind, "rudi"), &family()).unwrap();
        assert_eq!(
            changes,
            [
                Change::Leaves {
                    member: "rudi".into(),
                    on: d(2026, 11, 1),
                    reason
                },
                Change::Component {
                    member: "rudi".into(),
                    to: None
                }
            ]
        );
    }
    // A member who left gets no more events.
    let mut people = family();
    people[2].left = true;
    assert_eq!(
        run(&ev(LifeEventKind::KeluarSekolah, "rudi"), &people),
        Err(Refusal::MemberLeft)
    );
}

#[test]
fn school_entry_moving_up_and_leaving() {
    let enter = run(&ev(LifeEventKind::MasukSekolah, "ani"), &family()).unwrap();
    assert_eq!(
        enter,
        [Change::Component {
            member: "ani".into(),
            to: Some(Component::Sd)
        }]
    );
    assert_eq!(
        run(&ev(LifeEventKind::MasukSekolah, "rudi"), &family()),
        Err(Refusal::AlreadyInSchool)
    );
    let up = run(&ev(LifeEventKind::NaikJenjang, "rudi"), &family()).unwrap();
    assert_eq!(
        up,
        [Change::Component {
            member: "rudi".into(),
            to: Some(Component::Sma)
        }]
    );
    // From no school, and past SMA.
    assert_eq!(
        run(&ev(LifeEventKind::NaikJenjang, "ani"), &family()),
        Err(Refusal::NotInSchool)
    );
    let mut people = family();
    people[2].component = Some(Component::Sma);
    assert_eq!(
        run(&ev(LifeEventKind::NaikJenjang, "rudi"), &people),
        Err(Refusal::PastSma)
    );
    let out = run(&ev(LifeEventKind::KeluarSekolah, "rudi"), &people).unwrap();
    assert_eq!(
        out,
        [Change::Component {
            member: "rudi".into(),
            to: None
        }]
    );
    assert_eq!(
        run(&ev(LifeEventKind::KeluarSekolah, "ani"), &family()),
        Err(Refusal::NotInSchool)
    );
    // A child too young for school.
    let mut baby = family();
    baby.push(person("bayi", Sex::Male, d(2025, 1, 1), Relation::Anak));
    assert!(matches!(
        run(&ev(LifeEventKind::MasukSekolah, "bayi"), &baby),
        Err(Refusal::Ineligible(Ineligible::TooYoung { .. }))
    ));
}

#[test]
fn a_new_pengurus_becomes_the_head_and_the_former_head_her_husband() {
    let changes = run(&ev(LifeEventKind::GantiPengurus, "siti"), &family()).unwrap();
    assert_eq!(
        changes,
        [
            Change::Relation {
                member: "budi".into(),
                to: Relation::Suami
            },
            Change::Relation {
                member: "siti".into(),
                to: Relation::KepalaKeluarga
            },
            Change::Pengurus {
                member: "siti".into()
            }
        ]
    );
    // The head as pengurus: the relations stay.
    assert_eq!(
        run(&ev(LifeEventKind::GantiPengurus, "budi"), &family()),
        Ok(vec![Change::Pengurus {
            member: "budi".into()
        }])
    );
}

#[test]
fn refused_in_the_future_before_the_birth_or_without_a_member() {
    let mut e = ev(LifeEventKind::MasukSekolah, "ani");
    e.date = d(2026, 12, 1);
    assert_eq!(run(&e, &family()), Err(Refusal::InFuture));
    e.date = d(2019, 1, 1);
    assert_eq!(
        run(&e, &family()),
        Err(Refusal::BeforeBirth {
            birth: d(2019, 5, 5)
        })
    );
    let mut none = ev(LifeEventKind::Kematian, "nobody");
    assert_eq!(run(&none, &family()), Err(Refusal::NoMember));
    none.member = None;
    assert_eq!(run(&none, &family()), Err(Refusal::NoMember));
}

#[test]
fn next_levels_and_keys() {
    assert_eq!(next_level(Component::Sd), Some(Component::Smp));
    assert_eq!(next_level(Component::Smp), Some(Component::Sma));
    assert_eq!(next_level(Component::Sma), None);
    assert_eq!(next_level(Component::Lansia), None);
    for k in LifeEventKind::ALL {
        assert_eq!(LifeEventKind::from_key(k.key()), Some(k));
    }
}

#[test]
fn the_calendar_proposes_school_births_and_finished_levels() {
    let mut people = family();
    people[1].component = Some(Component::IbuHamil);
    people[1].pregnancy = Pregnancy {
        order: Some(1),
        birth: Some(d(2026, 11, 20)),
    };
    let found = proposals(&people, &[], today());
    let kinds: Vec<(&str, ProposalKind)> =
        found.iter().map(|p| (p.member.as_str(), p.kind)).collect();
    // Rudi (born March 2012) is 14 at the end of June 2026: not yet finishing SMP.
    assert_eq!(
        kinds,
        [
            ("siti", ProposalKind::Birth),
            ("ani", ProposalKind::EnterSd)
        ]
    );
    assert_eq!(found[1].due, d(2026, 5, 5));
    // Answered (recorded or dismissed) from `since`: gone.
    let answered = [
        ("siti", LifeEventKind::Kelahiran, d(2026, 11, 21)),
        ("ani", LifeEventKind::MasukSekolah, d(2026, 11, 30)),
    ];
    assert!(proposals(&people, &answered, today()).is_empty());
    // An older answer (the child's earlier school entry ended) does not count.
    let old = [("ani", LifeEventKind::MasukSekolah, d(2020, 1, 1))];
    assert_eq!(proposals(&people, &old, today()).len(), 2);
    // In 2028 Rudi is 16 at the end of June: finished SMP, proposed moving up.
    let later = d(2028, 8, 1);
    let found = proposals(&family(), &[], later);
    assert!(
        found
            .iter()
            .any(|p| p.member == "rudi" && p.kind == ProposalKind::Finished(Component::Smp)),
        "{found:?}"
    );
    assert_eq!(
        ProposalKind::Finished(Component::Smp).event(),
        LifeEventKind::NaikJenjang
    );
    assert_eq!(
        ProposalKind::Finished(Component::Sma).event(),
        LifeEventKind::KeluarSekolah
    );
    // Nobody who left is proposed.
    let mut gone = family();
    gone[3].left = true;
    assert!(proposals(&gone, &[], today()).is_empty());
}

#[test]
fn the_school_year_ends_in_june() {
    assert_eq!(school_year_end(d(2026, 11, 30)), d(2026, 6, 30));
    assert_eq!(school_year_end(d(2026, 6, 29)), d(2025, 6, 30));
    assert_eq!(school_year_end(d(2026, 6, 30)), d(2026, 6, 30));
}
