-- Commitment verification per member per month (issue 11 item 1), as on the laptop
-- (pilar-store's MIGRATION_VERIFICATIONS): one row per member with a component per month
-- (YYYY-MM). The id is derived from the member and the month, so every laptop names the
-- same record. Distributed by kab_code and colocated with households on Citus; row-level
-- security on kab_code like every caseload table.
CREATE TABLE verifications (
    kab_code     char(4) NOT NULL,
    id           uuid NOT NULL,
    household_id uuid NOT NULL,
    member_id    uuid NOT NULL,
    month        text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    outcome      text NOT NULL CHECK (outcome IN ('memenuhi', 'tidak_memenuhi', 'tidak_berlaku')),
    reason       text NOT NULL DEFAULT '',
    notes        text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    author_id    uuid NOT NULL,
    caseload_id  uuid NOT NULL,
    row_seq      bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX verifications_stream ON verifications (kab_code, caseload_id, row_seq);
CREATE INDEX verifications_household ON verifications (kab_code, household_id);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        PERFORM create_distributed_table('verifications', 'kab_code', colocate_with => 'households');
    END IF;
END $$;

ALTER TABLE verifications ADD FOREIGN KEY (kab_code, household_id)
    REFERENCES households (kab_code, id);
ALTER TABLE verifications ADD FOREIGN KEY (kab_code, member_id) REFERENCES members (kab_code, id);
ALTER TABLE verifications ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE verifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_kab ON verifications TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
