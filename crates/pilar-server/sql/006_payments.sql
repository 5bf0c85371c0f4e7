-- Payments per tahap (issue 11, item 3), as on the laptop (pilar-store's MIGRATION_PAYMENTS):
-- one row per household, year and tahap (1-4), its latest status (diterima, tidak_diterima
-- with its problem, tidak_jatuh_tempo) and a note. Distributed by kab_code and colocated
-- with households on Citus; row-level security as every caseload table. Written to run
-- again safely (a renumbered migration); its checks look in the current schema only.
CREATE TABLE IF NOT EXISTS payments (
    kab_code     char(4) NOT NULL,
    id           uuid NOT NULL,
    household_id uuid NOT NULL,
    year         smallint NOT NULL CHECK (year BETWEEN 2007 AND 2200),
    tahap        smallint NOT NULL CHECK (tahap BETWEEN 1 AND 4),
    status       text NOT NULL,
    problem      text,
    note         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    author_id    uuid NOT NULL,
    caseload_id  uuid NOT NULL,
    row_seq      bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX IF NOT EXISTS payments_stream ON payments (kab_code, caseload_id, row_seq);
CREATE INDEX IF NOT EXISTS payments_household ON payments (kab_code, household_id);

DO $$
DECLARE
    distributed boolean;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM pg_dist_partition
                                WHERE logicalrelid = ''payments''::regclass)'
            INTO distributed;
        IF NOT distributed THEN
            PERFORM create_distributed_table('payments', 'kab_code', colocate_with => 'households');
        END IF;
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'payments_household_fk'
                   AND conrelid = 'payments'::regclass) THEN
        ALTER TABLE payments ADD CONSTRAINT payments_household_fk
            FOREIGN KEY (kab_code, household_id) REFERENCES households (kab_code, id);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'payments_author_fk'
                   AND conrelid = 'payments'::regclass) THEN
        ALTER TABLE payments ADD CONSTRAINT payments_author_fk
            FOREIGN KEY (author_id) REFERENCES workers (id);
    END IF;
END $$;

ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS app_kab ON payments;
CREATE POLICY app_kab ON payments TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
