//! The migration of life events (issue 11 item 2): the `life_events` table with its sync
//! triggers, and the members' `left_on`/`left_reason` (a member who died or moved away
//! stays, no longer counted); the members' update trigger is made again to watch them.

/// Life events: one row per event recorded (`status` `dicatat`), or per proposal of the
/// calendar dismissed (`diabaikan`), for a household and usually one member
/// (`domain::life_event`). The changes an event made are in the members' and the
/// household's own history; this row says what happened and when.
pub(super) const MIGRATION_LIFE_EVENTS: &str = r#"
CREATE TABLE life_events (
    id              TEXT PRIMARY KEY,
    household_id    TEXT NOT NULL REFERENCES households(id),
    member_id       TEXT REFERENCES members(id),
    kind            TEXT NOT NULL CHECK (kind IN ('kehamilan', 'kelahiran', 'kematian',
                        'masuk_sekolah', 'naik_jenjang', 'keluar_sekolah', 'pindah',
                        'ganti_pengurus')),
    date            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'dicatat' CHECK (status IN ('dicatat', 'diabaikan')),
    pregnancy_order INTEGER CHECK (pregnancy_order BETWEEN 1 AND 20),
    expected_birth  TEXT,
    school_level    TEXT CHECK (school_level IN ('sd', 'smp', 'sma')),
    child_id        TEXT REFERENCES members(id),
    note            TEXT NOT NULL DEFAULT '',
    worker_id       TEXT NOT NULL REFERENCES workers(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    author_id       TEXT NOT NULL REFERENCES workers(id)
) STRICT;
CREATE INDEX life_events_household ON life_events (household_id, member_id, kind, date);

ALTER TABLE members ADD COLUMN left_on TEXT;
ALTER TABLE members ADD COLUMN left_reason TEXT CHECK (left_reason IN ('meninggal', 'pindah'));

CREATE TRIGGER IF NOT EXISTS sync_dirty_life_events_insert AFTER INSERT ON life_events
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('life_events', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

CREATE TRIGGER IF NOT EXISTS sync_dirty_life_events_update AFTER UPDATE ON life_events
WHEN (SELECT track FROM sync_state WHERE id = 1) = 1
  AND (OLD.id IS NOT NEW.id
       OR OLD.household_id IS NOT NEW.household_id
       OR OLD.member_id IS NOT NEW.member_id
       OR OLD.kind IS NOT NEW.kind
       OR OLD.date IS NOT NEW.date
       OR OLD.status IS NOT NEW.status
       OR OLD.pregnancy_order IS NOT NEW.pregnancy_order
       OR OLD.expected_birth IS NOT NEW.expected_birth
       OR OLD.school_level IS NOT NEW.school_level
       OR OLD.child_id IS NOT NEW.child_id
       OR OLD.note IS NOT NEW.note
       OR OLD.worker_id IS NOT NEW.worker_id
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('life_events', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;

DROP TRIGGER IF EXISTS sync_dirty_members_update;
CREATE TRIGGER sync_dirty_members_update AFTER UPDATE ON members
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
       OR OLD.left_on IS NOT NEW.left_on
       OR OLD.left_reason IS NOT NEW.left_reason
       OR OLD.deleted IS NOT NEW.deleted
       OR OLD.created_at IS NOT NEW.created_at
       OR OLD.author_id IS NOT NEW.author_id)
BEGIN
    UPDATE sync_state SET dirty_gen = dirty_gen + 1 WHERE id = 1;
    INSERT INTO sync_dirty (table_name, record_id, gen)
    VALUES ('members', NEW.id, (SELECT dirty_gen FROM sync_state WHERE id = 1))
    ON CONFLICT (table_name, record_id) DO UPDATE SET gen = excluded.gen;
END;
"#;
