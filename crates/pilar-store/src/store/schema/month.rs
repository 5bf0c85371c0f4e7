//! The migrations of the facilitator's month (issue 11): payments per tahap, commitment
//! verification and P2K2 groups, each with its sync triggers (apart, so `schema.rs` stays
//! readable).

/// Payments per tahap (issue 11, item 3): one row per household, year and tahap (1-4), the
/// latest status (`domain::payment`): received, not received with its problem (and a note),
/// or not due. A later status replaces the earlier one in place; the history keeps both.
/// Synced like the other caseload tables (its `sync_dirty` triggers below). No CHECK ties
/// `problem` to `status`: a merge takes fields one by one (a conflict on the status keeps
/// ours while their problem comes along), so a problem beside another status is read as
/// none (`Store::payments_of`).
pub(super) const MIGRATION_PAYMENTS: &str = r#"
CREATE TABLE IF NOT EXISTS payments (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    year         INTEGER NOT NULL CHECK (year BETWEEN 2007 AND 2200),
    tahap        INTEGER NOT NULL CHECK (tahap BETWEEN 1 AND 4),
    status       TEXT NOT NULL CHECK (status IN ('diterima', 'tidak_diterima',
                    'tidak_jatuh_tempo')),
    problem      TEXT CHECK (problem IN ('kartu_diblokir', 'rekening_dormant',
                    'nama_tidak_sesuai', 'tidak_diambil', 'lainnya')),
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id)
) STRICT;

CREATE UNIQUE INDEX IF NOT EXISTS payments_household ON payments (household_id, year, tahap);
-- `bayar:masalah` and the gauge read the problems alone.
CREATE INDEX IF NOT EXISTS payments_problem ON payments (year, household_id)
    WHERE status = 'tidak_diterima';

CREATE TRIGGER IF NOT EXISTS sync_dirty_payments_insert AFTER INSERT ON payments
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('payments', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_payments_update AFTER UPDATE ON payments
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.year IS NOT NEW.year
       OR OLD.tahap IS NOT NEW.tahap
       OR OLD.status IS NOT NEW.status
       OR OLD.problem IS NOT NEW.problem
       OR OLD.note IS NOT NEW.note
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('payments', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;
"#;

/// Commitment verification (issue 11 item 1): one row per member with a component per
/// month (`YYYY-MM`), its outcome (`memenuhi`, `tidak_memenuhi` with a reason, or
/// `tidak_berlaku`). The id is derived from the member and the month
/// (`domain::verification::verification_id`), so two laptops verifying the same member in
/// the same month hold one record; a later outcome replaces the row's values, the history
/// keeps each. Synced like `members` (the dirty-row triggers below).
pub(super) const MIGRATION_VERIFICATIONS: &str = r#"
CREATE TABLE IF NOT EXISTS verifications (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    member_id    TEXT NOT NULL REFERENCES members(id),
    month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    outcome      TEXT NOT NULL CHECK (outcome IN ('memenuhi', 'tidak_memenuhi', 'tidak_berlaku')),
    reason       TEXT NOT NULL DEFAULT '' CHECK (reason IN ('', 'tidak_hadir', 'tidak_periksa',
                    'sakit', 'bepergian', 'lainnya')),
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES workers(id),
    UNIQUE (member_id, month)
) STRICT;

CREATE INDEX IF NOT EXISTS verifications_household ON verifications (household_id, outcome, month);

CREATE TRIGGER IF NOT EXISTS sync_dirty_verifications_insert AFTER INSERT ON verifications
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('verifications', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_verifications_update AFTER UPDATE ON verifications
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.member_id IS NOT NEW.member_id
       OR OLD.month IS NOT NEW.month
       OR OLD.outcome IS NOT NEW.outcome
       OR OLD.reason IS NOT NEW.reason
       OR OLD.notes IS NOT NEW.notes
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('verifications', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;
"#;

/// P2K2 groups that persist (issue 11, item 4): a facilitator's group with its name and
/// place, and each household's group (`households.group_id`: a household is in at most
/// one group at a time). Synced like the caseload's other records; the households'
/// update trigger is made again to watch the new column.
pub(super) const MIGRATION_GROUPS: &str = r#"
CREATE TABLE p2k2_groups (
    id         TEXT PRIMARY KEY,
    worker_id  TEXT NOT NULL REFERENCES workers(id),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    place      TEXT NOT NULL DEFAULT '',
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES workers(id)
) STRICT;
CREATE INDEX p2k2_groups_worker ON p2k2_groups (worker_id, name) WHERE deleted = 0;
ALTER TABLE households ADD COLUMN group_id TEXT;
CREATE INDEX households_group ON households (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX activities_group ON activities (worker_id, group_name) WHERE deleted = 0;

CREATE TRIGGER IF NOT EXISTS sync_dirty_p2k2_groups_insert AFTER INSERT ON p2k2_groups
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('p2k2_groups', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_p2k2_groups_update AFTER UPDATE ON p2k2_groups
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.worker_id IS NOT NEW.worker_id
       OR OLD.name IS NOT NEW.name
       OR OLD.place IS NOT NEW.place
       OR OLD.deleted IS NOT NEW.deleted
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('p2k2_groups', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

DROP TRIGGER sync_dirty_households_update;
CREATE TRIGGER sync_dirty_households_update AFTER UPDATE ON households
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
       OR OLD.group_id IS NOT NEW.group_id
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
"#;
