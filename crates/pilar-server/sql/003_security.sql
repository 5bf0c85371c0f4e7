-- Step 3: row-level security on kab_code, the second line behind the service's own checks.
-- The service runs as pilar_app (NOBYPASSRLS) and sets pilar.kab in each transaction
-- (SET LOCAL through set_config(..., true)); without it a statement sees no rows.
-- Roll-ups read team_rollup as pilar_report, which may read that table only.

ALTER TABLE households ENABLE ROW LEVEL SECURITY;
ALTER TABLE members ENABLE ROW LEVEL SECURITY;
ALTER TABLE graduations ENABLE ROW LEVEL SECURITY;
ALTER TABLE activities ENABLE ROW LEVEL SECURITY;
ALTER TABLE activity_households ENABLE ROW LEVEL SECURITY;
ALTER TABLE referrals ENABLE ROW LEVEL SECURITY;
ALTER TABLE caseloads ENABLE ROW LEVEL SECURITY;
ALTER TABLE caseload_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_pushes ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_quarantine ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE team_rollup ENABLE ROW LEVEL SECURITY;

CREATE POLICY app_kab ON households TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON members TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON graduations TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON activities TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON activity_households TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON referrals TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON caseloads TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON caseload_log TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON sync_pushes TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON sync_quarantine TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON device_heads TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
CREATE POLICY app_kab ON team_rollup TO pilar_app
    USING (kab_code = current_setting('pilar.kab', true)::bpchar)
    WITH CHECK (kab_code = current_setting('pilar.kab', true)::bpchar);
-- Roll-ups across regencies (a province, the country) read every regency's figures.
CREATE POLICY report_all ON team_rollup TO pilar_report USING (true);
