//! Activities, graduations and referrals files (moved out of `rows` unchanged): each row
//! checked into its record, every problem named.

use super::*;

/// Checks each row of an activities, graduations or referrals file: the file's breakage
/// and missing required columns first, then every row through `check`, given its id
/// (unique in the file). A row that collected any problem gives no record.
pub(super) fn each_record<T>(
    table: &Table,
    required: &[Col],
    mut check: impl FnMut(&mut RowCheck<'_, '_>, Option<String>) -> Option<T>,
) -> (Vec<T>, Vec<Problem>) {
    let cells = Cells::new(table);
    let mut problems = broken(&cells);
    problems.extend(cells.missing(required));
    let mut out = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut c = RowCheck {
            cells: &cells,
            row,
            problems: Vec::new(),
        };
        let id = c.unique_id(&mut ids);
        let record = check(&mut c, id);
        let failed = !c.problems.is_empty();
        problems.append(&mut c.problems);
        if let (Some(record), false) = (record, failed) {
            out.push(record);
        }
    }
    (out, problems)
}

/// Activities (one household, or a group with its participants and attendance).
pub fn activities(table: &Table) -> (Vec<ActivityRecord>, Vec<Problem>) {
    let required = [Col::ActivityKind, Col::Date, Col::Summary];
    each_record(table, &required, |c, id| {
        let household = c.household_ref();
        let participants = c
            .opt(Col::Participants, |s| {
                s.split_whitespace()
                    .map(|p| {
                        let (who, att) = p.split_once(':').unwrap_or((p, "1"));
                        match att {
                            "1" => Ok((who.to_string(), true)),
                            "0" => Ok((who.to_string(), false)),
                            _ => Err(Reason::Choice(vec!["NO_KK:1", "NO_KK:0"])),
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_or_default();
        let kind = c.req(Col::ActivityKind, |s| {
            choice(s, &ActivityKind::ALL, ActivityKind::key)
        });
        let date = c.req(Col::Date, parse_date);
        let summary = c.required(Col::Summary);
        let follow_up = c.given(Col::FollowUp, parse_date);
        let done = c.given(Col::Done, yes_no).map(|d| d.unwrap_or(false));
        let module = c.given(Col::Module, |s| {
            choice(s, &P2k2Module::ALL, P2k2Module::key)
        });
        let session = c.given(Col::Session, |s| match number(s) {
            Ok(n @ 1..=99) => Ok(n as u8),
            _ => Err(Reason::Field(FieldError::NotANumber)),
        });
        let graduation_id = c
            .cells
            .has(Col::GraduationId)
            .then(|| c.id(Col::GraduationId));
        let has_household = household.id.is_some() || household.no_kk.is_some();
        if !has_household && participants.is_empty() {
            c.fail(Col::NoKk, Reason::Required);
        }
        Some(ActivityRecord {
            line: c.row.line,
            id,
            household: has_household.then_some(household),
            participants,
            kind: kind?,
            date: date?,
            summary: summary?,
            detail: c.given_text(Col::Detail),
            follow_up,
            done,
            group_name: c.given_text(Col::Group),
            place: c.given_text(Col::Place),
            module,
            session,
            graduation_id,
        })
    })
}

pub(super) fn need_household(c: &mut RowCheck<'_, '_>) -> HouseholdRef {
    let h = c.household_ref();
    if h.id.is_none() && h.no_kk.is_none() && c.text(Col::NoKk).is_empty() {
        c.fail(Col::NoKk, Reason::Required);
    }
    h
}

pub fn graduations(table: &Table) -> (Vec<GraduationRecord>, Vec<Problem>) {
    each_record(table, &[Col::ExitKind, Col::Date], |c, id| {
        let household = need_household(c);
        let kind = c.req(Col::ExitKind, |s| choice(s, &ExitKind::ALL, ExitKind::key));
        let date = c.req(Col::Date, parse_date);
        let undone = c.given(Col::Undone, yes_no).map(|u| u.unwrap_or(false));
        let evidence = c.text(Col::Evidence);
        if let Some(kind) = kind {
            // The form's rule: evidence keys, matched ignoring case and punctuation.
            let given: Vec<&str> = evidence
                .split([',', ';', '/', '|'])
                .filter_map(|part| {
                    let part = crate::transfer::normalize_header(part);
                    EVIDENCE
                        .into_iter()
                        .find(|k| crate::transfer::normalize_header(k) == part)
                })
                .collect();
            let missing = missing_evidence(kind, &given);
            if !missing.is_empty() {
                c.fail(Col::Evidence, Reason::MissingEvidence(missing));
            }
        }
        Some(GraduationRecord {
            line: c.row.line,
            id,
            household,
            kind: kind?,
            date: date?,
            reason: c.given_text(Col::Reason),
            evidence: c.cells.has(Col::Evidence).then_some(evidence),
            undone,
        })
    })
}

pub fn referrals(table: &Table) -> (Vec<ReferralRecord>, Vec<Problem>) {
    each_record(table, &[Col::Program, Col::Date], |c, id| {
        let household = need_household(c);
        let program = c.req(Col::Program, |s| choice(s, &Program::ALL, Program::key));
        let date = c.req(Col::Date, parse_date);
        // A referral always has a status: an empty cell, like a missing column, keeps the
        // stored one (a new referral is proposed), as a household's empty status does.
        let status = c
            .given(Col::Status, |s| {
                choice(s, &ReferralStatus::ALL, ReferralStatus::key)
            })
            .flatten();
        Some(ReferralRecord {
            line: c.row.line,
            id,
            household,
            program: program?,
            agency: c.given_text(Col::Agency),
            date: date?,
            status,
            notes: c.given_text(Col::Notes),
        })
    })
}
