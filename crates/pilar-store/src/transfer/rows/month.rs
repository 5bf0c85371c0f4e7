//! Payments per tahap and commitment verifications files (issue 11 "Also"): each row
//! checked into its record with the screens' rules that need no database (the words of
//! statuses, problems, outcomes and reasons; a tahap 1-4; a year PKH has had). The store
//! checks
//! the rest against what is stored: the household's year joined and the tahap's due date
//! (`domain::payment::check`), the member's household, component and birth and a month
//! not begun (`domain::verification::check`).

use super::*;
use pilar_core::domain::payment::{PaymentProblem, PaymentRefusal, PaymentStatus, TAHAP};
use pilar_core::domain::verification::{Month, NotMetReason, Outcome};

/// A payment row: one household's tahap of a year. `None` in `problem` or `note`: the
/// file has no such column, and the stored value stays (a new record gets none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub line: usize,
    /// The id in the file (an export's); the record's own id is the one every copy derives
    /// from household, year and tahap (`store::payment_id`).
    pub id: Option<String>,
    pub household: HouseholdRef,
    pub year: i32,
    pub tahap: u8,
    pub status: PaymentStatus,
    pub problem: Option<Option<PaymentProblem>>,
    pub note: Option<String>,
}

/// A verification row: one member's outcome for a month. `None` in `reason` or `notes`:
/// the file has no such column, and the stored value stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationRecord {
    pub line: usize,
    /// The id in the file (an export's); the record's own id is
    /// `domain::verification::verification_id` of member and month.
    pub id: Option<String>,
    pub household: HouseholdRef,
    pub member_id: String,
    pub month: Month,
    pub outcome: Outcome,
    pub reason: Option<Option<NotMetReason>>,
    pub notes: Option<String>,
}

/// A whole number (`3`, `3.0` from a number cell).
fn whole(s: &str) -> Result<i64, Reason> {
    let t = s.trim();
    let t = t
        .strip_suffix(".0")
        .or_else(|| t.strip_suffix(",0"))
        .unwrap_or(t);
    t.parse().map_err(|_| Reason::Field(FieldError::NotANumber))
}

/// A tahap, 1 to 4 (the `:bayar` refusal's words otherwise).
fn tahap(s: &str) -> Result<u8, Reason> {
    let n = whole(s)?;
    u8::try_from(n)
        .ok()
        .filter(|t| TAHAP.contains(t))
        .ok_or(Reason::Payment(PaymentRefusal::TahapOutOfRange(n)))
}

/// A month as `2026-03` (how pilar writes it), `2026/03`, `03/2026`, `3-2026`, or a whole
/// date (a spreadsheet that took `2026-03` for a date writes `2026-03-01`): its month.
pub fn parse_month(s: &str) -> Result<Month, Reason> {
    let s = s.trim();
    if let Some(m) = Month::parse(s) {
        return Ok(m);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).map(str::trim).collect();
    if let [a, b] = parts[..] {
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
        if digits(a) && digits(b) {
            let (year, month) = if a.len() == 4 { (a, b) } else { (b, a) };
            if year.len() == 4
                && month.len() <= 2
                && let (Ok(y), Ok(m)) = (year.parse(), month.parse())
                && let Some(m) = Month::new(y, m)
            {
                return Ok(m);
            }
        }
        return Err(Reason::Month);
    }
    parse_date(s).map(Month::of).map_err(|_| Reason::Month)
}

/// Payments: household (`id_keluarga` or `no_kk`), `tahun`, `tahap` and `status`
/// required; `masalah_bayar` and `catatan` may be left out.
pub fn payments(table: &Table, today: NaiveDate) -> (Vec<PaymentRecord>, Vec<Problem>) {
    let required = [Col::Year, Col::Tahap, Col::Status];
    records::each_record(table, &required, |c, id| {
        let household = records::need_household(c);
        let year = c.req(Col::Year, |s| {
            YearJoined::parse(s, today)
                .map(YearJoined::get)
                .map_err(Reason::Field)
        });
        let tahap = c.req(Col::Tahap, tahap);
        let status = c.req(Col::Status, |s| {
            choice(s, &PaymentStatus::ALL, PaymentStatus::key)
        });
        let problem = c.given(Col::PayProblem, |s| {
            choice(s, &PaymentProblem::ALL, PaymentProblem::key)
        });
        // A problem beside another status is refused by the store, unless it is the one
        // stored (a merge may leave one there, and an export writes it).
        Some(PaymentRecord {
            line: c.row.line,
            id,
            household,
            year: year?,
            tahap: tahap?,
            status: status?,
            problem,
            note: c.given_text(Col::Notes),
        })
    })
}

