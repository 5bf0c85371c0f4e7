//! Import and export labels and problems as text in the user's language, with the core's
//! texts (`i18n::T`): next to the types they describe, so the core never names them.

use pilar_core::domain::Lang;
use pilar_core::i18n::{T, area_code_error, component_violation, field_error, fill, nik_error, tr};

use super::rows::{Problem, Reason};
use super::{Broken, Kind};

/// What an import or export file holds, for messages.
pub fn transfer_kind(lang: Lang, k: Kind) -> &'static str {
    tr(
        lang,
        match k {
            Kind::Households => T::KindHouseholds,
            Kind::Members => T::KindMembers,
            Kind::Activities => T::KindActivities,
            Kind::Graduations => T::KindGraduations,
            Kind::Referrals => T::KindReferrals,
            Kind::Payments => T::KindPayments,
            Kind::Verifications => T::KindVerifications,
            Kind::Groups => T::KindGroups,
            Kind::LifeEvents => T::KindLifeEvents,
            Kind::SignOffs => T::KindSignOffs,
        },
    )
}

/// Why an imported value or row was refused.
pub fn import_reason(lang: Lang, r: &Reason) -> String {
    match r {
        Reason::Broken(Broken::Cells { found, expected }) => {
            fill(tr(lang, T::ReasonCells), &[found, expected])
        }
        Reason::Broken(Broken::Encoding) => tr(lang, T::ReasonEncoding).into(),
        Reason::Broken(Broken::Csv(e)) => fill(tr(lang, T::ReasonCsv), &[e]),
        Reason::MissingColumn(c) => fill(tr(lang, T::ReasonMissingColumn), &[c]),
        Reason::Required => tr(lang, T::ReasonRequired).into(),
        Reason::Nik(e) | Reason::NoKk(e) => nik_error(lang, e),
        Reason::BirthFuture => tr(lang, T::FormBirthFuture).into(),
        Reason::NikDisagrees(pilar_core::domain::nik::NikWarning::SexMismatch { nik, .. }) => fill(
            tr(lang, T::ReasonNikSex),
            &[&match nik {
                pilar_core::domain::Sex::Female => tr(lang, T::SexFemale),
                pilar_core::domain::Sex::Male => tr(lang, T::SexMale),
            }],
        ),
        Reason::NikDisagrees(pilar_core::domain::nik::NikWarning::BirthDateMismatch {
            nik,
            ..
        }) => fill(
            tr(lang, T::ReasonNikBirth),
            &[&pilar_core::domain::format::date_short(lang, *nik)],
        ),
        Reason::Field(e) => field_error(lang, e),
        Reason::AreaCode(e) => area_code_error(lang, e),
        Reason::Date => tr(lang, T::ReasonDate).into(),
        Reason::Choice(keys) => fill(tr(lang, T::ReasonChoice), &[&keys.join(", ")]),
        Reason::DuplicateNoKk { first_line } => fill(tr(lang, T::ReasonDupKk), &[first_line]),
        Reason::DuplicateNik { first_line } => fill(tr(lang, T::ReasonDupNik), &[first_line]),
        Reason::NoHousehold => tr(lang, T::ReasonNoHousehold).into(),
        Reason::Component { violation, members } => fill(
            tr(lang, T::FormComponentRule),
            &[&component_violation(lang, violation, members)],
        ),
        Reason::BadId => tr(lang, T::ReasonBadId).into(),
        Reason::TakenBy(name) => fill(tr(lang, T::ReasonTakenBy), &[name]),
        Reason::TakenElsewhere => tr(lang, T::ReasonTakenElsewhere).into(),
        Reason::OtherCaseload => tr(lang, T::ReasonOtherCaseload).into(),
        Reason::UnknownHousehold => tr(lang, T::ReasonUnknownHousehold).into(),
        Reason::DuplicateId { first_line } => fill(tr(lang, T::ReasonDupId), &[first_line]),
        Reason::MemberRefused { member_line } => {
            fill(tr(lang, T::ReasonMemberRefused), &[member_line])
        }
        Reason::MissingEvidence(keys) => {
            fill(tr(lang, T::ReasonMissingEvidence), &[&keys.join(", ")])
        }
        Reason::RecordOtherCaseload => tr(lang, T::ReasonRecordOtherCaseload).into(),
        Reason::MovesRecord => tr(lang, T::ReasonMovesRecord).into(),
        Reason::ChangesUndone => tr(lang, T::ReasonChangesUndone).into(),
        Reason::ChangesGraduation => tr(lang, T::ReasonChangesGraduation).into(),
        Reason::SupervisorRecord => tr(lang, T::ReasonSupervisorRecord).into(),
        Reason::Month => tr(lang, T::ReasonMonth).into(),
        Reason::OnlyWith(column, value) => fill(tr(lang, T::ReasonOnlyWith), &[column, value]),
        Reason::Payment(why) => pilar_core::i18n::payment::refusal(lang, *why),
        Reason::Verification { member, why } => {
            pilar_core::app::verify::refusal_text(lang, member, *why)
        }
        Reason::UnknownMember => tr(lang, T::ReasonUnknownMember).into(),
        Reason::MemberNotInHousehold => tr(lang, T::ReasonMemberNotInHousehold).into(),
        Reason::DuplicateTahap { first_line } => fill(tr(lang, T::ReasonDupTahap), &[first_line]),
        Reason::DuplicateMonth { first_line } => fill(tr(lang, T::ReasonDupMonth), &[first_line]),
        Reason::LifeEvent(why) => pilar_core::i18n::life_event::refusal(lang, why),
        Reason::ChildExists => tr(lang, T::ReasonChildExists).into(),
        Reason::EventShown => tr(lang, T::ReasonEventShown).into(),
        Reason::GroupName(pilar_core::domain::groups::NameError::Empty) => {
            tr(lang, T::ReasonRequired).into()
        }
        Reason::GroupName(pilar_core::domain::groups::NameError::TooLong) => fill(
            tr(lang, T::ReasonGroupNameTooLong),
            &[&pilar_core::domain::groups::NAME_MAX],
        ),
        Reason::GroupNameTaken => tr(lang, T::ReasonGroupNameTaken).into(),
        Reason::GroupNotYours => tr(lang, T::MsgGroupNotYours).into(),
        Reason::FamilyTwice { first_line } => fill(tr(lang, T::ReasonFamilyTwice), &[first_line]),
        Reason::GroupMoves { from, to } => fill(tr(lang, T::ReasonGroupMoves), &[from, to]),
        Reason::Timestamp => tr(lang, T::ReasonTimestamp).into(),
        Reason::Number => tr(lang, T::ReasonNumber).into(),
        Reason::NotSupervisor => tr(lang, T::ReasonNotSupervisor).into(),
        Reason::NotFacilitator => tr(lang, T::ReasonNotFacilitator).into(),
        Reason::SignOffOtherCaseload => tr(lang, T::ReasonSignOffOtherCaseload).into(),
    }
}

