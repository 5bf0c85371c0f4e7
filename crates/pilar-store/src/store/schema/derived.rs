//! The month's derived values per household (issue 10 and 11: `p2k2:` and `gagal:` at a
//! million households): each household's P2K2 completion and its longest run of months not
//! met, kept in two local tables by triggers, in the same transaction as whatever write
//! changes them (a form, a merge, a sync pull, a void). The list's filters read them with
//! one key lookup per household instead of grouping every P2K2 session or verification of
//! the scope.
//!
//! The tables are local indexes, like the word index: not records (not declared in
//! `pilar_core::records`, not synced, not in the history), and always recomputable from
//! the records through the two views, which are the definitions. A fresh bulk load (the
//! demo) drops the triggers while it writes and fills the tables at the end
//! ([`DERIVED_FILL`]).

/// The tables, the views that define them, their triggers, and the backfill.
///
/// - `household_p2k2 (household_id, pct)`: a household in a group (not deleted) that has
///   held at least one session, with the percent of those sessions it attended, rounded
///   down (`domain::groups::completion`). Households without are absent.
/// - `household_failing (household_id, run)`: a household with a member (not deleted,
///   with a component) whose latest recorded month (over all the member's rows) is a row of
///   this household, not met: the longest such member's run of consecutive months not met
///   ending there (`domain::verification::not_met_run`). `gagal:ya` with setting N is
///   `run >= N`. Households without are absent.
pub(super) const MIGRATION_DERIVED: &str = r#"
CREATE TABLE IF NOT EXISTS household_p2k2 (
    household_id TEXT PRIMARY KEY,
    pct          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS household_failing (
    household_id TEXT PRIMARY KEY,
    run          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE VIEW IF NOT EXISTS p2k2_completion AS
SELECT h.id AS household_id,
       (SELECT count(*) FROM activity_households ah JOIN activities a ON a.id = ah.activity_id
        WHERE ah.household_id = h.id AND ah.attended = 1 AND a.worker_id = g.worker_id
          AND a.group_name = g.name AND a.kind = 'p2k2' AND a.deleted = 0) * 100
       / (SELECT count(*) FROM activities a
          WHERE a.worker_id = g.worker_id AND a.group_name = g.name AND a.kind = 'p2k2'
            AND a.deleted = 0) AS pct
FROM households h JOIN p2k2_groups g ON g.id = h.group_id AND g.deleted = 0;

CREATE VIEW IF NOT EXISTS failing_member AS
SELECT v.household_id AS household_id, v.member_id AS member_id,
       (SELECT count(*) FROM verifications x
        WHERE x.member_id = v.member_id AND x.outcome = 'tidak_memenuhi'
          AND (SELECT count(*) FROM verifications y
               WHERE y.member_id = v.member_id AND y.outcome = 'tidak_memenuhi'
                 AND y.month >= x.month)
              = (substr(v.month, 1, 4) * 12 + substr(v.month, 6, 2))
                - (substr(x.month, 1, 4) * 12 + substr(x.month, 6, 2)) + 1) AS run
FROM verifications v
JOIN members m ON m.id = v.member_id AND m.deleted = 0 AND m.component IS NOT NULL
WHERE v.outcome = 'tidak_memenuhi'
  AND v.month = (SELECT max(x.month) FROM verifications x WHERE x.member_id = v.member_id);

DELETE FROM household_p2k2;
INSERT INTO household_p2k2 (household_id, pct)
SELECT household_id, pct FROM p2k2_completion WHERE pct IS NOT NULL;
DELETE FROM household_failing;
INSERT INTO household_failing (household_id, run)
SELECT household_id, max(run) FROM failing_member GROUP BY household_id HAVING max(run) > 0;

CREATE TRIGGER IF NOT EXISTS derived_households_insert AFTER INSERT ON households
WHEN NEW.group_id IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id = NEW.id AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_households_group AFTER UPDATE OF group_id ON households
BEGIN
    DELETE FROM household_p2k2 WHERE household_id IN (OLD.id, NEW.id);
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id = NEW.id AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_households_delete AFTER DELETE ON households
BEGIN
    DELETE FROM household_p2k2 WHERE household_id = OLD.id;
    DELETE FROM household_failing WHERE household_id = OLD.id;
END;

CREATE TRIGGER IF NOT EXISTS derived_groups_insert AFTER INSERT ON p2k2_groups
BEGIN
    DELETE FROM household_p2k2
    WHERE household_id IN (SELECT id FROM households WHERE group_id = NEW.id);
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id IN (SELECT id FROM households WHERE group_id = NEW.id)
      AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_groups_update
AFTER UPDATE OF id, worker_id, name, deleted ON p2k2_groups
BEGIN
    DELETE FROM household_p2k2
    WHERE household_id IN (SELECT id FROM households WHERE group_id IN (OLD.id, NEW.id));
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id IN (SELECT id FROM households WHERE group_id IN (OLD.id, NEW.id))
      AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_groups_delete AFTER DELETE ON p2k2_groups
BEGIN
    DELETE FROM household_p2k2
    WHERE household_id IN (SELECT id FROM households WHERE group_id = OLD.id);
END;

CREATE TRIGGER IF NOT EXISTS derived_activities_insert AFTER INSERT ON activities
WHEN NEW.kind = 'p2k2'
BEGIN
    DELETE FROM household_p2k2
    WHERE household_id IN (SELECT h.id FROM p2k2_groups g JOIN households h ON h.group_id = g.id
                           WHERE g.worker_id = NEW.worker_id AND g.name = NEW.group_name
                             AND g.deleted = 0);
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id IN (SELECT h.id FROM p2k2_groups g JOIN households h ON h.group_id = g.id
                           WHERE g.worker_id = NEW.worker_id AND g.name = NEW.group_name
                             AND g.deleted = 0)
      AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_activities_update
AFTER UPDATE OF kind, worker_id, group_name, deleted ON activities
WHEN OLD.kind = 'p2k2' OR NEW.kind = 'p2k2'
BEGIN
    DELETE FROM household_p2k2
    WHERE household_id IN (SELECT h.id FROM p2k2_groups g JOIN households h ON h.group_id = g.id
                           WHERE ((g.worker_id = NEW.worker_id AND g.name = NEW.group_name)
                                  OR (g.worker_id = OLD.worker_id AND g.name = OLD.group_name))
                             AND g.deleted = 0);
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id IN (SELECT h.id FROM p2k2_groups g JOIN households h ON h.group_id = g.id
                           WHERE ((g.worker_id = NEW.worker_id AND g.name = NEW.group_name)
                                  OR (g.worker_id = OLD.worker_id AND g.name = OLD.group_name))
                             AND g.deleted = 0)
      AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_activities_delete AFTER DELETE ON activities
WHEN OLD.kind = 'p2k2'
BEGIN
    DELETE FROM household_p2k2
    WHERE household_id IN (SELECT h.id FROM p2k2_groups g JOIN households h ON h.group_id = g.id
                           WHERE g.worker_id = OLD.worker_id AND g.name = OLD.group_name
                             AND g.deleted = 0);
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id IN (SELECT h.id FROM p2k2_groups g JOIN households h ON h.group_id = g.id
                           WHERE g.worker_id = OLD.worker_id AND g.name = OLD.group_name
                             AND g.deleted = 0)
      AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_attendance_insert AFTER INSERT ON activity_households
WHEN NEW.attended = 1
BEGIN
    DELETE FROM household_p2k2 WHERE household_id = NEW.household_id;
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id = NEW.household_id AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_attendance_update AFTER UPDATE ON activity_households
WHEN OLD.attended IS NOT NEW.attended OR OLD.household_id IS NOT NEW.household_id
  OR OLD.activity_id IS NOT NEW.activity_id
BEGIN
    DELETE FROM household_p2k2 WHERE household_id IN (OLD.household_id, NEW.household_id);
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id IN (OLD.household_id, NEW.household_id) AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_attendance_delete AFTER DELETE ON activity_households
WHEN OLD.attended = 1
BEGIN
    DELETE FROM household_p2k2 WHERE household_id = OLD.household_id;
    INSERT INTO household_p2k2 (household_id, pct)
    SELECT household_id, pct FROM p2k2_completion
    WHERE household_id = OLD.household_id AND pct IS NOT NULL;
END;

CREATE TRIGGER IF NOT EXISTS derived_verifications_insert AFTER INSERT ON verifications
BEGIN
    DELETE FROM household_failing
    WHERE household_id IN (SELECT household_id FROM verifications WHERE member_id = NEW.member_id);
    INSERT INTO household_failing (household_id, run)
    SELECT household_id, max(run) FROM failing_member
    WHERE household_id IN (SELECT household_id FROM verifications WHERE member_id = NEW.member_id)
    GROUP BY household_id HAVING max(run) > 0;
END;

CREATE TRIGGER IF NOT EXISTS derived_verifications_update AFTER UPDATE ON verifications
WHEN OLD.outcome IS NOT NEW.outcome OR OLD.month IS NOT NEW.month
  OR OLD.member_id IS NOT NEW.member_id OR OLD.household_id IS NOT NEW.household_id
BEGIN
    DELETE FROM household_failing
    WHERE household_id IN (SELECT household_id FROM verifications
                           WHERE member_id IN (OLD.member_id, NEW.member_id)
                           UNION SELECT OLD.household_id);
    INSERT INTO household_failing (household_id, run)
    SELECT household_id, max(run) FROM failing_member
    WHERE household_id IN (SELECT household_id FROM verifications
                           WHERE member_id IN (OLD.member_id, NEW.member_id)
                           UNION SELECT OLD.household_id)
    GROUP BY household_id HAVING max(run) > 0;
END;

CREATE TRIGGER IF NOT EXISTS derived_verifications_delete AFTER DELETE ON verifications
BEGIN
    DELETE FROM household_failing
    WHERE household_id IN (SELECT household_id FROM verifications WHERE member_id = OLD.member_id
                           UNION SELECT OLD.household_id);
    INSERT INTO household_failing (household_id, run)
    SELECT household_id, max(run) FROM failing_member
    WHERE household_id IN (SELECT household_id FROM verifications WHERE member_id = OLD.member_id
                           UNION SELECT OLD.household_id)
    GROUP BY household_id HAVING max(run) > 0;
END;

CREATE TRIGGER IF NOT EXISTS derived_members_update
AFTER UPDATE OF id, deleted, component ON members
BEGIN
    DELETE FROM household_failing
    WHERE household_id IN (SELECT household_id FROM verifications
                           WHERE member_id IN (OLD.id, NEW.id));
    INSERT INTO household_failing (household_id, run)
    SELECT household_id, max(run) FROM failing_member
    WHERE household_id IN (SELECT household_id FROM verifications
                           WHERE member_id IN (OLD.id, NEW.id))
    GROUP BY household_id HAVING max(run) > 0;
END;
"#;

/// Fills both tables from the views, as the migration does: a fresh bulk load (the demo)
/// writes with the triggers dropped and runs this once at the end.
pub const DERIVED_FILL: &str = "
DELETE FROM household_p2k2;
INSERT INTO household_p2k2 (household_id, pct)
SELECT household_id, pct FROM p2k2_completion WHERE pct IS NOT NULL;
DELETE FROM household_failing;
INSERT INTO household_failing (household_id, run)
SELECT household_id, max(run) FROM failing_member GROUP BY household_id HAVING max(run) > 0;
";

/// The list's name index with the columns its common terms test (`kunjungan:`,
/// `tindaklanjut:`, `usaha:`, `desil:`, `masuk:`): walking the list in name order, SQLite
/// tests them on the index entry and reads a household's row only when it matches. A term
/// whose matches are sparse along the name order read about 11,000 rows for one page at a
/// million households (`kunjungan:>90 tindaklanjut:terlambat`, 6,449 matches: 119 ms in
/// the SQLite shell, 1 ms with these columns).
pub(super) const MIGRATION_NAME_INDEX: &str = r#"
DROP INDEX IF EXISTS households_name;
CREATE INDEX households_name ON households
    (search_text, id, status, last_visit, next_follow_up, has_business, desil, year_joined)
    WHERE deleted = 0;
"#;
