-- Life events (issue 11 item 2), as on the laptop (pilar-store's MIGRATION_LIFE_EVENTS):
-- one row per event recorded (status dicatat) or per proposal of the calendar dismissed
-- (diabaikan), for a household and usually one member; and the members who left (died or
-- moved away: left_on, left_reason), kept and no longer counted. Distributed by kab_code
-- and colocated with households on Citus; row-level security on kab_code like every
-- caseload table. The kinds and statuses are checked by the sync's apply (check.rs), as the
-- other tables' keys are.
CREATE TABLE life_events (
    kab_code        char(4) NOT NULL,
    id              uuid NOT NULL,
    household_id    uuid NOT NULL,
    member_id       uuid,
    kind            text NOT NULL,
    date            date NOT NULL,
    status          text NOT NULL DEFAULT 'dicatat',
    pregnancy_order smallint CHECK (pregnancy_order BETWEEN 1 AND 20),
    expected_birth  date,
    school_level    text,
    child_id        uuid,
    note            text NOT NULL DEFAULT '',
    worker_id       uuid NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    author_id       uuid NOT NULL,
    caseload_id     uuid NOT NULL,
    row_seq         bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX life_events_stream ON life_events (kab_code, caseload_id, row_seq);
CREATE INDEX life_events_household ON life_events (kab_code, household_id);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        PERFORM create_distributed_table('life_events', 'kab_code', colocate_with => 'households');
    END IF;
END $$;

ALTER TABLE life_events ADD FOREIGN KEY (kab_code, household_id)
    REFERENCES households (kab_code, id);
ALTER TABLE life_events ADD FOREIGN KEY (kab_code, member_id) REFERENCES members (kab_code, id);
ALTER TABLE life_events ADD FOREIGN KEY (kab_code, child_id) REFERENCES members (kab_code, id);
ALTER TABLE life_events ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE life_events ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE life_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_kab ON life_events TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);

ALTER TABLE members ADD COLUMN left_on date;
ALTER TABLE members ADD COLUMN left_reason text;
