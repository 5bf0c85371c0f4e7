//! The database schema as an ordered list of migrations. Migration N (1-based) moves a
//! database from `user_version` N-1 to N. Never edit a migration that has shipped: append.

mod derived;
mod life;
mod month;
mod signoff;
pub(super) use derived::DERIVED_FILL;
use derived::{MIGRATION_DERIVED, MIGRATION_NAME_INDEX};
use life::MIGRATION_LIFE_EVENTS;
use month::{MIGRATION_GROUPS, MIGRATION_PAYMENTS, MIGRATION_VERIFICATIONS};
use signoff::{MIGRATION_REVIEW_LATEST, MIGRATION_SIGNOFF_TRAVEL, MIGRATION_SIGNOFFS};

/// `PRAGMA application_id` of every pilar database ("PILR"), so pilar can tell its own files
/// from other SQLite databases.
pub const APPLICATION_ID: i64 = 0x5049_4C52;

pub const MIGRATIONS: &[&str] = &[
    MIGRATION_1,
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_EXIT_KINDS,
    MIGRATION_PREGNANCY,
    MIGRATION_SYNC,
    MIGRATION_PAYMENTS,
    MIGRATION_VERIFICATIONS,
    MIGRATION_GROUPS,
    // It only rebuilds the word index (a test rewinds to just before it, undoing the life
    // events; the migrations after it run again).
    MIGRATION_SEARCH_FIRST_NAME,
    // Issue 11 item 8: the supervisor's sign-offs and the review index (idempotent).
    MIGRATION_SIGNOFFS,
    // Issue 11 item 2: life events and the members who left.
    MIGRATION_LIFE_EVENTS,
    // Issue 11 item 8: the last entry of each record counted since a sign-off (idempotent).
    MIGRATION_REVIEW_LATEST,
    // Issues 10 and 11: each household's P2K2 completion and run of months not met, kept
    // by triggers for `p2k2:` and `gagal:` (idempotent).
    MIGRATION_DERIVED,
    // Issue 10: the name index carries the columns of the list's common terms.
    MIGRATION_NAME_INDEX,
    // Issue 11 item 8: sign-offs travel (the entry they reach by id, sync triggers).
    MIGRATION_SIGNOFF_TRAVEL,
];

const MIGRATION_1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE workers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    login         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('facilitator', 'supervisor')),
    annual_target INTEGER NOT NULL DEFAULT 10 CHECK (annual_target >= 0),
    supervisor_id TEXT REFERENCES workers(id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    author_id     TEXT
) STRICT;

CREATE TABLE households (
    id              TEXT PRIMARY KEY,
    worker_id       TEXT NOT NULL REFERENCES workers(id),
    no_kk           TEXT NOT NULL CHECK (length(no_kk) = 16),
    pengurus_name   TEXT NOT NULL,
    pengurus_nik    TEXT NOT NULL CHECK (length(pengurus_nik) = 16),
    address         TEXT NOT NULL DEFAULT '',
    rt              TEXT NOT NULL DEFAULT '',
    rw              TEXT NOT NULL DEFAULT '',
    village         TEXT NOT NULL,
    kecamatan       TEXT NOT NULL DEFAULT '',
    kabupaten       TEXT NOT NULL DEFAULT '',
    area_code       TEXT NOT NULL DEFAULT '' CHECK (area_code = '' OR length(area_code) = 10),
    phone           TEXT NOT NULL DEFAULT '',
    desil           INTEGER CHECK (desil BETWEEN 1 AND 10),
    year_joined     INTEGER,
    programs        TEXT NOT NULL DEFAULT '',
    has_business    INTEGER NOT NULL DEFAULT 0 CHECK (has_business IN (0, 1)),
    business_desc   TEXT NOT NULL DEFAULT '',
    business_income INTEGER,
    pas_tags        TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'aktif'
                    CHECK (status IN ('aktif', 'calon_graduasi', 'graduasi', 'keluar')),
    status_date     TEXT,
    last_visit      TEXT,
    next_follow_up  TEXT,
    component_count INTEGER NOT NULL DEFAULT 0,
    search_text     TEXT NOT NULL DEFAULT '',
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    author_id       TEXT NOT NULL REFERENCES workers(id)
) STRICT;

-- The list's name order is search_text (the name, lower-cased without diacritics, then the
-- village), so "Sànti" sorts with "Santi".
CREATE INDEX households_worker_name ON households
    (worker_id, search_text, id, status) WHERE deleted = 0;