/// Verifications: household (`id_keluarga` or `no_kk`), `id_anggota`, `bulan` and `hasil`
/// required; `alasan` and `catatan` may be left out (the member's `nama` is the export's,
/// not read).
pub fn verifications(table: &Table) -> (Vec<VerificationRecord>, Vec<Problem>) {
    let required = [Col::MemberId, Col::Month, Col::Outcome];
    records::each_record(table, &required, |c, id| {
        let household = records::need_household(c);
        let member_id = match c.required(Col::MemberId) {
            Some(_) => c.id(Col::MemberId),
            None => None,
        };
        let month = c.req(Col::Month, parse_month);
        let outcome = c.req(Col::Outcome, |s| choice(s, &Outcome::ALL, Outcome::key));
        let reason = c.given(Col::Reason, |s| {
            choice(s, &NotMetReason::ALL, NotMetReason::key)
        });
        // A reason or notes beside another outcome are refused by the store, unless they are
        // the ones stored (a merge may leave them there, and an export writes them).
        let notes = c.given_text(Col::Notes);
        Some(VerificationRecord {
            line: c.row.line,
            id,
            household,
            member_id: member_id?,
            month: month?,
            outcome: outcome?,
            reason,
            notes,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::read_csv;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    const KK: &str = "3324010101010001";
    const MEMBER: &str = "0b8e7f5e-93a6-4d1c-9a57-2f0c4f5b7a11";

    #[test]
    fn months_as_files_write_them() {
        let m = Month::new(2026, 3).unwrap();
        for s in [
            "2026-03",
            " 2026-03 ",
            "2026/03",
            "03/2026",
            "3-2026",
            "2026-03-01",
            "1 Maret 2026",
        ] {
            assert_eq!(parse_month(s), Ok(m), "{s}");
        }
        for s in ["2026-13", "13/2026", "26-03", "maret", "", "2026", "x-y"] {
            assert_eq!(parse_month(s), Err(Reason::Month), "{s}");
        }
    }

    #[test]
    fn payment_rows_in_either_languages_headers() {
        for header in [
            "id_keluarga;no_kk;tahun;tahap;status;masalah_bayar;catatan",
            "household_id;family_card;year;stage;status;problem;notes",
        ] {
            let csv = format!(
                "{header}\n;{KK};2026;2;tidak_diterima;kartu_diblokir;di bank\n;{KK};2025;4;Diterima;;\n"
            );
            let t = read_csv(csv.as_bytes()).unwrap();
            assert_eq!(t.kind(), Some(crate::transfer::Kind::Payments), "{header}");
            let (records, problems) = payments(&t, today());
            assert!(problems.is_empty(), "{header}: {problems:?}");
            assert_eq!(records.len(), 2);
            let r = &records[0];
            assert_eq!((r.line, r.year, r.tahap), (2, 2026, 2));
            assert_eq!(r.household.no_kk.as_deref(), Some(KK));
            assert_eq!(r.status, PaymentStatus::NotReceived);
            assert_eq!(r.problem, Some(Some(PaymentProblem::CardBlocked)));
            assert_eq!(r.note.as_deref(), Some("di bank"));
            assert_eq!(records[1].status, PaymentStatus::Received);
            assert_eq!(records[1].problem, Some(None));
        }
    }

    #[test]
    fn payment_rows_refused_with_line_column_and_reason() {
        let csv = format!(
            "no_kk;tahun;tahap;status;masalah_bayar\n\
             {KK};2026;5;diterima;\n\
             {KK};2027;1;diterima;\n\
             {KK};1999;1;diterima;\n\
             {KK};2026;1;dibayar;\n\
             {KK};2026;1;tidak_diterima;hilang\n\
             ;2026;1;diterima;\n\
             {KK};2026;t2;diterima;\n"
        );
        let t = read_csv(csv.as_bytes()).unwrap();
        let (records, problems) = payments(&t, today());
        assert!(records.is_empty(), "{records:?}");
        let got: Vec<(usize, &str, &Reason)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_str(), &p.reason))
            .collect();
        let year_range = Reason::Field(FieldError::YearRange { max: 2026 });
        let statuses = Reason::Choice(PaymentStatus::ALL.iter().map(|s| s.key()).collect());
        let problems_words = Reason::Choice(PaymentProblem::ALL.iter().map(|s| s.key()).collect());
        assert_eq!(
            got,
            vec![
                (
                    2,
                    "tahap",
                    &Reason::Payment(PaymentRefusal::TahapOutOfRange(5))
                ),
                (3, "tahun", &year_range),
                (4, "tahun", &year_range),
                (5, "status", &statuses),
                (6, "masalah_bayar", &problems_words),
                (7, "no_kk", &Reason::Required),
                (8, "tahap", &Reason::Field(FieldError::NotANumber)),
            ]
        );
    }

    #[test]
    fn a_payments_file_without_its_required_columns_names_them() {
        let t = read_csv(format!("no_kk;tahap\n{KK};1\n").as_bytes()).unwrap();
        let (_, problems) = payments(&t, today());
        let missing: Vec<&Reason> = problems
            .iter()
            .filter(|p| p.line == 1)
            .map(|p| &p.reason)
            .collect();
        assert_eq!(
            missing,
            vec![
                &Reason::MissingColumn("tahun"),
                &Reason::MissingColumn("status")
            ]
        );
    }

    #[test]
    fn verification_rows_in_either_languages_headers() {
        for header in [
            "no_kk;id_anggota;nama;bulan;hasil;alasan;catatan",
            "family_card;member_id;name;month;outcome;reason;notes",
        ] {
            let csv = format!(
                "{header}\n{KK};{MEMBER};Siti;2026-03;tidak_memenuhi;sakit;demam\n\
                 {KK};{MEMBER};Siti;2026-04;memenuhi;;\n"
            );
            let t = read_csv(csv.as_bytes()).unwrap();
            assert_eq!(t.kind(), Some(crate::transfer::Kind::Verifications));
            let (records, problems) = verifications(&t);
            assert!(problems.is_empty(), "{header}: {problems:?}");
            assert_eq!(records.len(), 2);
            let r = &records[0];
            assert_eq!(r.member_id, MEMBER);
            assert_eq!(r.month, Month::new(2026, 3).unwrap());
            assert_eq!(r.outcome, Outcome::NotMet);
            assert_eq!(r.reason, Some(Some(NotMetReason::Ill)));
            assert_eq!(r.notes.as_deref(), Some("demam"));
            assert_eq!(records[1].outcome, Outcome::Met);
            assert_eq!(records[1].reason, Some(None));
        }
    }

    #[test]
    fn verification_rows_refused_with_line_column_and_reason() {
        let csv = format!(
            "no_kk;id_anggota;bulan;hasil;alasan;catatan\n\
             {KK};{MEMBER};2026-13;memenuhi;;\n\
             {KK};{MEMBER};2026-03;lulus;;\n\
             {KK};{MEMBER};2026-03;tidak_memenuhi;malas;\n\
             {KK};bukan-id;2026-03;memenuhi;;\n\
             {KK};;2026-03;memenuhi;;\n"
        );
        let t = read_csv(csv.as_bytes()).unwrap();
        let (records, problems) = verifications(&t);
        assert!(records.is_empty(), "{records:?}");
        let got: Vec<(usize, &str, &Reason)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_str(), &p.reason))
            .collect();
        let outcomes = Reason::Choice(Outcome::ALL.iter().map(|s| s.key()).collect());
        let reasons = Reason::Choice(NotMetReason::ALL.iter().map(|s| s.key()).collect());
        assert_eq!(
            got,
            vec![
                (2, "bulan", &Reason::Month),
                (3, "hasil", &outcomes),
                (4, "alasan", &reasons),
                (5, "id_anggota", &Reason::BadId),
                (6, "id_anggota", &Reason::Required),
            ]
        );
    }
}
