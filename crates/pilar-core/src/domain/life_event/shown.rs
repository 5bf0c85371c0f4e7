//! Whether the members as stored already show an event a file brings (issue 11: life
//! events imported into a database rebuilt from households and members files, whose
//! members already carry the events' effects). Such an event is recorded without being
//! applied again: applied, a pregnancy would be set again after the birth that ended it, a
//! birth would add its child a second time, a move up would move a pupil up twice.
//!
//! The rule, by what the stored fields can tell:
//! - a pregnancy is shown when the member's stored pregnancy ends on or after the event's
//!   day (its expected birth, or the birth that ended it): this pregnancy or a later one;
//! - a birth is shown when its child is a member: the file's child id, else a member born
//!   that day with the child's NIK or, without one, the child's name;
//! - a death or a move away is shown when the member left on or after the event's day
//!   (a members file carries the day a member left);
//! - a school event or a change of pengurus is shown when the field it changes (the
//!   component, the relation) was written on or after the event's day: the stored value
//!   is then as new as the event, and an older event does not overwrite it.
//!
//! Pure: the store reads the dates.

use chrono::NaiveDate;

use super::{LifeEvent, LifeEventKind, Person};

/// What the store read about the event's member.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stored<'a> {
    /// The household's members, those who left included.
    pub people: &'a [Person],
    /// The day the member left, if they did.
    pub left_on: Option<NaiveDate>,
    /// The last day the member's component was written (its history, else the day the
    /// member was added).
    pub component_written: Option<NaiveDate>,
    /// The same for the member's relation.
    pub relation_written: Option<NaiveDate>,
}

/// The members already show the event: the child a birth's row names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub child: Option<String>,
}

/// `Some` when the stored members already show `e` (for its `member`); `child_id` is the
/// id a file gives a birth's child.
pub fn shown(e: &LifeEvent, child_id: Option<&str>, stored: &Stored<'_>) -> Option<Shown> {
    let p = stored
        .people
        .iter()
        .find(|p| Some(&p.id) == e.member.as_ref())?;
    // Before the member was born: the rules refuse it.
    if p.birth_date.is_some_and(|b| e.date < b) {
        return None;
    }
    let since = |day: Option<NaiveDate>| day.is_some_and(|d| d >= e.date);
    let none = Shown { child: None };
    match e.kind {
        LifeEventKind::Kehamilan => since(p.pregnancy.birth).then_some(none),
        LifeEventKind::Kelahiran => birth_child(e, child_id, stored.people).map(|c| Shown {
            child: Some(c.id.clone()),
        }),
        LifeEventKind::Kematian | LifeEventKind::Pindah => since(stored.left_on).then_some(none),
        LifeEventKind::MasukSekolah | LifeEventKind::NaikJenjang | LifeEventKind::KeluarSekolah => {
            since(stored.component_written).then_some(none)
        }
        LifeEventKind::GantiPengurus => since(stored.relation_written).then_some(none),
    }
}

/// The member a birth added: by the file's child id, else born that day with the child's
/// NIK, else (no NIK) with the child's name.
fn birth_child<'p>(
    e: &LifeEvent,
    child_id: Option<&str>,
    people: &'p [Person],
) -> Option<&'p Person> {
    if let Some(id) = child_id.filter(|id| !id.is_empty())
        && let Some(p) = people.iter().find(|p| p.id == id)
    {
        return Some(p);
    }
    let child = e.child.as_ref()?;
    let born = |p: &&Person| p.birth_date == Some(e.date) && Some(&p.id) != e.member.as_ref();
    let nik = child.nik.trim();
    if !nik.is_empty() {
        return people.iter().filter(born).find(|p| p.nik == nik);
    }
    let name = child.name.trim().to_lowercase();
    if name.is_empty() {
        return None;
    }
    people
        .iter()
        .filter(born)
        .find(|p| p.name.trim().to_lowercase() == name)
}

#[cfg(test)]
mod tests {
    use super::super::NewChild;
    use super::super::tests::{d, person};
    use super::*;
    use crate::domain::Sex;
    use crate::domain::component::Component;
    use crate::domain::pregnancy::Pregnancy;
    use crate::model::Relation;

    /// Siti, whose first pregnancy ended with Dewi's birth on 20 November; Rudi at SMP.
    fn family() -> Vec<Person> {
        let mut siti = person("siti", Sex::Female, d(1990, 2, 2), Relation::Istri);
        siti.pregnancy = Pregnancy {
            order: Some(1),
            birth: Some(d(2026, 11, 20)),
        };
        siti.component = Some(Component::IbuHamil);
        let mut rudi = person("rudi", Sex::Male, d(2012, 3, 1), Relation::Anak);
        rudi.component = Some(Component::Smp);
        vec![
            siti,
            rudi,
            person("dewi", Sex::Female, d(2026, 11, 20), Relation::Anak),
        ]
    }