CREATE INDEX households_name ON households (search_text, id, status) WHERE deleted = 0;
CREATE INDEX households_no_kk ON households (no_kk);
CREATE INDEX households_status ON households (status, worker_id) WHERE deleted = 0;
-- Overdue counts for the gauge read this index alone (status included).
CREATE INDEX households_follow_up ON households (next_follow_up, worker_id, status)
    WHERE deleted = 0;
CREATE INDEX households_nik ON households (pengurus_nik);
CREATE INDEX households_village ON households (lower(village)) WHERE deleted = 0;
CREATE INDEX households_phone ON households (phone) WHERE phone <> '';

-- Word search over name and village (search_text, already lower-cased and without
-- diacritics) for large scopes; rowid = households.rowid. Contentless: it holds only the
-- index, and rows can still be deleted by rowid when a household changes. Prefix indexes
-- for 1 and 2 letters keep the first keystrokes of a search from merging many words.
CREATE VIRTUAL TABLE household_search USING fts5 (
    text, content = '', contentless_delete = 1, detail = none, prefix = '1 2',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE members (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    nik          TEXT NOT NULL CHECK (length(nik) = 16),
    name         TEXT NOT NULL,
    sex          TEXT NOT NULL CHECK (sex IN ('L', 'P')),
    birth_date   TEXT,
    relation     TEXT NOT NULL,
    component    TEXT CHECK (component IN ('ibu_hamil', 'anak_usia_dini', 'sd', 'smp', 'sma',
                                           'disabilitas_berat', 'lansia')),
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id)
) STRICT;

CREATE INDEX members_household ON members (household_id);
CREATE INDEX members_nik ON members (nik);

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    household_id TEXT REFERENCES households(id),
    worker_id    TEXT NOT NULL REFERENCES workers(id),
    kind         TEXT NOT NULL CHECK (kind IN ('kunjungan', 'p2k2', 'verifikasi', 'pemutakhiran',
                    'penyaluran', 'kasus', 'rujukan', 'asesmen_graduasi', 'koordinasi',
                    'direktif', 'catatan')),
    date         TEXT NOT NULL,
    summary      TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    follow_up    TEXT,
    done         INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    group_name   TEXT NOT NULL DEFAULT '',
    place        TEXT NOT NULL DEFAULT '',
    p2k2_module  TEXT,
p2k2_session INTEGER,
    -- Monitoring follow-ups scheduled by a graduation (closed if it is undone).
    graduation_id TEXT REFERENCES graduations(id),
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id)
) STRICT;

-- Newest-first logs order by (date, rowid); the rowid rides in every index for free.
CREATE INDEX activities_household_date ON activities (household_id, date) WHERE deleted = 0;
CREATE INDEX activities_worker_date ON activities (worker_id, date) WHERE deleted = 0;
CREATE INDEX activities_date ON activities (date) WHERE deleted = 0;

-- The households of a group activity (household_id IS NULL on the activity), with attendance.
CREATE TABLE activity_households (
    activity_id  TEXT NOT NULL REFERENCES activities(id),
    household_id TEXT NOT NULL REFERENCES households(id),
    attended     INTEGER NOT NULL DEFAULT 1 CHECK (attended IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id),
    PRIMARY KEY (activity_id, household_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX activity_households_household ON activity_households (household_id);

CREATE TABLE graduations (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    -- The facilitator the graduation counts for: the household's at the time.
    worker_id    TEXT NOT NULL REFERENCES workers(id),
    kind         TEXT NOT NULL CHECK (kind IN ('sejahtera_mandiri', 'alamiah', 'mandiri',
                    'pindah', 'meninggal', 'tidak_layak', 'menolak')),
    date         TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    undone       INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id)
) STRICT;

CREATE INDEX graduations_household ON graduations (household_id);
-- The gauge counts this year's graduations by kind from this index alone.
CREATE INDEX graduations_date ON graduations (date, worker_id, kind) WHERE undone = 0;

CREATE TABLE referrals (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    program      TEXT NOT NULL CHECK (program IN ('pena', 'ppse', 'kube', 'kur', 'mekaar', 'umi',
                    'lainnya')),
    agency       TEXT NOT NULL DEFAULT '',
    date         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('diusulkan', 'diterima', 'berjalan', 'selesai',
                    'ditolak')),
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id)
) STRICT;

