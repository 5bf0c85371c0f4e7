//! A supervisor's sign-off of a facilitator's records (issue 11 item 8) and the index the
//! review since a sign-off counts with. Sign-offs were first kept on the supervisor's
//! laptop; since migration 16 they travel (synced in the facilitator's stream, brought by
//! `pilar merge`), naming the entry they reach by its id.

/// `signoffs`: who signed off whose records, up to which history entry (its `seq`, `hash`
/// and time), with a note. `review_index`: one row per history entry (filled by
/// `Store::index_history`, never by a write): the facilitator whose caseload it touched
/// (NULL for a supervisor's entry or one of no caseload), its household, its kind and the
/// record it counts as (a household for its members' entries). Idempotent, so a test may
/// rewind the migrations before it.
pub(super) const MIGRATION_SIGNOFFS: &str = r#"
CREATE TABLE IF NOT EXISTS signoffs (
    id             TEXT PRIMARY KEY,
    supervisor_id  TEXT NOT NULL REFERENCES workers(id),
    facilitator_id TEXT NOT NULL REFERENCES workers(id),
    upto_seq       INTEGER NOT NULL CHECK (upto_seq >= 0),
    upto_hash      TEXT NOT NULL,
    upto_at        TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    author_id      TEXT NOT NULL REFERENCES workers(id)
) STRICT;

CREATE INDEX IF NOT EXISTS signoffs_facilitator ON signoffs (facilitator_id, upto_seq);

CREATE TABLE IF NOT EXISTS review_index (
    seq          INTEGER PRIMARY KEY,
    worker_id    TEXT,
    household_id TEXT,
    kind         TEXT NOT NULL,
    rec          TEXT NOT NULL
) STRICT;

CREATE INDEX IF NOT EXISTS review_index_worker ON review_index (worker_id, seq, kind, rec);
-- A facilitator never signed off: every entry of theirs, by kind and record in order, so
-- the distinct records are counted without sorting.
CREATE INDEX IF NOT EXISTS review_index_kind ON review_index (worker_id, kind, rec);
"#;

/// `review_latest`: for each facilitator, kind and record counted, the last history entry
/// (`seq`) that touched it, kept by `Store::index_history` beside `review_index`. The
/// records changed after a sign-off are those whose last entry is after it, so the team
/// screen's counts read one row per record (a range of `(worker_id, seq)`) instead of every
/// entry since the sign-off, and need no DISTINCT. Filled from `review_index` here; the
/// index of `review_index` by kind served only the counts and goes. `review_totals` keeps
/// the number of those rows per facilitator and kind (a facilitator never signed off).
/// Idempotent.
pub(super) const MIGRATION_REVIEW_LATEST: &str = r#"
CREATE TABLE IF NOT EXISTS review_latest (
    worker_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    rec       TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (worker_id, kind, rec)
) STRICT, WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS review_latest_since ON review_latest (worker_id, seq, kind);

INSERT OR REPLACE INTO review_latest (worker_id, kind, rec, seq)
SELECT worker_id, kind, rec, max(seq) FROM review_index
WHERE worker_id IS NOT NULL
GROUP BY worker_id, kind, rec;

-- Per facilitator and kind, the records counted (the rows above), and `household_only`:
-- households changed but not added (counted as changed), so a facilitator never signed
-- off is counted from a few rows.
CREATE TABLE IF NOT EXISTS review_totals (
    worker_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (worker_id, kind)
) STRICT, WITHOUT ROWID;

INSERT OR REPLACE INTO review_totals (worker_id, kind, n)
SELECT worker_id, kind, count(*) FROM review_latest GROUP BY worker_id, kind;

INSERT OR REPLACE INTO review_totals (worker_id, kind, n)
SELECT l.worker_id, 'household_only', count(*) FROM review_latest l
WHERE l.kind = 'household'
  AND NOT EXISTS (SELECT 1 FROM review_latest a
                  WHERE a.worker_id = l.worker_id AND a.kind = 'added' AND a.rec = l.rec)
GROUP BY l.worker_id;

DROP INDEX IF EXISTS review_index_kind;
"#;

/// Sign-offs travel (migration 16): `upto_entry`, the id of the facilitator's last history
/// entry the sign-off covers (at or before `upto_seq`), '' when it covered none of theirs.
/// `upto_seq` names an entry of the file where the sign-off was made; the id names the same
/// entry on every laptop (see `store/review.rs`, `sign_off_position`). Rows made before are
/// given theirs from the review index as it stands (on the file where they were made their
/// `upto_seq` still decides, by its hash). And the `sync_dirty` triggers: a sign-off is a
/// synced record, pushed by the supervisor into the facilitator's caseload stream.
pub(super) const MIGRATION_SIGNOFF_TRAVEL: &str = r#"
ALTER TABLE signoffs ADD COLUMN upto_entry TEXT NOT NULL DEFAULT '';

UPDATE signoffs SET upto_entry = coalesce(
    (SELECT c.id FROM review_index r JOIN change_log c ON c.seq = r.seq
     WHERE r.worker_id = signoffs.facilitator_id AND r.seq <= signoffs.upto_seq
     ORDER BY r.seq DESC LIMIT 1), '');

CREATE TRIGGER IF NOT EXISTS sync_dirty_signoffs_insert AFTER INSERT ON signoffs
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('signoffs', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_signoffs_update AFTER UPDATE ON signoffs
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.supervisor_id IS NOT NEW.supervisor_id
       OR OLD.facilitator_id IS NOT NEW.facilitator_id
       OR OLD.upto_seq IS NOT NEW.upto_seq
       OR OLD.upto_hash IS NOT NEW.upto_hash
       OR OLD.upto_at IS NOT NEW.upto_at
       OR OLD.note IS NOT NEW.note
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id
       OR OLD.upto_entry IS NOT NEW.upto_entry)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('signoffs', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;
"#;
