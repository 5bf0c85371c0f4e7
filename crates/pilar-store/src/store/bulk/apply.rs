//! The SQLite side of a bulk load: batches of rows, as the [`BulkWriter`](super::BulkWriter)
//! encodes them on the generating thread, bound to the prepared insert statements and
//! executed on the writing thread, inside one transaction.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Statement, Transaction, ffi, params};

use crate::store::Result;

/// Which statement a row goes to (the index into [`Statements::by_op`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Worker,
    Household,
    Member,
    Activity,
    ActivityHousehold,
    Graduation,
    Referral,
    Payment,
    Verification,
    LifeEvent,
    Meta,
    Group,
    GroupHousehold,
}

/// The statements, in [`Op`]'s order, each with its parameters `?1..?N` in the order the
/// writer pushes them.
const SQL: [&str; 13] = [
    "INSERT INTO workers (id, name, login, role, annual_target, supervisor_id,
                          created_at, updated_at, author_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
    "INSERT INTO households (id, worker_id, no_kk, pengurus_name, pengurus_nik,
        address, rt, rw, village, kecamatan, kabupaten, area_code, phone, desil,
        year_joined, programs, has_business, business_desc, business_income,
        pas_tags, status, status_date, last_visit, next_follow_up, component_count,
        created_at, updated_at, author_id, search_text, group_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
             ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?26, ?27, ?28, ?29)",
    "INSERT INTO members (id, household_id, nik, name, sex, birth_date, relation,
                          component, created_at, updated_at, author_id,
                          pregnancy_order, pregnancy_birth)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
    "INSERT INTO activities (id, household_id, worker_id, kind, date, summary,
        follow_up, done, group_name, place, p2k2_module, p2k2_session,
        created_at, updated_at, author_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?3)",
    "INSERT INTO activity_households (activity_id, household_id, attended,
                                      created_at, updated_at, author_id)
     VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
    "INSERT INTO graduations (id, household_id, kind, date, reason, evidence,
                              created_at, updated_at, author_id, worker_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
    "INSERT INTO referrals (id, household_id, program, agency, date, status, notes,
                            created_at, updated_at, author_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
    "INSERT INTO payments (id, household_id, year, tahap, status, problem, note,
                           created_at, updated_at, author_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
    "INSERT INTO verifications (id, household_id, member_id, month, outcome, reason,
                                notes, created_at, updated_at, author_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?7, ?8)",
    "INSERT INTO life_events (id, household_id, member_id, kind, date, status,
        pregnancy_order, expected_birth, school_level, child_id, note, worker_id,
        created_at, updated_at, author_id)
     VALUES (?1, ?2, ?3, ?4, ?5, 'dicatat', ?6, ?7, ?8, ?9, '', ?10, ?11, ?11, ?10)",
    "INSERT INTO meta (key, value) VALUES (?1, ?2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    "INSERT INTO p2k2_groups (id, worker_id, name, place, created_at, updated_at,
                              author_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?2)",
    "UPDATE households SET group_id = ?2 WHERE id = ?1",
];

/// The household statement's `search_text` parameter (0-based), for the word index.
const HOUSEHOLD_SEARCH_TEXT: usize = 27;

/// One parameter: a text is a range of [`Batch::text`].
#[derive(Debug, Clone, Copy)]
pub(super) enum Arg {
    Null,
    Int(i64),
    Text(u32, u32),
}

/// Rows on their way to SQLite: each op with the index of its first argument; all texts
/// in one buffer, so a row costs no allocation of its own.
#[derive(Debug, Default)]
pub(super) struct Batch {
    pub(super) ops: Vec<(Op, u32)>,
    pub(super) args: Vec<Arg>,
    pub(super) text: String,
    /// Everything was written: commit after this batch.
    pub(super) last: bool,
}

impl Batch {
    pub(super) fn clear(&mut self) {
        self.ops.clear();
        self.args.clear();
        self.text.clear();
        self.last = false;
    }

    pub(super) fn full(&self) -> bool {
        self.ops.len() >= 4096 || self.text.len() >= (1 << 20)
    }

    pub(super) fn op(&mut self, op: Op) {
        self.ops.push((op, self.args.len() as u32));
    }

    pub(super) fn text(&mut self, s: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.args.push(Arg::Text(start, self.text.len() as u32));
    }

    pub(super) fn opt_text(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text(s),
            None => self.args.push(Arg::Null),
        }
    }

    pub(super) fn int(&mut self, v: impl Into<i64>) {
        self.args.push(Arg::Int(v.into()));
    }

    pub(super) fn opt_int(&mut self, v: Option<impl Into<i64>>) {
        self.args.push(v.map_or(Arg::Null, |v| Arg::Int(v.into())));
    }

    /// A date as SQLite stores it (`YYYY-MM-DD`, what chrono's `ToSql` writes).
    pub(super) fn date(&mut self, d: NaiveDate) {
        let start = self.text.len() as u32;
        let (y, m, day) = (d.year(), d.month(), d.day());
        if (0..=9999).contains(&y) {
            let y = y as u32;
            for digit in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
                self.text.push(char::from(b'0' + digit as u8));
            }
            self.text.push('-');
            self.text.push(char::from(b'0' + (m / 10) as u8));
            self.text.push(char::from(b'0' + (m % 10) as u8));
            self.text.push('-');
            self.text.push(char::from(b'0' + (day / 10) as u8));
            self.text.push(char::from(b'0' + (day % 10) as u8));
        } else {
            self.text.push_str(&d.format("%F").to_string());
        }
        self.args.push(Arg::Text(start, self.text.len() as u32));
    }

    pub(super) fn opt_date(&mut self, d: Option<NaiveDate>) {
        match d {
            Some(d) => self.date(d),
            None => self.args.push(Arg::Null),
        }
    }

    fn str(&self, start: u32, end: u32) -> &str {
        &self.text[start as usize..end as usize]
    }
}

