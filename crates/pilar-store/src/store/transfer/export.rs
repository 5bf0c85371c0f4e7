//! Exports (moved out of `transfer`): every row of one kind in a scope, as typed cells.

use pilar_core::records::Role;

use super::*;

impl Store {
    /// Everything of one kind in `scope`, typed cells in [`Kind::columns`] order, by id.
    pub fn export_rows(&self, kind: Kind, scope: &Scope) -> Result<Vec<Vec<Cell>>> {
        self.export_rows_with(kind, scope, &mut |_, _| {})
    }

    /// [`Store::export_rows`], reporting each row read (the total is not known: 0).
    pub fn export_rows_with(
        &self,
        kind: Kind,
        scope: &Scope,
        progress: super::Progress<'_>,
    ) -> Result<Vec<Vec<Cell>>> {
        let worker = match scope {
            Scope::Worker(w) => Some(w.clone()),
            Scope::All => None,
        };
        // The select list comes from the declaration (`Kind::columns`, the same order);
        // only the tables, joins and scope are written here.
        let (alias, from) = match kind {
            Kind::Households => (
                "h",
                "FROM households h
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY h.id",
            ),
            Kind::Members => (
                "m",
                "FROM members m JOIN households h ON h.id = m.household_id
                 WHERE m.deleted = 0 AND h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1)
                 ORDER BY m.id",
            ),
            Kind::Activities => (
                "a",
                "FROM activities a LEFT JOIN households h ON h.id = a.household_id
                 WHERE a.deleted = 0 AND (?1 IS NULL OR a.worker_id = ?1) ORDER BY a.id",
            ),
            Kind::Graduations => (
                "g",
                "FROM graduations g JOIN households h ON h.id = g.household_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY g.id",
            ),
            Kind::Referrals => (
                "r",
                "FROM referrals r JOIN households h ON h.id = r.household_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY r.id",
            ),
            Kind::Payments => (
                "p",
                "FROM payments p JOIN households h ON h.id = p.household_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY p.id",
            ),
            Kind::Verifications => (
                "v",
                "FROM verifications v JOIN households h ON h.id = v.household_id
                 JOIN members m ON m.id = v.member_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY v.id",
            ),
            Kind::Groups => (
                "g",
                "FROM p2k2_groups g
                 WHERE g.deleted = 0 AND (?1 IS NULL OR g.worker_id = ?1) ORDER BY g.id",
            ),
            // By date, so an import applies a pregnancy before its birth.
            Kind::LifeEvents => (
                "e",
                "FROM life_events e JOIN households h ON h.id = e.household_id
                 LEFT JOIN members m ON m.id = e.member_id
                 LEFT JOIN members c ON c.id = e.child_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1)
                 ORDER BY e.date, e.id",
            ),
            // A facilitator's own (or, for a supervisor's scope, their own) sign-offs.
            Kind::SignOffs => (
                "s",
                "FROM signoffs s
                 WHERE (?1 IS NULL OR s.facilitator_id = ?1 OR s.supervisor_id = ?1)
                 ORDER BY s.id",
            ),
        };
        let sql = format!("SELECT {} {from}", select_list(kind, alias));
        let cols = kind.columns();
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([worker], |r| {
            cols.iter()
                .enumerate()
                .map(|(i, col)| Ok(export_cell(*col, r.get::<_, Value>(i)?)))
                .collect::<rusqlite::Result<Vec<Cell>>>()
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row?);
            progress(out.len(), 0);
        }
        Ok(out)
    }
}

/// The export's select list for `kind`, one expression per [`Kind::columns`] entry: a
/// stored column of the kind's table (`alias`), or what the store joins in for a
/// file-only column (the household's No KK as `h`, a group activity's participants, a
/// verified member's name as `m`, a P2K2 group's households).
fn select_list(kind: Kind, alias: &str) -> String {
    let record = pilar_core::records::record(kind.table()).expect("every kind is declared");
    record
        .columns
        .iter()
        .filter_map(|c| Some((c, c.file?)))
        .map(|(c, col)| match (c.role, col) {
            (Role::FileOnly, Col::NoKk) => "h.no_kk".to_string(),
            (Role::FileOnly, Col::Participants) => {
                "(SELECT group_concat(x.no_kk || ':' || x.attended, ' ') FROM
                     (SELECT g.no_kk, l.attended FROM activity_households l
                      JOIN households g ON g.id = l.household_id
                      WHERE l.activity_id = a.id ORDER BY g.no_kk) x)"
                    .to_string()
            }
            (Role::FileOnly, Col::Name) => "m.name".to_string(),
            // A life event's member and a birth's child.
            (Role::FileOnly, Col::Nik) => "m.nik".to_string(),
            (Role::FileOnly, Col::ChildName) => "c.name".to_string(),
            (Role::FileOnly, Col::ChildNik) => "c.nik".to_string(),
            (Role::FileOnly, Col::ChildSex) => "c.sex".to_string(),
            // The group's households still in it, by No KK, space separated.
            (Role::FileOnly, Col::Families) => "(SELECT group_concat(x.no_kk, ' ') FROM
                     (SELECT k.no_kk FROM households k
                      WHERE k.group_id = g.id AND k.deleted = 0 ORDER BY k.no_kk) x)"
                .to_string(),
            (Role::FileOnly, col) => unreachable!("{col:?}: a file-only column with no join"),
            _ => format!("{alias}.{}", c.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A stored value as an export cell: integers are numbers, `ya`/`tidak` columns flags, RT
/// and RW written one way (`003`, as [`RtRw`] stores them, also for older free text that
/// parses), everything else text.
fn export_cell(col: Col, v: Value) -> Cell {
    let ty = if col.is_flag() {
        CellType::Flag
    } else if matches!(v, Value::Integer(_) | Value::Real(_)) {
        CellType::Number
    } else {
        CellType::Text
    };
    let text = match v {
        Value::Null | Value::Blob(_) => String::new(),
        // A flag column is written `ya`/`tidak`.
        Value::Integer(v) if col.is_flag() => if v == 1 { "ya" } else { "tidak" }.to_string(),
        Value::Integer(v) => v.to_string(),
        Value::Real(v) => v.to_string(),
        Value::Text(s) => s,
    };
    let text = match col {
        Col::Rt => RtRw::parse(&text, "").map_or(text, |v| v.rt_key()),
        Col::Rw => RtRw::parse("", &text).map_or(text, |v| v.rw_key()),
        _ => text,
    };
    Cell { text, ty }
}
