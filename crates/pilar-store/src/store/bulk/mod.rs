//! Bulk loading: many records written through prepared statements inside one transaction.
//! Used by the demo generator (and later by import); records arrive already validated.
//!
//! Two threads share the work (the machine pilar is measured on has two cores): the caller
//! makes the records and the [`BulkWriter`] encodes them into batches (one text buffer a
//! batch, no allocation per row); a writing thread binds them to the prepared statements
//! and executes them in the transaction ([`apply`]).

mod apply;

use std::marker::PhantomData;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{Result, Store, StoreError};
use apply::{Batch, Op, Statements};

pub struct HouseholdRecord<'a> {
    pub id: &'a str,
    pub worker_id: &'a str,
    pub no_kk: &'a str,
    pub pengurus_name: &'a str,
    pub pengurus_nik: &'a str,
    pub address: &'a str,
    pub rt: &'a str,
    pub rw: &'a str,
    pub village: &'a str,
    pub kecamatan: &'a str,
    pub kabupaten: &'a str,
    pub area_code: &'a str,
    pub phone: &'a str,
    pub desil: Option<u8>,
    pub year_joined: Option<i32>,
    pub programs: &'a str,
    pub has_business: bool,
    pub business_desc: &'a str,
    pub business_income: Option<i64>,
    pub pas_tags: &'a str,
    pub status: &'a str,
    pub status_date: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
    pub next_follow_up: Option<NaiveDate>,
    pub component_count: u32,
    /// Name and village, normalized for search (`filter::normalize`).
    pub search_text: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

pub struct MemberRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub nik: &'a str,
    pub name: &'a str,
    pub sex: &'a str,
    pub birth_date: Option<NaiveDate>,
    pub relation: &'a str,
    pub component: Option<&'a str>,
    pub created_at: &'a str,
    pub author_id: &'a str,
    pub pregnancy: pilar_core::domain::pregnancy::Pregnancy,
}

pub struct ActivityRecord<'a> {
    pub id: &'a str,
    /// `None` for a group activity; its households go through [`BulkWriter::activity_household`].
    pub household_id: Option<&'a str>,
    pub worker_id: &'a str,
    pub kind: &'a str,
    pub date: NaiveDate,
    pub summary: &'a str,
    pub follow_up: Option<NaiveDate>,
    pub done: bool,
    pub group_name: &'a str,
    pub place: &'a str,
    pub p2k2_module: Option<&'a str>,
    pub p2k2_session: Option<u8>,
    pub created_at: &'a str,
}

pub struct GraduationRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub worker_id: &'a str,
    pub kind: &'a str,
    pub date: NaiveDate,
    pub reason: &'a str,
    pub evidence: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

pub struct ReferralRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub program: &'a str,
    pub agency: &'a str,
    pub date: NaiveDate,
    pub status: &'a str,
    pub notes: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

/// One tahap's payment (`payments`).
pub struct PaymentRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub year: i32,
    pub tahap: u8,
    pub status: &'a str,
    pub problem: Option<&'a str>,
    pub note: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

/// A life event as the demo writes it (`life_events`, status `dicatat`).
pub struct LifeEventRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub member_id: &'a str,
    pub kind: &'a str,
    pub date: chrono::NaiveDate,
    pub pregnancy_order: Option<u8>,
    pub expected_birth: Option<chrono::NaiveDate>,
    pub school_level: Option<&'a str>,
    pub child_id: Option<&'a str>,
    pub worker_id: &'a str,
    pub created_at: &'a str,
}

/// The word index of every household at once, as the migration that made it fills it
/// (`SEARCH_INDEX_INSERT`'s two columns). A fresh bulk load writes it at the end: written
/// row by row, the FTS5 table joined the transaction and flushed its pending terms at every
/// later statement (each insert's statement savepoint), about a tenth of the demo's CPU
/// (`perf`, 2026-11-30).
const SEARCH_INDEX_FILL: &str = "INSERT INTO household_search (rowid, first, rest)
     SELECT rowid, substr(search_text, 1, instr(search_text || ' ', ' ') - 1),
            substr(search_text, instr(search_text || ' ', ' ') + 1)
     FROM households";