    fn event(kind: LifeEventKind, date: NaiveDate, member: &str) -> LifeEvent {
        LifeEvent::new(kind, date, Some(member.into()))
    }

    fn stored(people: &[Person]) -> Stored<'_> {
        Stored {
            people,
            ..Stored::default()
        }
    }

    #[test]
    fn a_pregnancy_is_shown_by_a_stored_pregnancy_ending_on_or_after_its_day() {
        let people = family();
        let s = stored(&people);
        let e = |date| event(LifeEventKind::Kehamilan, date, "siti");
        assert!(
            shown(&e(d(2026, 4, 1)), None, &s).is_some(),
            "ended by the birth"
        );
        assert!(
            shown(&e(d(2026, 11, 20)), None, &s).is_some(),
            "the same day"
        );
        assert_eq!(
            shown(&e(d(2026, 11, 25)), None, &s),
            None,
            "a new pregnancy"
        );
        let mut none = people.clone();
        none[0].pregnancy = Pregnancy::default();
        assert_eq!(shown(&e(d(2026, 4, 1)), None, &stored(&none)), None);
    }

    #[test]
    fn a_birth_is_shown_by_its_child_by_id_nik_or_name_and_day() {
        let mut people = family();
        let mut birth = event(LifeEventKind::Kelahiran, d(2026, 11, 20), "siti");
        birth.child = Some(NewChild {
            name: " dewi ".into(),
            nik: String::new(),
            sex: Sex::Female,
            relation: Relation::Anak,
        });
        let dewi = Some(Shown {
            child: Some("dewi".into()),
        });
        assert_eq!(shown(&birth, Some("dewi"), &stored(&people)), dewi, "by id");
        assert_eq!(shown(&birth, None, &stored(&people)), dewi, "by name");
        assert_eq!(
            shown(&birth, Some("someone-else"), &stored(&people)),
            dewi,
            "an unknown id: by name"
        );
        // With a NIK, the NIK decides.
        birth.child.as_mut().unwrap().nik = "3324016011260001".into();
        assert_eq!(shown(&birth, None, &stored(&people)), None);
        people[2].nik = "3324016011260001".into();
        assert_eq!(shown(&birth, None, &stored(&people)), dewi);
        // Another day: another child.
        birth.date = d(2026, 11, 21);
        assert_eq!(shown(&birth, None, &stored(&people)), None);
        // No child named: nothing to find.
        birth.child = None;
        assert_eq!(shown(&birth, None, &stored(&people)), None);
    }

    #[test]
    fn a_departure_is_shown_when_the_member_left_on_or_after_its_day() {
        let people = family();
        let e = event(LifeEventKind::Kematian, d(2026, 10, 1), "rudi");
        let left = |on| Stored {
            left_on: on,
            ..stored(&people)
        };
        assert!(shown(&e, None, &left(Some(d(2026, 10, 1)))).is_some());
        assert_eq!(shown(&e, None, &left(None)), None, "not left: applied");
        assert_eq!(shown(&e, None, &left(Some(d(2026, 9, 1)))), None);
    }

    #[test]
    fn school_and_pengurus_events_are_shown_by_a_field_written_since() {
        let people = family();
        let written = |c, r| Stored {
            component_written: c,
            relation_written: r,
            ..stored(&people)
        };
        let up = event(LifeEventKind::NaikJenjang, d(2026, 7, 15), "rudi");
        // Rebuilt today from a members file: the component was written today.
        assert!(shown(&up, None, &written(Some(d(2026, 11, 30)), None)).is_some());
        assert!(shown(&up, None, &written(Some(d(2026, 7, 15)), None)).is_some());
        // Written in 2025: the move up is news.
        assert_eq!(shown(&up, None, &written(Some(d(2025, 1, 1)), None)), None);
        assert_eq!(
            shown(&up, None, &written(None, Some(d(2026, 11, 30)))),
            None
        );
        let head = event(LifeEventKind::GantiPengurus, d(2026, 7, 15), "siti");
        assert!(shown(&head, None, &written(None, Some(d(2026, 8, 1)))).is_some());
        assert_eq!(
            shown(&head, None, &written(Some(d(2026, 8, 1)), None)),
            None
        );
    }

    #[test]
    fn an_event_for_someone_not_in_the_household_is_not_shown() {
        let people = family();
        let e = event(LifeEventKind::Kehamilan, d(2026, 4, 1), "nobody");
        assert_eq!(shown(&e, None, &stored(&people)), None);
    }
}