/// One prepared statement, driven through SQLite's C interface so that a text is bound
/// where it lies in the batch (`SQLITE_STATIC`: no copy, no allocation) instead of copied
/// per parameter, as rusqlite's binding does; a large demo binds about 100 million texts.
struct Raw {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
    /// The statement's parameters: a row binds every one (a parameter left out would keep
    /// the previous row's text, whose buffer may be gone).
    params: usize,
}

impl Raw {
    fn prepare(tx: &Transaction<'_>, sql: &str) -> Result<Raw> {
        // SAFETY: the handle is the open connection of `tx`, used on this thread only
        // while the statement lives (it is finalized before the transaction ends).
        let db = unsafe { tx.handle() };
        let mut stmt = std::ptr::null_mut();
        let len = std::ffi::c_int::try_from(sql.len()).unwrap_or(std::ffi::c_int::MAX);
        // SAFETY: `sql` is valid for `len` bytes; `stmt` receives the new statement.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db,
                sql.as_ptr().cast(),
                len,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        let mut raw = Raw {
            db,
            stmt,
            params: 0,
        };
        raw.check(rc)?;
        // SAFETY: a statement just prepared on this connection.
        let n = unsafe { ffi::sqlite3_bind_parameter_count(raw.stmt) };
        raw.params = usize::try_from(n).unwrap_or(0);
        Ok(raw)
    }

    /// SQLite's error for `rc` (not OK or DONE), with its message.
    fn check(&self, rc: std::ffi::c_int) -> Result<()> {
        if rc == ffi::SQLITE_OK || rc == ffi::SQLITE_DONE {
            return Ok(());
        }
        // SAFETY: `db` is open; sqlite3_errmsg returns a NUL-terminated string it owns.
        let msg = unsafe { std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(self.db)) }
            .to_string_lossy()
            .into_owned();
        Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(msg)).into())
    }

    /// Binds `args` (texts from `text`) as `?1..?N`, steps once and resets. The texts are
    /// bound without a copy: `text` outlives the step, and the reset ends their use.
    fn run(&mut self, args: &[Arg], text: &str) -> Result<()> {
        if args.len() != self.params {
            return Err(rusqlite::Error::InvalidParameterCount(args.len(), self.params).into());
        }
        for (k, arg) in args.iter().enumerate() {
            let i = k as std::ffi::c_int + 1;
            if let Arg::Text(a, z) = *arg
                && text.get(a as usize..z as usize).is_none()
            {
                return Err(rusqlite::Error::InvalidParameterName(format!("?{i}")).into());
            }
            // SAFETY: a prepared statement with exactly `args.len()` parameters (checked
            // above, so no parameter keeps an earlier row's text); a text's range lies
            // within `text`, which lives until after the reset.
            let rc = unsafe {
                match *arg {
                    Arg::Null => ffi::sqlite3_bind_null(self.stmt, i),
                    Arg::Int(v) => ffi::sqlite3_bind_int64(self.stmt, i, v),
                    Arg::Text(a, z) => ffi::sqlite3_bind_text(
                        self.stmt,
                        i,
                        text.as_ptr().add(a as usize).cast(),
                        (z - a) as std::ffi::c_int,
                        ffi::SQLITE_STATIC(),
                    ),
                }
            };
            self.check(rc)?;
        }
        // SAFETY: a prepared statement with every parameter bound.
        let rc = unsafe { ffi::sqlite3_step(self.stmt) };
        // SAFETY: as above; the reset makes it ready for the next row.
        unsafe { ffi::sqlite3_reset(self.stmt) };
        self.check(rc)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by this connection and is finalized once.
        unsafe { ffi::sqlite3_finalize(self.stmt) };
    }
}

/// The prepared statements bound to the load's transaction.
pub(super) struct Statements<'t> {
    by_op: Vec<Raw>,
    /// `None` in a fresh bulk load: the word index is filled once at the end.
    search: Option<Statement<'t>>,
}

impl<'t> Statements<'t> {
    pub(super) fn new(tx: &'t Transaction<'_>, fresh: bool) -> Result<Self> {
        let by_op = SQL
            .iter()
            .map(|sql| Raw::prepare(tx, sql))
            .collect::<Result<Vec<_>>>()?;
        let search = if fresh {
            None
        } else {
            Some(tx.prepare(crate::store::list::SEARCH_INDEX_INSERT)?)
        };
        Ok(Statements { by_op, search })
    }

    /// Writes every row of `batch`, in order.
    pub(super) fn apply(&mut self, tx: &Transaction<'_>, batch: &Batch) -> Result<()> {
        for (i, &(op, first)) in batch.ops.iter().enumerate() {
            let end = batch
                .ops
                .get(i + 1)
                .map_or(batch.args.len(), |next| next.1 as usize);
            let args = &batch.args[first as usize..end];
            self.by_op[op as usize].run(args, &batch.text)?;
            if op == Op::Household
                && let Some(search) = &mut self.search
                && let Some(Arg::Text(a, z)) = args.get(HOUSEHOLD_SEARCH_TEXT)
            {
                search.execute(params![tx.last_insert_rowid(), batch.str(*a, *z)])?;
            }
        }
        Ok(())
    }
}