CREATE INDEX referrals_household ON referrals (household_id);

-- Every change a person saves: who, when, which record, which field, old and new value.
-- Rows are only ever appended (the triggers refuse UPDATE and DELETE), and each carries
-- the SHA-256 of the one before, so `pilar verify` finds any row changed behind its back.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES workers(id),
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;

CREATE INDEX change_log_record ON change_log (record_id, seq);

-- A form that was open when the terminal went away, offered back at the next start.
CREATE TABLE drafts (
    id         TEXT PRIMARY KEY,
    worker_id  TEXT NOT NULL REFERENCES workers(id),
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES workers(id)
) STRICT;

-- A worker's named filter + sort for the caseload list.
CREATE TABLE saved_views (
    id         TEXT PRIMARY KEY,
    worker_id  TEXT NOT NULL REFERENCES workers(id),
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    sort       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES workers(id),
    UNIQUE (worker_id, name)
) STRICT;
"#;

/// Merging laptops (`pilar merge`): the same field edited differently in two databases is
/// kept here for a person to decide, never overwritten.
const MIGRATION_2: &str = r#"
CREATE TABLE merge_conflicts (
    id           TEXT PRIMARY KEY,
    table_name   TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    -- The household the record belongs to (for the conflicts view), if any.
    household_id TEXT,
    field        TEXT NOT NULL,
    ours         TEXT,
    theirs       TEXT,
    -- The other database, as named on the command line.
    source       TEXT NOT NULL,
    resolved_at  TEXT,
    resolution   TEXT CHECK (resolution IN ('ours', 'theirs')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id),
    CHECK ((resolved_at IS NULL) = (resolution IS NULL))
) STRICT;

CREATE INDEX merge_conflicts_record ON merge_conflicts (record_id, field);
CREATE INDEX merge_conflicts_open ON merge_conflicts (created_at) WHERE resolved_at IS NULL;
"#;

/// Covering indexes for the team roll-up (`store::team`), so a province of a million
/// households and 2,000 facilitators is summed from indexes, without reading table rows.
const MIGRATION_3: &str = r#"
CREATE INDEX households_team ON households (worker_id, status, next_follow_up, last_visit)
    WHERE deleted = 0;
CREATE INDEX activities_team ON activities (date, worker_id, author_id, kind)
    WHERE deleted = 0;
"#;

/// Exits for cause (issue 14): `desil_naik` (DTSEN re-ranked the family above desil 4) and
/// `tidak_memenuhi_komitmen` (commitments not met). Planned as migration 5, after the
/// pregnancy fields' migration 4; whatever its number, it comes after every migration that
/// touches `graduations`.
///
/// SQLite cannot alter a CHECK, so the table is rebuilt in this order: the new table is
/// created, filled, the old one dropped and the new one renamed to the old name. Renaming
/// the old table away first would make SQLite rewrite `activities.graduation_id` to follow
/// it; dropping it leaves that reference naming `graduations`, which the rename gives back.
/// `Store::migrate` runs migrations with foreign keys off (a drop would otherwise delete
/// the rows the follow-ups point at) and checks `foreign_key_check` before it commits. The
/// new table has every column of the old, in order (`SELECT *` fails loudly otherwise).
const MIGRATION_EXIT_KINDS: &str = r#"
CREATE TABLE graduations_new (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    -- The facilitator the graduation counts for: the household's at the time.
    worker_id    TEXT NOT NULL REFERENCES workers(id),
    kind         TEXT NOT NULL CHECK (kind IN ('sejahtera_mandiri', 'alamiah', 'mandiri',
                    'pindah', 'meninggal', 'tidak_layak', 'menolak', 'desil_naik',
                    'tidak_memenuhi_komitmen')),
    date         TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    undone       INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id)
) STRICT;

INSERT INTO graduations_new SELECT * FROM graduations;
DROP TABLE graduations;
ALTER TABLE graduations_new RENAME TO graduations;

CREATE INDEX graduations_household ON graduations (household_id);
-- The gauge counts this year's graduations by kind from this index alone.
CREATE INDEX graduations_date ON graduations (date, worker_id, kind) WHERE undone = 0;
"#;

