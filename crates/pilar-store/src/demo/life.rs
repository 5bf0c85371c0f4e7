//! The demo's life events (issue 11 item 2), apart from the rest of the generator: the
//! events its families' present state implies in the last 18 months, written as records
//! (no draw changes a member): a child who entered SD the July after turning 7, a pupil
//! who moved up to SMP or SMA last July, a pregnancy recorded some months before its
//! expected birth, a birth of a child under one (on the mother). A few percent of
//! households have them recorded; ids from the household's own generator (`Rng::sub`), so the rest
//! of the demo is the same with or without them.

use chrono::{Datelike, Duration, NaiveDate};

use super::family::Person;
use super::{Rng, stamp};
use crate::store::{BulkWriter, LifeEventRecord, Result};
use pilar_core::domain::age_on;
use pilar_core::domain::component::Component;
use pilar_core::domain::life_event::LifeEventKind;
use pilar_core::domain::life_event::proposal::school_year_end;
use pilar_core::model::Relation;

/// The events of one household's members (`people` with their ids, in order) up to `today`.
pub(super) fn events(
    w: &mut BulkWriter<'_>,
    rng: &mut Rng,
    hh_id: &str,
    worker_id: &str,
    people: &[(&Person, &str)],
    today: NaiveDate,
) -> Result<()> {
    // About one family in three had such an event in 18 months; one in eight of those is
    // recorded, so the demo stays cheap at a million households (a few percent).
    if !rng.chance(125) {
        return Ok(());
    }
    let since = today - Duration::days(548);
    // The school year began on 15 July of the year the last one ended.
    let july = |end: NaiveDate| NaiveDate::from_ymd_opt(end.year(), 7, 15).unwrap_or(end);
    let last_july = july(school_year_end(today)).min(today);
    let mother = people
        .iter()
        .find(|(p, _)| {
            p.sex == pilar_core::domain::Sex::Female
                && matches!(p.relation, Relation::KepalaKeluarga | Relation::Istri)
        })
        .map(|(_, id)| *id);
    for &(p, member) in people {
        let mut write = |kind: LifeEventKind,
                         date: NaiveDate,
                         order: Option<u8>,
                         hpl: Option<NaiveDate>,
                         level: Option<&str>,
                         on: &str,
                         child: Option<&str>|
         -> Result<()> {
            if date < since || date > today {
                return Ok(());
            }
            let id = rng.id();
            w.life_event(&LifeEventRecord {
                id: &id,
                household_id: hh_id,
                member_id: on,
                kind: kind.key(),
                date,
                pregnancy_order: order,
                expected_birth: hpl,
                school_level: level,
                child_id: child,
                worker_id,
                created_at: &stamp(date),
            })
        };
        let age_then = age_on(p.birth, last_july);
        match p.component {
            Some(Component::Sd) if age_then == 7 => write(
                LifeEventKind::MasukSekolah,
                last_july,
                None,
                None,
                Some("sd"),
                member,
                None,
            )?,
            Some(Component::Smp) if age_then == 13 => write(
                LifeEventKind::NaikJenjang,
                last_july,
                None,
                None,
                None,
                member,
                None,
            )?,
            Some(Component::Sma) if age_then == 16 => write(
                LifeEventKind::NaikJenjang,
                last_july,
                None,
                None,
                None,
                member,
                None,
            )?,
            Some(Component::IbuHamil) => {
                if let (Some(order), Some(hpl)) = (p.pregnancy.order, p.pregnancy.birth) {
                    write(
                        LifeEventKind::Kehamilan,
                        hpl - Duration::days(200),
                        Some(order),
                        Some(hpl),
                        None,
                        member,
                        None,
                    )?;
                }
            }
            Some(Component::AnakUsiaDini) if age_on(p.birth, today) == 0 => {
                if let Some(m) = mother.filter(|m| *m != member) {
                    write(
                        LifeEventKind::Kelahiran,
                        p.birth,
                        None,
                        None,
                        None,
                        m,
                        Some(member),
                    )?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
