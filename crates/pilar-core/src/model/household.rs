//! A household's one payload for read and write (issue 10, item 1): [`HouseholdFields`],
//! the fields the household form edits, embedded in what the detail shows
//! ([`HouseholdDetail`]) and in what the form saves ([`HouseholdInput`]), as a member is one
//! [`Member`] for both. And the cells the store writes of them: a household's and a
//! member's stored columns by their declared names (`records::tables`), so the store's
//! INSERT, UPDATE and history are generated from the declaration instead of listed by hand.

use chrono::NaiveDate;

use super::{Graduation, Member, MemberInput, Referral};
use crate::domain::component::ComponentPerson;
use crate::domain::graduation::{HouseholdStatus, PasTag, SocialProgram};
use crate::domain::pregnancy::Pregnancy;
use crate::sync::Cell;

/// A household's own fields, as the household form edits them, the store writes and reads
/// them and the detail shows them (the pengurus's name and NIK are not among them: they
/// are the first member's). Empty (`Default`) is a new household before anything is
/// entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HouseholdFields {
    pub no_kk: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub village: String,
    pub kecamatan: String,
    pub kabupaten: String,
    pub area_code: String,
    pub phone: String,
    pub desil: Option<u8>,
    pub year_joined: Option<i32>,
    pub programs: Vec<SocialProgram>,
    pub has_business: bool,
    pub business_desc: String,
    pub business_income: Option<i64>,
    pub pas: Vec<PasTag>,
}

/// Everything the household detail pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdDetail {
    pub id: String,
    /// What the household form edits.
    pub fields: HouseholdFields,
    pub pengurus_name: String,
    pub pengurus_nik: String,
    pub status: HouseholdStatus,
    pub status_date: Option<NaiveDate>,
    pub worker_name: String,
    /// When the household row last changed (to refuse an edit of a stale copy).
    pub updated_at: String,
    pub last_visit: Option<NaiveDate>,
    pub next_follow_up: Option<NaiveDate>,
    pub members: Vec<Member>,
    pub referrals: Vec<Referral>,
    pub graduations: Vec<Graduation>,
    /// P2K2 sessions the household was present at, of those recorded for it.
    pub p2k2_attended: u32,
    pub p2k2_sessions: u32,
    /// Every tahap recorded for the household, oldest first.
    pub payments: Vec<super::payment::Payment>,
    /// The commitment outcomes of the members with a component, latest months.
    pub verifications: Vec<super::verification::MemberOutcomes>,
    /// The P2K2 group the family is in (`p2k2_groups`), with its completion.
    pub p2k2_group: Option<GroupCompletion>,
    /// The members who left (died or moved away), still listed in `members`.
    pub left: Vec<super::life_event::Departure>,
}

/// A family's P2K2 group and its completion: the sessions it attended of those the group
/// held ([`crate::domain::groups::completion`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCompletion {
    pub name: String,
    pub attended: u32,
    pub held: u32,
}

impl HouseholdDetail {
    /// What the readiness rule reads of this household on `today`
    /// ([`crate::domain::readiness`]).
    pub fn readiness_inputs(
        &self,
        today: NaiveDate,
        rules: &crate::domain::component::ComponentRules,
    ) -> crate::domain::readiness::ReadinessInputs {
        use crate::domain::readiness::{
            ReadinessInputs, commitments_met, components_ending, years_on_pkh,
        };
        use crate::domain::verification::Outcome;
        let people: Vec<ComponentPerson> =
            self.members.iter().map(Member::component_person).collect();
        let (components, ending) = components_ending(&people, today, rules);
        let (met, verified) = commitments_met(
            self.verifications.iter().flat_map(|m| {
                m.months
                    .iter()
                    .filter(|(_, o)| *o != Outcome::NotApplicable)
                    .map(|(month, o)| (*month, *o == Outcome::Met))
            }),
            today,
        );
        let f = &self.fields;
        ReadinessInputs {
            business_income: f.business_income.filter(|_| f.has_business),
            desil: f.desil,
            years: f.year_joined.map(|y| years_on_pkh(y, today)),
            has_business: f.has_business,
            p2k2_attended: self.p2k2_attended,
            p2k2_held: self.p2k2_sessions,
            commitments_met: met,
            commitments_verified: verified,
            components,
            components_ending: ending,
            referral_in_progress: self.referrals.iter().any(|r| r.status.in_progress()),
        }
    }
}

/// A household as entered in the household form (new when `id` is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HouseholdInput {
    pub id: Option<String>,
    /// For an edit: the `updated_at` the form was opened with.
    pub expected_updated_at: Option<String>,
    pub fields: HouseholdFields,
    /// The first member is the pengurus (the benefit's recipient).
    pub members: Vec<MemberInput>,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn int(i: Option<impl Into<i64>>) -> Cell {
    i.map_or(Cell::Null, |i| Cell::Integer(i.into()))
}

fn date(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Null, |d| Cell::Text(d.to_string()))
}

/// A list of keys as stored: comma-separated.
fn keys<K: Copy>(list: &[K], key: fn(K) -> &'static str) -> Cell {
    Cell::Text(list.iter().map(|k| key(*k)).collect::<Vec<_>>().join(","))
}