/// One import problem as a line: where (the sheet or file when the import reads more
/// than one), the value, and why. Every part from the file is made inert.
pub fn import_problem(lang: Lang, p: &Problem) -> String {
    use super::Place;
    use pilar_core::domain::text::{clean, neutralize};
    let why = import_reason(lang, &p.reason);
    let place = p.place.as_ref().map(|place| match place {
        Place::Sheet(name) => (true, neutralize(name)),
        Place::File(name) => (false, neutralize(name)),
    });
    let line = &p.line;
    let text = if p.column.is_empty() {
        match &place {
            None => fill(tr(lang, T::ImportProblemRow), &[line, &why]),
            Some((true, name)) => fill(tr(lang, T::ImportProblemSheetRow), &[name, line, &why]),
            Some((false, name)) => fill(tr(lang, T::ImportProblemFileRow), &[name, line, &why]),
        }
    } else {
        let value = format!("\"{}\"", clean(&p.value));
        let column = clean(&p.column);
        match &place {
            None => fill(tr(lang, T::ImportProblemAt), &[line, &column, &value, &why]),
            Some((true, name)) => fill(
                tr(lang, T::ImportProblemSheetAt),
                &[name, line, &column, &value, &why],
            ),
            Some((false, name)) => fill(
                tr(lang, T::ImportProblemFileAt),
                &[name, line, &column, &value, &why],
            ),
        }
    };
    neutralize(&text)
}
