//! Exports (moved out of `transfer`): every row of one kind in a scope, as typed cells.

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
        let sql = match kind {
            Kind::Households => {
                "SELECT h.id, h.no_kk, h.pengurus_name, h.pengurus_nik, h.address, h.rt, h.rw,
                        h.village, h.kecamatan, h.kabupaten, h.area_code, h.phone, h.desil,
                        h.year_joined, h.programs,
                        CASE h.has_business WHEN 1 THEN 'ya' ELSE 'tidak' END,
                        h.business_desc, h.business_income, h.pas_tags, h.status, h.status_date
                 FROM households h
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY h.id"
            }
            Kind::Members => {
                "SELECT m.id, h.id, h.no_kk, m.nik, m.name, m.sex, m.birth_date, m.relation,
                        m.component, m.pregnancy_order, m.pregnancy_birth
                 FROM members m JOIN households h ON h.id = m.household_id
                 WHERE m.deleted = 0 AND h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1)
                 ORDER BY m.id"
            }
            Kind::Activities => {
                "SELECT a.id, h.id, h.no_kk,
                        (SELECT group_concat(x.no_kk || ':' || x.attended, ' ') FROM
                            (SELECT g.no_kk, l.attended FROM activity_households l
                             JOIN households g ON g.id = l.household_id
                             WHERE l.activity_id = a.id ORDER BY g.no_kk) x),
                        a.kind, a.date, a.summary, a.detail, a.follow_up,
                        CASE a.done WHEN 1 THEN 'ya' ELSE 'tidak' END, a.group_name, a.place,
                        a.p2k2_module, a.p2k2_session, a.graduation_id
                 FROM activities a LEFT JOIN households h ON h.id = a.household_id
                 WHERE a.deleted = 0 AND (?1 IS NULL OR a.worker_id = ?1) ORDER BY a.id"
            }
            Kind::Graduations => {
                "SELECT g.id, h.id, h.no_kk, g.kind, g.date, g.reason, g.evidence,
                        CASE g.undone WHEN 1 THEN 'ya' ELSE 'tidak' END
                 FROM graduations g JOIN households h ON h.id = g.household_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY g.id"
            }
            Kind::Referrals => {
                "SELECT r.id, h.id, h.no_kk, r.program, r.agency, r.date, r.status, r.notes
                 FROM referrals r JOIN households h ON h.id = r.household_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY r.id"
            }
        };
        let cols = kind.columns();
        let mut stmt = self.conn().prepare(sql)?;
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
