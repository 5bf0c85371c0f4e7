//! Sign-offs files (`--what signoffs`, issue 11): each row checked into the sign-off it
//! records, every column of the `signoffs` table. Who the supervisor and facilitator are
//! is the store's to check, against the file's workers.

use super::records::each_record;
use super::*;

/// A sign-off row: every column of `signoffs` (its author is its supervisor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffRecord {
    pub line: usize,
    pub id: String,
    pub supervisor_id: String,
    pub facilitator_id: String,
    pub upto_seq: i64,
    pub upto_hash: String,
    /// Times as the store writes them (UTC, milliseconds, `Z`).
    pub upto_at: String,
    pub note: String,
    pub created_at: String,
    pub updated_at: String,
    pub upto_entry: String,
}

/// A time (RFC 3339) as the store writes them.
fn timestamp(s: &str) -> Result<String, Reason> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        })
        .map_err(|_| Reason::Timestamp)
}

/// A whole number of 0 or more (`12`, or `12.0` as a spreadsheet may give it).
fn count(s: &str) -> Result<i64, Reason> {
    let s = s.trim();
    s.parse::<i64>()
        .ok()
        .or_else(|| {
            s.parse::<f64>()
                .ok()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        })
        .filter(|n| *n >= 0)
        .ok_or(Reason::Number)
}

/// Checks each row of a sign-offs file: an id, the supervisor's and facilitator's ids,
/// the position it reaches and its times; the note and `upto_entry` may be empty.
pub fn signoffs(table: &Table) -> (Vec<SignOffRecord>, Vec<Problem>) {
    let required = [
        Col::Id,
        Col::SupervisorId,
        Col::FacilitatorId,
        Col::UptoSeq,
        Col::UptoAt,
        Col::CreatedAt,
    ];
    each_record(table, &required, |c, id| {
        if id.is_none() && c.text(Col::Id).is_empty() {
            c.fail(Col::Id, Reason::Required);
        }
        let supervisor_id = c.required(Col::SupervisorId);
        let supervisor_id = supervisor_id.and_then(|_| c.id(Col::SupervisorId));
        let facilitator_id = c.required(Col::FacilitatorId);
        let facilitator_id = facilitator_id.and_then(|_| c.id(Col::FacilitatorId));
        let upto_seq = c.req(Col::UptoSeq, count);
        let upto_at = c.req(Col::UptoAt, timestamp);
        let created_at = c.req(Col::CreatedAt, timestamp);
        // Never edited: its update time is its creation's when the file has none.
        let updated_at = c.opt(Col::UpdatedAt, timestamp);
        Some(SignOffRecord {
            line: c.row.line,
            id: id?,
            supervisor_id: supervisor_id?,
            facilitator_id: facilitator_id?,
            upto_seq: upto_seq?,
            upto_hash: c.text(Col::UptoHash),
            upto_at: upto_at?,
            note: c.text(Col::Notes),
            updated_at: updated_at.unwrap_or_else(|| created_at.clone().unwrap_or_default()),
            created_at: created_at?,
            upto_entry: c.text(Col::UptoEntry),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::read_csv;

    const ID: &str = "0b4d2f8e-1c3a-4e5f-8a9b-0c1d2e3f4a5b";
    const SUP: &str = "1b4d2f8e-1c3a-4e5f-8a9b-0c1d2e3f4a5b";
    const FAC: &str = "2b4d2f8e-1c3a-4e5f-8a9b-0c1d2e3f4a5b";

    #[test]
    fn a_sign_off_row_reads_and_a_bad_time_is_named() {
        let t = read_csv(
            format!(
                "id;supervisor_id;facilitator_id;upto_seq;upto_hash;upto_at;catatan;created_at;updated_at;author_id;upto_entry\n\
                 {ID};{SUP};{FAC};12;abc;2026-03-01T08:00:00Z;baik;2026-03-01T09:00:00.000Z;;{SUP};\n\
                 {FAC};{SUP};{FAC};x;abc;kemarin;;2026-03-01T09:00:00.000Z;;;\n"
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(t.kind(), Some(crate::transfer::Kind::SignOffs));
        let (records, problems) = signoffs(&t);
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(r.upto_seq, 12);
        assert_eq!(r.upto_at, "2026-03-01T08:00:00.000Z");
        assert_eq!(r.updated_at, r.created_at);
        assert_eq!(r.note, "baik");
        let at: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.reason.clone()))
            .collect();
        assert_eq!(
            at,
            [
                (3, "upto_seq", Reason::Number),
                (3, "upto_at", Reason::Timestamp)
            ]
        );
    }
}