/// The laptop side of the sync with the central service (issue 13, `pilar sync`).
///
/// - `sync_state` (one row): the enrolment (server, device, token: the database is
///   encrypted when it holds one, as every laptop's is), the pull cursor (`pull_seq`, the
///   caseload stream's seq pulled up to), the anchor the server returned, the local
///   `change_log` seq pushed up to, a push sent without an answer yet (`pending_push`, sent
///   again as it is, same id, before anything new), the last sync and the last error.
///   `track` turns the dirty-row triggers on (enrolled, and no pull being applied).
/// - `sync_known`: the history entries the server holds (their stream seq): pulled, or
///   acknowledged by a push (`origin`). A local entry not in it (nor refused) is unsent.
/// - `sync_dirty`: rows written here since they were last pushed, by triggers on the six
///   caseload tables (rows can change without history: roll-ups, a demo, an import); an
///   UPDATE that changes nothing but `updated_at` (a form saved unchanged) is not a change.
///   `gen` orders the writes, so a row written again while its push was in flight stays
///   dirty.
/// - `sync_rejects`: entries and rows the server quarantined, with its reason.
/// - `team_cursors`, `team_rollups`: a supervisor's read-only copies (the team pull cursor
///   per facilitator, and the last roll-up as the server sent it).
///
/// Written to run again safely (`IF NOT EXISTS`): a table rebuilt by an earlier migration
/// run again (as `rules.rs` rewinds a file) gets its triggers back.
const MIGRATION_SYNC: &str = r#"
CREATE TABLE IF NOT EXISTS sync_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    server_url   TEXT,
    device_id    TEXT,
    token        TEXT,
    worker_id    TEXT,
    login        TEXT,
    role         TEXT,
    kab_code     TEXT,
    scope        TEXT,
    ca_pem       TEXT,
    pull_seq     INTEGER NOT NULL DEFAULT 0,
    anchor_seq   INTEGER,
    pushed_seq   INTEGER NOT NULL DEFAULT 0,
    pending_push TEXT,
    last_sync    TEXT,
    last_error   TEXT,
    track        INTEGER NOT NULL DEFAULT 0 CHECK (track IN (0, 1)),
    dirty_gen    INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT OR IGNORE INTO sync_state (id) VALUES (1);

CREATE TABLE IF NOT EXISTS sync_known (
    id         TEXT PRIMARY KEY,
    server_seq INTEGER NOT NULL,
    -- Pushed from this laptop, or pulled from the server.
    origin     TEXT NOT NULL CHECK (origin IN ('push', 'pull'))
) STRICT;

