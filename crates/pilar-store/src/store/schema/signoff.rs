//! A supervisor's sign-off of a facilitator's records (issue 11 item 8) and the index the
//! review since a sign-off counts with. Kept on the supervisor's laptop: not synced (no
//! `sync_dirty` triggers), and `pilar merge` does not bring another file's (its
//! `upto_seq` names an entry of that file's history).

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
