//! The checks of one row and one entry of a push (moved out of `apply`): a value that
//! fits its column, workers and parents that exist, the author's right to write it, the
//! regency, each refusal quarantined with its reason.

#[allow(unused_imports)]
use super::*;

pub(super) fn refuse_row(
    into: &mut Vec<(Quarantined, Value)>,
    table: &str,
    key: &str,
    wire: &pilar_core::sync::Row,
    r: Refusal,
) {
    into.push((
        Quarantined {
            kind: ItemKind::Row,
            id: key.to_string(),
            table: table.to_string(),
            record_id: key.to_string(),
            code: r.0,
            reason: r.1,
        },
        serde_json::to_value(wire).unwrap_or(Value::Null),
    ));
}

/// The store's `guard`, for one row. `owner` gives a household's facilitator (accepted in
/// this batch: the stream's), `activity_worker` an activity's caseload, `graduation` whether
/// a graduation exists, `group_worker` a P2K2 group's facilitator.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_row(
    table: &str,
    row: &Map<String, Value>,
    old: Option<&Map<String, Value>>,
    known: &HashSet<String>,
    supervisor: bool,
    actor: &str,
    me: &str,
    kab: &str,
    owner: &dyn Fn(&str) -> Option<String>,
    activity_worker: &dyn Fn(&str) -> Option<String>,
    graduation: &dyn Fn(&str) -> bool,
    group_worker: &dyn Fn(&str) -> Option<String>,
) -> Result<(), Refusal> {
    for col in ["worker_id", "author_id"] {
        if let Some(w) = text(row, col)
            && !known.contains(w)
        {
            return Err((
                RejectCode::UnknownWorker,
                format!("{table}.{col}: not a worker the server knows"),
            ));
        }
    }
    let not_mine = || {
        Err((
            RejectCode::NotYourHousehold,
            format!("{table}: the household is another facilitator's"),
        ))
    };
    let note_only = || {
        Err((
            RejectCode::SupervisorNoteOnly,
            format!("{table}: a supervisor writes only supervision notes"),
        ))
    };
    let missing = |what: &str| {
        Err((
            RejectCode::MissingParent,
            format!("{table}: its {what} is not on the server"),
        ))
    };
    // A household this row points at, and its facilitator.
    let household_of = |r: &Map<String, Value>| text(r, "household_id").map(str::to_string);
    match table {
        "households" => {
            if supervisor {
                return note_only();
            }
            let worker = text(row, "worker_id").unwrap_or_default();
            match old {
                Some(o) => {
                    let was = text(o, "worker_id").unwrap_or_default();
                    if was != me {
                        return not_mine();
                    }
                    if worker != was {
                        return Err((
                            RejectCode::WorkerChange,
                            "households.worker_id: a household's facilitator changes only by a transfer".into(),
                        ));
                    }
                }
                None if worker != me => return not_mine(),
                None => {}
            }
            // A family joins only its own facilitator's P2K2 group.
            if let Some(g) = text(row, "group_id") {
                match group_worker(g) {
                    None => return missing("P2K2 group"),
                    Some(w) if w != me => return not_mine(),
                    Some(_) => {}
                }
            }
            let area = text(row, "area_code").unwrap_or_default();
            if !area.is_empty() && !area.starts_with(kab) {
                return Err((
                    RejectCode::OutsideRegency,
                    "households.area_code: another regency than the facilitator's".into(),
                ));
            }
            Ok(())
        }
        // A facilitator's own P2K2 groups, in their own stream.
        "p2k2_groups" => {
            if supervisor {
                return note_only();
            }
            if text(row, "worker_id") != Some(me)
                || old.is_some_and(|o| text(o, "worker_id") != Some(me))
            {
                return not_mine();
            }
            Ok(())
        }
        "members" | "graduations" | "referrals" | "payments" | "verifications" | "life_events" => {
            if supervisor {
                return note_only();
            }
            let Some(h) = household_of(row) else {
                return missing("household");
            };
            match owner(&h) {
                None => return missing("household"),
                Some(w) if w != me => return not_mine(),
                Some(_) => {}
            }
            if let Some(was) = old.and_then(household_of)
                && was != h
                && owner(&was).as_deref() != Some(me)
            {
                return not_mine();
            }
            Ok(())
        }
        "activities" => {
            let worker = text(row, "worker_id").unwrap_or_default();
            let h = household_of(row);
            if let Some(h) = &h {
                match owner(h) {
                    None => return missing("household"),
                    Some(w) if w != me => return not_mine(),
                    Some(_) => {}
                }
            }
            if let Some(g) = text(row, "graduation_id")
                && !graduation(g)
            {
                return missing("graduation");
            }
            if worker != me {
                return not_mine();
            }
            if let Some(o) = old {
                if text(o, "worker_id") != Some(me) {
                    return not_mine();
                }
                if let Some(was) = household_of(o)
                    && owner(&was).as_deref() != Some(me)
                {
                    return not_mine();
                }
            }
            if supervisor {
                let note = |r: &Map<String, Value>| {
                    matches!(text(r, "kind"), Some("catatan" | "direktif"))
                        && text(r, "author_id") == Some(actor)
                        && household_of(r).is_some()
                };
                if !note(row) || old.is_some_and(|o| !note(o) || household_of(o) != h) {
                    return note_only();
                }
            }
            Ok(())
        }
        // A supervisor's sign-off of the stream's facilitator, made and written by the
        // pusher; never changed after.
        "signoffs" => {
            let own = |r: &Map<String, Value>| {
                text(r, "facilitator_id") == Some(me)
                    && text(r, "supervisor_id") == Some(actor)
                    && text(r, "author_id") == Some(actor)
            };
            if !supervisor || !own(row) || old.is_some_and(|o| !own(o)) {
                return Err((
                    RejectCode::SignOffNotAllowed,
                    "signoffs: only a supervisor of the regency, for the stream's facilitator, as its author".into(),
                ));
            }
            Ok(())
        }
        "activity_households" => {
            if supervisor {
                return note_only();
            }
            let a = text(row, "activity_id").unwrap_or_default();
            match activity_worker(a) {
                None => return missing("activity"),
                Some(w) if w != me => return not_mine(),
                Some(_) => {}
            }
            match household_of(row).and_then(|h| owner(&h)) {
                None => missing("household"),
                Some(w) if w != me => not_mine(),
                Some(_) => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// A row the server has, by table and key.
type ServerRow<'m> = dyn Fn(&str, &str) -> Option<&'m Map<String, Value>> + 'm;

/// The store's `guard`, for one entry: its record is accepted in this batch or the
/// server's and in this stream; a supervisor's only on a note they wrote.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_entry<'m>(
    e: &Entry,
    known: &HashSet<String>,
    supervisor: bool,
    actor: &str,
    me: &str,
    accepted: &HashMap<(&'static str, String), Map<String, Value>>,
    refused: &HashSet<(String, String)>,
    server: &ServerRow<'m>,
    owner: &dyn Fn(&str) -> Option<String>,
) -> Result<(), Refusal> {
    let bad = |what: &str| Err((RejectCode::BadValue, format!("entry {what}: not valid")));
    if parse_uuid(&e.id).is_none() {
        return bad("id");
    }
    if parse_uuid(&e.record_id).is_none() {
        return bad("record_id");
    }
    if parse_time(&e.at).is_none() {
        return bad("time");
    }
    if !known.contains(&e.author) {
        return Err((
            RejectCode::UnknownWorker,
            "entry author: not a worker the server knows".into(),
        ));
    }
    // Attendance is logged on its activity.
    let table: &'static str = match e.table.as_str() {
        "activity_households" => "activities",
        t => CASELOAD_TABLES
            .iter()
            .find(|x| **x == t)
            .copied()
            .unwrap_or("households"),
    };
    if refused.contains(&(table.to_string(), e.record_id.clone())) {
        return Err((
            RejectCode::RecordRefused,
            format!("{table}: its record was refused in this push"),
        ));
    }
    let row = match accepted.get(&(table, e.record_id.clone())) {
        Some(r) => r,
        None => match server(table, &e.record_id) {
            Some(r) => r,
            None => {
                return Err((
                    RejectCode::MissingRecord,
                    format!("{table}: the record is neither in the push nor on the server"),
                ));
            }
        },
    };
    let stream_of = match table {
        "households" | "activities" | "p2k2_groups" => text(row, "worker_id").map(str::to_string),
        "signoffs" => text(row, "facilitator_id").map(str::to_string),
        _ => text(row, "household_id").and_then(owner),
    };
    if table == "signoffs" {
        // Only its supervisor writes a sign-off's history.
        if !supervisor || e.author != actor || text(row, "supervisor_id") != Some(actor) {
            return Err((
                RejectCode::SignOffNotAllowed,
                "signoffs: only its supervisor writes its history".into(),
            ));
        }
    }
    if stream_of.as_deref() != Some(me) {
        return Err((
            RejectCode::NotYourHousehold,
            format!("{table}: the record is another facilitator's"),
        ));
    }
    if supervisor && table != "signoffs" {
        let note = table == "activities"
            && matches!(text(row, "kind"), Some("catatan" | "direktif"))
            && text(row, "author_id") == Some(actor)
            && e.author == actor;
        if !note {
            return Err((
                RejectCode::SupervisorNoteOnly,
                "a supervisor writes only supervision notes".into(),
            ));
        }
    }
    if table == "households" && e.field == "worker_id" && e.new.as_deref() != Some(me) {
        return Err((
            RejectCode::WorkerChange,
            "households.worker_id: a household's facilitator changes only by a transfer".into(),
        ));
    }
    Ok(())
}

/// The domain's rules for a column's text or number, beyond its type.
pub(super) fn domain_check(
    table: &str,
    column: &str,
    cell: &Cell,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let key = |ok: bool| {
        if ok {
            Ok(())
        } else {
            Err((
                RejectCode::UnknownKey,
                format!("{table}.{column}: not one of its values"),
            ))
        }
    };
    let list = |s: &str, known: fn(&str) -> bool| {
        key(s
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .all(known))
    };
    let nik = |ok: bool| {
        if ok {
            Ok(())
        } else {
            Err((
                RejectCode::BadNik,
                format!("{table}.{column}: not a valid NIK / No KK"),
            ))
        }
    };
    match (table, column, cell) {
        (_, _, Cell::Null) => Ok(()),
        ("households", "status", Cell::Text(s)) => key(HouseholdStatus::from_key(s).is_some()),
        ("households", "no_kk", Cell::Text(s)) => {
            nik(parse_no_kk(s).is_ok_and(|n| n.as_str() == s))
        }
        ("households", "pengurus_nik", Cell::Text(s)) | ("members", "nik", Cell::Text(s)) => {
            nik(parse_nik(s, today).is_ok_and(|n| n.nik.as_str() == s))
        }
        ("households", "area_code", Cell::Text(s)) => {
            if s.is_empty() || (s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit())) {
                Ok(())
            } else {
                Err((
                    RejectCode::BadValue,
                    "households.area_code: not 10 digits".into(),
                ))
            }
        }
        ("households", "programs", Cell::Text(s)) => {
            list(s, |k| SocialProgram::from_key(k).is_some())
        }
        ("households", "pas_tags", Cell::Text(s)) => list(s, |k| PasTag::from_key(k).is_some()),
        ("households", "desil", Cell::Integer(d)) => key((1..=10).contains(d)),
        ("members", "sex", Cell::Text(s)) => key(Sex::from_key(s).is_some()),
        ("members", "relation", Cell::Text(s)) => key(Relation::from_key(s).is_some()),
        ("members", "component", Cell::Text(s)) => key(Component::from_key(s).is_some()),
        ("activities", "kind", Cell::Text(s)) => key(ActivityKind::from_key(s).is_some()),
        ("activities", "p2k2_module", Cell::Text(s)) => key(P2k2Module::from_key(s).is_some()),
        ("graduations", "kind", Cell::Text(s)) => key(ExitKind::from_key(s).is_some()),
        ("referrals", "program", Cell::Text(s)) => key(Program::from_key(s).is_some()),
        ("referrals", "status", Cell::Text(s)) => key(ReferralStatus::from_key(s).is_some()),
        ("payments", "status", Cell::Text(s)) => key(PaymentStatus::from_key(s).is_some()),
        ("payments", "problem", Cell::Text(s)) => key(PaymentProblem::from_key(s).is_some()),
        ("payments", "tahap", Cell::Integer(t)) => {
            key(u8::try_from(*t).is_ok_and(|t| payment::TAHAP.contains(&t)))
        }
        ("verifications", "outcome", Cell::Text(s)) => {
            key(pilar_core::domain::verification::Outcome::from_key(s).is_some())
        }
        ("verifications", "reason", Cell::Text(s)) => {
            key(s.is_empty()
                || pilar_core::domain::verification::NotMetReason::from_key(s).is_some())
        }
        ("verifications", "month", Cell::Text(s)) => {
            key(pilar_core::domain::verification::Month::parse(s).is_some())
        }
        ("life_events", "kind", Cell::Text(s)) => {
            key(pilar_core::domain::life_event::LifeEventKind::from_key(s).is_some())
        }
        ("life_events", "status", Cell::Text(s)) => {
            key(pilar_core::domain::life_event::EventStatus::from_key(s).is_some())
        }
        ("members", "left_reason", Cell::Text(s)) => {
            key(pilar_core::domain::life_event::LeftReason::from_key(s).is_some())
        }
        ("workers", "role", Cell::Text(s)) => key(Role::from_key(s).is_some()),
        _ => Ok(()),
    }
}