CREATE TABLE IF NOT EXISTS sync_dirty (
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    gen        INTEGER NOT NULL,
    PRIMARY KEY (table_name, record_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sync_rejects (
    kind       TEXT NOT NULL CHECK (kind IN ('entry', 'row')),
    id         TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    code       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    push_id    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;

CREATE TABLE IF NOT EXISTS team_cursors (
    worker_id TEXT PRIMARY KEY,
    seq       INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS team_rollups (
    scope      TEXT PRIMARY KEY,
    year       INTEGER NOT NULL,
    body       TEXT NOT NULL,
    fetched_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER IF NOT EXISTS sync_dirty_households_insert AFTER INSERT ON households
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('households', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_households_update AFTER UPDATE ON households
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.worker_id IS NOT NEW.worker_id
       OR OLD.no_kk IS NOT NEW.no_kk
       OR OLD.pengurus_name IS NOT NEW.pengurus_name
       OR OLD.pengurus_nik IS NOT NEW.pengurus_nik
       OR OLD.address IS NOT NEW.address
       OR OLD.rt IS NOT NEW.rt
       OR OLD.rw IS NOT NEW.rw
       OR OLD.village IS NOT NEW.village
       OR OLD.kecamatan IS NOT NEW.kecamatan
       OR OLD.kabupaten IS NOT NEW.kabupaten
       OR OLD.area_code IS NOT NEW.area_code
       OR OLD.phone IS NOT NEW.phone
       OR OLD.desil IS NOT NEW.desil
       OR OLD.year_joined IS NOT NEW.year_joined
       OR OLD.programs IS NOT NEW.programs
       OR OLD.has_business IS NOT NEW.has_business
       OR OLD.business_desc IS NOT NEW.business_desc
       OR OLD.business_income IS NOT NEW.business_income
       OR OLD.pas_tags IS NOT NEW.pas_tags
       OR OLD.status IS NOT NEW.status
       OR OLD.status_date IS NOT NEW.status_date
       OR OLD.last_visit IS NOT NEW.last_visit
       OR OLD.next_follow_up IS NOT NEW.next_follow_up
       OR OLD.component_count IS NOT NEW.component_count
       OR OLD.search_text IS NOT NEW.search_text
       OR OLD.deleted IS NOT NEW.deleted
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('households', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_members_insert AFTER INSERT ON members
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('members', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_members_update AFTER UPDATE ON members
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.nik IS NOT NEW.nik
       OR OLD.name IS NOT NEW.name
       OR OLD.sex IS NOT NEW.sex
       OR OLD.birth_date IS NOT NEW.birth_date
       OR OLD.relation IS NOT NEW.relation
       OR OLD.component IS NOT NEW.component
       OR OLD.pregnancy_order IS NOT NEW.pregnancy_order
       OR OLD.pregnancy_birth IS NOT NEW.pregnancy_birth
       OR OLD.deleted IS NOT NEW.deleted
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('members', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_graduations_insert AFTER INSERT ON graduations
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('graduations', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_graduations_update AFTER UPDATE ON graduations
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.worker_id IS NOT NEW.worker_id
       OR OLD.kind IS NOT NEW.kind
       OR OLD.date IS NOT NEW.date
       OR OLD.reason IS NOT NEW.reason
       OR OLD.evidence IS NOT NEW.evidence
       OR OLD.undone IS NOT NEW.undone
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('graduations', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_activities_insert AFTER INSERT ON activities
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('activities', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_activities_update AFTER UPDATE ON activities
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.worker_id IS NOT NEW.worker_id
       OR OLD.kind IS NOT NEW.kind
       OR OLD.date IS NOT NEW.date
       OR OLD.summary IS NOT NEW.summary
       OR OLD.detail IS NOT NEW.detail
       OR OLD.follow_up IS NOT NEW.follow_up
       OR OLD.done IS NOT NEW.done
       OR OLD.group_name IS NOT NEW.group_name
       OR OLD.place IS NOT NEW.place
       OR OLD.p2k2_module IS NOT NEW.p2k2_module
       OR OLD.p2k2_session IS NOT NEW.p2k2_session
       OR OLD.graduation_id IS NOT NEW.graduation_id
       OR OLD.deleted IS NOT NEW.deleted
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('activities', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_referrals_insert AFTER INSERT ON referrals
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('referrals', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_referrals_update AFTER UPDATE ON referrals
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.program IS NOT NEW.program
       OR OLD.agency IS NOT NEW.agency
       OR OLD.date IS NOT NEW.date
       OR OLD.status IS NOT NEW.status
       OR OLD.notes IS NOT NEW.notes
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('referrals', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_activity_households_insert AFTER INSERT ON activity_households
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('activity_households', NEW.activity_id || ':' || NEW.household_id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_activity_households_update AFTER UPDATE ON activity_households
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.activity_id IS NOT NEW.activity_id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.attended IS NOT NEW.attended
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('activity_households', NEW.activity_id || ':' || NEW.household_id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;
"#;

/// The pregnancy a member's `ibu_hamil` needs (issue 14 section 5): its order (1 for the
/// first; the component covers the first and second only) and its expected (HPL) or actual
/// birth date (the component ends 42 days after it). Both unknown for older records.
const MIGRATION_PREGNANCY: &str = r#"
ALTER TABLE members ADD COLUMN pregnancy_order INTEGER
    CHECK (pregnancy_order BETWEEN 1 AND 20);
ALTER TABLE members ADD COLUMN pregnancy_birth TEXT;
"#;

/// The word index in two columns, the first word of `search_text` (the first name) and the
/// rest, so a search can ask which households match a word *after* the first name (see
/// `store::list`, `Words::Split`). `detail = column`: column filters need it. Rebuilt from
/// the households.
const MIGRATION_SEARCH_FIRST_NAME: &str = r#"
DROP TABLE household_search;
CREATE VIRTUAL TABLE household_search USING fts5 (
    first, rest, content = '', contentless_delete = 1, detail = column,
    prefix = '1 2',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO household_search (rowid, first, rest)
SELECT rowid, substr(search_text, 1, instr(search_text || ' ', ' ') - 1),
       substr(search_text, instr(search_text || ' ', ' ') + 1)
FROM households;
"#;
