-- P2K2 groups that persist (issue 11, item 4), as on the laptop (pilar-store's
-- MIGRATION_GROUPS): a facilitator's group (name, place) in the facilitator's caseload
-- stream, and each household's group (households.group_id: at most one at a time).
-- Distributed by kab_code and colocated with households on Citus; row-level security on
-- kab_code like the other caseload tables.
CREATE TABLE p2k2_groups (
    kab_code    char(4) NOT NULL,
    id          uuid NOT NULL,
    worker_id   uuid NOT NULL,
    name        text NOT NULL,
    place       text NOT NULL DEFAULT '',
    deleted     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    author_id   uuid NOT NULL,
    caseload_id uuid NOT NULL,
    row_seq     bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX p2k2_groups_stream ON p2k2_groups (kab_code, caseload_id, row_seq);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        PERFORM create_distributed_table('p2k2_groups', 'kab_code', colocate_with => 'households');
    END IF;
END
$$;

ALTER TABLE p2k2_groups ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE p2k2_groups ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE households ADD COLUMN group_id uuid;
ALTER TABLE households ADD FOREIGN KEY (kab_code, group_id) REFERENCES p2k2_groups (kab_code, id);
CREATE INDEX households_group ON households (kab_code, group_id) WHERE group_id IS NOT NULL;

ALTER TABLE p2k2_groups ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_kab ON p2k2_groups TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
