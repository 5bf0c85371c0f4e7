-- Run on a Citus coordinator between migration 1 (tables) and migration 2 (foreign keys);
-- `pilar serve` does it by itself when the citus extension is installed.
-- Reference tables: replicated to every node.
SELECT create_reference_table('regions');
SELECT create_reference_table('workers');
SELECT create_reference_table('devices');
SELECT create_reference_table('enroll_codes');
-- Distributed by regency, all colocated with households.
SELECT create_distributed_table('households', 'kab_code');
SELECT create_distributed_table('members', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('graduations', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('activities', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('activity_households', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('referrals', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('caseloads', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('caseload_log', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('sync_pushes', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('sync_quarantine', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('device_heads', 'kab_code', colocate_with => 'households');
SELECT create_distributed_table('team_rollup', 'kab_code', colocate_with => 'households');
-- National NIK uniqueness: by nik, in a colocation group of its own.
SELECT create_distributed_table('nik_claims', 'nik', colocate_with => 'none');