/// Batches on their way to the writing thread (a few, so the two threads rarely wait on
/// each other and memory stays small).
const BATCHES_IN_FLIGHT: usize = 4;

/// Writes records: each call encodes one row into the current batch, sent to the writing
/// thread when full. An error of the writing thread (a constraint, a full disk) shows here
/// as a stopped writer at the next batch; [`Store::bulk_load`] returns the error itself.
pub struct BulkWriter<'t> {
    batch: Batch,
    to_writer: SyncSender<Batch>,
    spare: Receiver<Batch>,
    _load: PhantomData<&'t ()>,
}

fn stopped() -> StoreError {
    StoreError::Io(std::io::Error::other("the bulk writer stopped"))
}

impl BulkWriter<'_> {
    fn row(&mut self, op: Op) -> &mut Batch {
        self.batch.op(op);
        &mut self.batch
    }

    /// Sends the batch on when it is full.
    fn done(&mut self) -> Result<()> {
        if self.batch.full() {
            self.send(false)?;
        }
        Ok(())
    }

    fn send(&mut self, last: bool) -> Result<()> {
        let next = self.spare.try_recv().unwrap_or_default();
        let mut batch = std::mem::replace(&mut self.batch, next);
        batch.last = last;
        self.to_writer.send(batch).map_err(|_| stopped())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn worker(
        &mut self,
        id: &str,
        name: &str,
        login: &str,
        role: &str,
        annual_target: u32,
        supervisor_id: Option<&str>,
        created_at: &str,
        author_id: &str,
    ) -> Result<()> {
        let b = self.row(Op::Worker);
        b.text(id);
        b.text(name);
        b.text(login);
        b.text(role);
        b.int(annual_target);
        b.opt_text(supervisor_id);
        b.text(created_at);
        b.text(author_id);
        self.done()
    }

    pub fn household(&mut self, h: &HouseholdRecord<'_>) -> Result<()> {
        self.household_in_group(h, None)
    }

    /// A household with its P2K2 group already known (one write instead of the row and
    /// then [`BulkWriter::group_household`]).
    pub fn household_in_group(
        &mut self,
        h: &HouseholdRecord<'_>,
        group_id: Option<&str>,
    ) -> Result<()> {
        let b = self.row(Op::Household);
        b.text(h.id);
        b.text(h.worker_id);
        b.text(h.no_kk);
        b.text(h.pengurus_name);
        b.text(h.pengurus_nik);
        b.text(h.address);
        b.text(h.rt);
        b.text(h.rw);
        b.text(h.village);
        b.text(h.kecamatan);
        b.text(h.kabupaten);
        b.text(h.area_code);
        b.text(h.phone);
        b.opt_int(h.desil);
        b.opt_int(h.year_joined);
        b.text(h.programs);
        b.int(h.has_business);
        b.text(h.business_desc);
        b.opt_int(h.business_income);
        b.text(h.pas_tags);
        b.text(h.status);
        b.opt_date(h.status_date);
        b.opt_date(h.last_visit);
        b.opt_date(h.next_follow_up);
        b.int(h.component_count);
        b.text(h.created_at);
        b.text(h.author_id);
        b.text(h.search_text);
        b.opt_text(group_id);
        self.done()
    }

    pub fn member(&mut self, m: &MemberRecord<'_>) -> Result<()> {
        let b = self.row(Op::Member);
        b.text(m.id);
        b.text(m.household_id);
        b.text(m.nik);
        b.text(m.name);
        b.text(m.sex);
        b.opt_date(m.birth_date);
        b.text(m.relation);
        b.opt_text(m.component);
        b.text(m.created_at);
        b.text(m.author_id);
        b.opt_int(m.pregnancy.order);
        b.opt_date(m.pregnancy.birth);
        self.done()
    }

    pub fn activity(&mut self, a: &ActivityRecord<'_>) -> Result<()> {
        let b = self.row(Op::Activity);
        b.text(a.id);
        b.opt_text(a.household_id);
        b.text(a.worker_id);
        b.text(a.kind);
        b.date(a.date);
        b.text(a.summary);
        b.opt_date(a.follow_up);
        b.int(a.done);
        b.text(a.group_name);
        b.text(a.place);
        b.opt_text(a.p2k2_module);
        b.opt_int(a.p2k2_session);
        b.text(a.created_at);
        self.done()
    }

    pub fn activity_household(
        &mut self,
        activity_id: &str,
        household_id: &str,
        attended: bool,
        created_at: &str,
        author_id: &str,
    ) -> Result<()> {
        let b = self.row(Op::ActivityHousehold);
        b.text(activity_id);
        b.text(household_id);
        b.int(attended);
        b.text(created_at);
        b.text(author_id);
        self.done()
    }

    pub fn graduation(&mut self, g: &GraduationRecord<'_>) -> Result<()> {
        let b = self.row(Op::Graduation);
        b.text(g.id);
        b.text(g.household_id);
        b.text(g.kind);
        b.date(g.date);
        b.text(g.reason);
        b.text(g.evidence);
        b.text(g.created_at);
        b.text(g.author_id);
        b.text(g.worker_id);
        self.done()
    }

    pub fn referral(&mut self, r: &ReferralRecord<'_>) -> Result<()> {
        let b = self.row(Op::Referral);
        b.text(r.id);
        b.text(r.household_id);
        b.text(r.program);
        b.text(r.agency);
        b.date(r.date);
        b.text(r.status);
        b.text(r.notes);
        b.text(r.created_at);
        b.text(r.author_id);
        self.done()
    }

    /// A life event recorded (issue 11 item 2), by its facilitator.
    pub fn life_event(&mut self, e: &LifeEventRecord<'_>) -> Result<()> {
        let b = self.row(Op::LifeEvent);
        b.text(e.id);
        b.text(e.household_id);
        b.text(e.member_id);
        b.text(e.kind);
        b.date(e.date);
        b.opt_int(e.pregnancy_order);
        b.opt_date(e.expected_birth);
        b.opt_text(e.school_level);
        b.opt_text(e.child_id);
        b.text(e.worker_id);
        b.text(e.created_at);
        self.done()
    }

    pub fn payment(&mut self, p: &PaymentRecord<'_>) -> Result<()> {
        let b = self.row(Op::Payment);
        b.text(p.id);
        b.text(p.household_id);
        b.int(p.year);
        b.int(p.tahap);
        b.text(p.status);
        b.opt_text(p.problem);
        b.text(p.note);
        b.text(p.created_at);
        b.text(p.author_id);
        self.done()
    }

    /// A member's commitment verification for a month (issue 11 item 1); its id is the
    /// member's and the month's (`domain::verification::verification_id`, computed here
    /// without its allocations: the same UUID, see the test below).
    #[allow(clippy::too_many_arguments)]
    pub fn verification(
        &mut self,
        household_id: &str,
        member_id: &str,
        month: pilar_core::domain::verification::Month,
        outcome: &str,
        reason: &str,
        created_at: &str,
        author_id: &str,
    ) -> Result<()> {
        let mut id = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let key = month.key();
        let id = verification_id(member_id, &key, &mut id);
        let b = self.row(Op::Verification);
        b.text(id);
        b.text(household_id);
        b.text(member_id);
        b.text(&key);
        b.text(outcome);
        b.text(reason);
        b.text(created_at);
        b.text(author_id);
        self.done()
    }

    /// A facilitator's P2K2 group (written by its facilitator).
    pub fn p2k2_group(
        &mut self,
        id: &str,
        worker_id: &str,
        name: &str,
        place: &str,
        created_at: &str,
    ) -> Result<()> {
        let b = self.row(Op::Group);
        b.text(id);
        b.text(worker_id);
        b.text(name);
        b.text(place);
        b.text(created_at);
        self.done()
    }

    /// A household written before joins a group.
    pub fn group_household(&mut self, household_id: &str, group_id: &str) -> Result<()> {
        let b = self.row(Op::GroupHousehold);
        b.text(household_id);
        b.text(group_id);
        self.done()
    }

    pub fn meta(&mut self, key: &str, value: &str) -> Result<()> {
        let b = self.row(Op::Meta);
        b.text(key);
        b.text(value);
        self.done()
    }
}

