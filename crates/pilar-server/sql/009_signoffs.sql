-- Sign-offs travel (issue 11 item 8), as on the laptop (pilar-store's MIGRATION_SIGNOFFS
-- and MIGRATION_SIGNOFF_TRAVEL): a supervisor's sign-off of a facilitator's records, in
-- that facilitator's caseload stream. upto_seq/upto_hash/upto_at name the entry it reached
-- on the laptop where it was made; upto_entry the facilitator's last entry it covered (an
-- id every copy shares, '' for none). Who may push one is checked by the sync's apply
-- (check.rs): a supervisor of the regency, for the stream's facilitator, as its author.
-- Distributed by kab_code and colocated with households on Citus; row-level security on
-- kab_code like every caseload table.
CREATE TABLE signoffs (
    kab_code       char(4) NOT NULL,
    id             uuid NOT NULL,
    supervisor_id  uuid NOT NULL,
    facilitator_id uuid NOT NULL,
    upto_seq       bigint NOT NULL CHECK (upto_seq >= 0),
    upto_hash      text NOT NULL,
    upto_at        timestamptz NOT NULL,
    note           text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    author_id      uuid NOT NULL,
    upto_entry     text NOT NULL DEFAULT '',
    caseload_id    uuid NOT NULL,
    row_seq        bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX signoffs_stream ON signoffs (kab_code, caseload_id, row_seq);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        PERFORM create_distributed_table('signoffs', 'kab_code', colocate_with => 'households');
    END IF;
END $$;

ALTER TABLE signoffs ADD FOREIGN KEY (supervisor_id) REFERENCES workers (id);
ALTER TABLE signoffs ADD FOREIGN KEY (facilitator_id) REFERENCES workers (id);
ALTER TABLE signoffs ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE signoffs ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_kab ON signoffs TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