impl HouseholdInput {
    /// The household's stored columns that the form saves, by their declared names and in
    /// declared order (`records::tables::HOUSEHOLDS.form_columns()`): its fields, and its
    /// pengurus's name and NIK (the first member's). The store writes these and the
    /// history records them.
    pub fn cells(&self) -> Vec<(&'static str, Cell)> {
        // Every field named, so a new one does not compile until it is written.
        let HouseholdFields {
            no_kk,
            address,
            rt,
            rw,
            village,
            kecamatan,
            kabupaten,
            area_code,
            phone,
            desil,
            year_joined,
            programs,
            has_business,
            business_desc,
            business_income,
            pas,
        } = &self.fields;
        let pengurus = self.members.first();
        vec![
            ("no_kk", text(no_kk)),
            ("pengurus_name", text(pengurus.map_or("", |m| &m.name))),
            ("pengurus_nik", text(pengurus.map_or("", |m| &m.nik))),
            ("address", text(address)),
            ("rt", text(rt)),
            ("rw", text(rw)),
            ("village", text(village)),
            ("kecamatan", text(kecamatan)),
            ("kabupaten", text(kabupaten)),
            ("area_code", text(area_code)),
            ("phone", text(phone)),
            ("desil", int(*desil)),
            ("year_joined", int(*year_joined)),
            ("programs", keys(programs, SocialProgram::key)),
            ("has_business", Cell::Integer(i64::from(*has_business))),
            ("business_desc", text(business_desc)),
            ("business_income", int(*business_income)),
            ("pas_tags", keys(pas, PasTag::key)),
        ]
    }
}

impl<Id> Member<Id> {
    /// The member's stored columns that the form saves (all but its id and household), by
    /// their declared names and in declared order (`records::tables::MEMBERS
    /// .form_columns()`).
    pub fn cells(&self) -> Vec<(&'static str, Cell)> {
        let Member {
            id: _,
            nik,
            name,
            sex,
            birth_date,
            relation,
            component,
            pregnancy: Pregnancy { order, birth },
        } = self;
        vec![
            ("nik", text(nik)),
            ("name", text(name)),
            ("sex", text(sex.key())),
            ("birth_date", date(*birth_date)),
            ("relation", text(relation.key())),
            ("component", component.map_or(Cell::Null, |c| text(c.key()))),
            ("pregnancy_order", int(*order)),
            ("pregnancy_birth", date(*birth)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Sex;
    use crate::model::Relation;
    use crate::records::tables::{HOUSEHOLDS, MEMBERS};

    fn names(cells: &[(&'static str, Cell)]) -> Vec<&'static str> {
        cells.iter().map(|(n, _)| *n).collect()
    }

    /// The store writes the cells under their names into the declared columns: the two
    /// lists are one.
    #[test]
    fn the_cells_are_the_declared_form_columns_in_order() {
        let member = MemberInput {
            id: None,
            nik: "3324014101850001".into(),
            name: "Siti".into(),
            sex: Sex::Female,
            birth_date: None,
            relation: Relation::Istri,
            component: None,
            pregnancy: Pregnancy::default(),
        };
        let h = HouseholdInput {
            members: vec![member.clone()],
            ..HouseholdInput::default()
        };
        assert_eq!(
            names(&h.cells()),
            HOUSEHOLDS.form_columns().collect::<Vec<_>>()
        );
        assert_eq!(
            names(&member.cells()),
            MEMBERS.form_columns().collect::<Vec<_>>()
        );
    }

    #[test]
    fn cells_are_stored_values() {
        let birth = NaiveDate::from_ymd_opt(1985, 1, 1).unwrap();
        let member = MemberInput {
            id: None,
            nik: "3324014101850001".into(),
            name: "Siti".into(),
            sex: Sex::Female,
            birth_date: Some(birth),
            relation: Relation::Istri,
            component: Some(crate::domain::component::Component::IbuHamil),
            pregnancy: Pregnancy {
                order: Some(2),
                birth: None,
            },
        };
        let h = HouseholdInput {
            fields: HouseholdFields {
                desil: Some(3),
                programs: vec![SocialProgram::Pkh, SocialProgram::Bpnt],
                has_business: true,
                ..HouseholdFields::default()
            },
            members: vec![member.clone()],
            ..HouseholdInput::default()
        };
        let cell = |cells: Vec<(&'static str, Cell)>, name: &str| {
            cells.into_iter().find(|(n, _)| *n == name).map(|(_, c)| c)
        };
        assert_eq!(cell(h.cells(), "pengurus_name"), Some(text("Siti")));
        assert_eq!(cell(h.cells(), "desil"), Some(Cell::Integer(3)));
        assert_eq!(cell(h.cells(), "year_joined"), Some(Cell::Null));
        assert_eq!(cell(h.cells(), "programs"), Some(text("pkh,bpnt")));
        assert_eq!(cell(h.cells(), "has_business"), Some(Cell::Integer(1)));
        assert_eq!(cell(h.cells(), "pas_tags"), Some(text("")));
        assert_eq!(cell(member.cells(), "sex"), Some(text("P")));
        assert_eq!(cell(member.cells(), "birth_date"), Some(text("1985-01-01")));
        assert_eq!(cell(member.cells(), "component"), Some(text("ibu_hamil")));
        assert_eq!(
            cell(member.cells(), "pregnancy_order"),
            Some(Cell::Integer(2))
        );
        assert_eq!(cell(member.cells(), "pregnancy_birth"), Some(Cell::Null));
    }
}