/// `domain::verification::verification_id` written into `buf`: the first 16 bytes of the
/// SHA-256 of the member and the month, as a version-8 UUID.
fn verification_id<'b>(member_id: &str, month_key: &str, buf: &'b mut [u8; 36]) -> &'b str {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"pilar-verification\0");
    h.update(member_id.as_bytes());
    h.update(b"\0");
    h.update(month_key.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_custom_bytes(b)
        .into_uuid()
        .hyphenated()
        .encode_lower(buf)
}

/// Turns off SQLite's memory statistics for this process: in SQLCipher's thread-safe build
/// every allocation takes a global lock to count itself (about a tenth of a demo's CPU).
/// Takes effect only before the process's first connection (later it does nothing); for
/// a command that opens nothing else first (`pilar demo`).
pub fn without_memory_statistics() {
    // SAFETY: SQLITE_CONFIG_MEMSTATUS takes one int; sqlite3_config refuses (SQLITE_MISUSE)
    // once SQLite is initialized, and the caller runs it before any other thread uses it.
    unsafe {
        rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int);
    }
}

/// The writing thread: the transaction, the statements, and (in a fresh load) the
/// indexes and derived tables made again at the end.
fn write_side(
    conn: &mut Connection,
    fresh: bool,
    batches: Receiver<Batch>,
    spare: SyncSender<Batch>,
) -> Result<()> {
    let tx = conn.transaction()?;
    let mut indexes: Vec<(String, String)> = Vec::new();
    let mut triggers: Vec<(String, String)> = Vec::new();
    if fresh {
        // The index builds at the end sort with a helper thread.
        tx.execute_batch("PRAGMA threads = 2")?;
        // CHECK constraints are not evaluated row by row either (the caller vouches for its
        // rows, as for references): SQLite builds an `IN (...)` list of more than two
        // values into a temporary index at each run of a statement, i.e. at each row, half
        // of the rows' writing time at 100,000 households. `demo/tests.rs` holds the demo
        // to `PRAGMA quick_check`, which checks them all.
        tx.execute_batch("PRAGMA ignore_check_constraints = ON")?;
        let mut stmt = tx.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL",
        )?;
        indexes = stmt
            .query_map([], |r| Ok((r.get("name")?, r.get("sql")?)))?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        // No trigger has anything to do in a fresh file, and each costs a sub-program
        // run per row: the derived values' would look up indexes that are gone (the
        // tables are filled once at the end instead), the dirty-row ones do nothing
        // until the laptop is enrolled (`sync_state.track` is 0), and the history's guard
        // only refuses changes to history entries, which a bulk load never writes.
        let mut stmt = tx.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")?;
        triggers = stmt
            .query_map([], |r| Ok((r.get("name")?, r.get("sql")?)))?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
    }
    {
        let mut statements = Statements::new(&tx, fresh)?;
        let mut complete = false;
        for mut batch in &batches {
            statements.apply(&tx, &batch)?;
            complete = batch.last;
            batch.clear();
            let _ = spare.try_send(batch);
            if complete {
                break;
            }
        }
        if !complete {
            // The records' side stopped (its error is the one returned): the transaction
            // is rolled back, nothing is kept.
            return Ok(());
        }
    }
    if fresh {
        tx.execute_batch(SEARCH_INDEX_FILL)?;
    }
    for (_, sql) in &indexes {
        tx.execute_batch(sql)?;
    }
    if fresh {
        tx.execute_batch(super::schema::DERIVED_FILL)?;
    }
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    if fresh {
        tx.execute_batch("PRAGMA ignore_check_constraints = OFF")?;
    }
    tx.commit()?;
    Ok(())
}

impl Store {
    /// Runs `fill` with a [`BulkWriter`] inside one transaction: everything is written, or
    /// (if `fill` fails) nothing is. `fill` runs on the calling thread; the rows are
    /// written on another one, as they come.
    ///
    /// In [`OpenMode::FreshBulk`](super::OpenMode) the secondary indexes are dropped first
    /// and rebuilt at the end (sorting once is far faster than millions of random index
    /// inserts), the triggers dropped and made again at the end (none has anything to do
    /// in a new file), and neither foreign keys nor CHECK constraints are checked row by
    /// row: the caller vouches for them.
    pub fn bulk_load<F>(&mut self, fill: F) -> Result<()>
    where
        F: FnOnce(&mut BulkWriter<'_>) -> Result<()>,
    {
        let fresh = self.mode == super::OpenMode::FreshBulk;
        let conn = &mut self.conn;
        let (to_writer, batches) = sync_channel(BATCHES_IN_FLIGHT);
        let (give_back, spare) = sync_channel(BATCHES_IN_FLIGHT);
        std::thread::scope(|s| {
            let writing = s.spawn(move || write_side(conn, fresh, batches, give_back));
            let mut writer = BulkWriter {
                batch: Batch::default(),
                to_writer,
                spare,
                _load: PhantomData,
            };
            let filled = fill(&mut writer).and_then(|()| writer.send(true));
            drop(writer);
            let written = writing.join().unwrap_or_else(|_| {
                Err(StoreError::Io(std::io::Error::other(
                    "bulk writer panicked",
                )))
            });
            // The first cause: the writer's own error if it stopped (the records' side then
            // only saw it stop), else the records'.
            match (filled, written) {
                (_, Err(e)) | (Err(e), Ok(())) => Err(e),
                (Ok(()), Ok(())) => Ok(()),
            }
        })?;
        self.conn.execute_batch("PRAGMA optimize")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use pilar_core::domain::verification::{Month, verification_id};

    use crate::store::{OpenMode, Store, StoreError};

    /// A fresh file for a bulk load, and how many `meta` rows of the load it holds after.
    fn fresh(name: &str) -> (std::path::PathBuf, Store) {
        let dir = std::env::temp_dir().join(format!("pilar-bulk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bulk.db");
        let store = Store::open_with(&path, OpenMode::FreshBulk).unwrap();
        (path, store)
    }

    fn loaded(path: &std::path::Path) -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row(
                "SELECT count(*) AS n FROM meta WHERE key LIKE 'bulk-%'",
                [],
                |r| r.get("n"),
            )
            .unwrap()
    }

    /// Several batches' worth of rows, so some reach the writing thread before the end.
    const ROWS: usize = 10_000;

    #[test]
    fn a_load_whose_records_fail_keeps_nothing_and_returns_their_error() {
        let (path, mut store) = fresh("records");
        let got = store.bulk_load(|w| {
            for i in 0..ROWS {
                w.meta(&format!("bulk-{i}"), "x")?;
            }
            Err(StoreError::NotAllowed)
        });
        assert!(matches!(got, Err(StoreError::NotAllowed)), "{got:?}");
        drop(store);
        assert_eq!(loaded(&path), 0);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_load_whose_writing_fails_keeps_nothing_and_returns_sqlites_error() {
        let (path, mut store) = fresh("writing");
        let got = store.bulk_load(|w| {
            for i in 0..ROWS {
                w.meta(&format!("bulk-{i}"), "x")?;
            }
            // The same primary key twice.
            for _ in 0..2 {
                w.worker(
                    "w1",
                    "Siti",
                    "siti",
                    "facilitator",
                    10,
                    None,
                    "2026-01-01",
                    "w1",
                )?;
            }
            for i in ROWS..2 * ROWS {
                w.meta(&format!("bulk-{i}"), "x")?;
            }
            Ok(())
        });
        assert!(
            matches!(&got, Err(e @ StoreError::Sqlite(_))
                if e.to_string().contains("UNIQUE constraint failed: workers.")),
            "{got:?}"
        );
        drop(store);
        assert_eq!(loaded(&path), 0);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_load_keeps_every_row_in_order() {
        let (path, mut store) = fresh("whole");
        store
            .bulk_load(|w| {
                for i in 0..ROWS {
                    w.meta(&format!("bulk-{i}"), "x")?;
                }
                // A later row of the same key replaces the earlier one: order is kept.
                w.meta("bulk-0", "last")
            })
            .unwrap();
        drop(store);
        assert_eq!(loaded(&path), ROWS as i64);
        let last: String = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT value FROM meta WHERE key = 'bulk-0'", [], |r| {
                r.get("value")
            })
            .unwrap();
        assert_eq!(last, "last");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn the_bulk_verification_id_is_the_domains() {
        let month = Month::of(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        for member in ["0190a1b2-0000-7000-8000-000000000001", "x", ""] {
            let mut buf = [0u8; 36];
            assert_eq!(
                super::verification_id(member, &month.key(), &mut buf),
                verification_id(member, month)
            );
        }
    }
}
