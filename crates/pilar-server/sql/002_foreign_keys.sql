-- Step 2: foreign keys, after citus.sql has distributed the tables on a Citus cluster.
-- Between distributed tables they include kab_code; distributed tables may point at
-- reference tables; reference tables never point at distributed ones.

ALTER TABLE workers ADD FOREIGN KEY (kab_code) REFERENCES regions (kab_code);
ALTER TABLE workers ADD FOREIGN KEY (supervisor_id) REFERENCES workers (id);
ALTER TABLE devices ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE enroll_codes ADD FOREIGN KEY (worker_id) REFERENCES workers (id);

ALTER TABLE households ADD FOREIGN KEY (kab_code) REFERENCES regions (kab_code);
ALTER TABLE households ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE households ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE members ADD FOREIGN KEY (kab_code, household_id) REFERENCES households (kab_code, id);
ALTER TABLE members ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE graduations ADD FOREIGN KEY (kab_code, household_id) REFERENCES households (kab_code, id);
ALTER TABLE graduations ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE graduations ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE activities ADD FOREIGN KEY (kab_code, household_id) REFERENCES households (kab_code, id);
ALTER TABLE activities ADD FOREIGN KEY (kab_code, graduation_id) REFERENCES graduations (kab_code, id);
ALTER TABLE activities ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE activities ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE activity_households ADD FOREIGN KEY (kab_code, activity_id) REFERENCES activities (kab_code, id);
ALTER TABLE activity_households ADD FOREIGN KEY (kab_code, household_id) REFERENCES households (kab_code, id);
ALTER TABLE activity_households ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE referrals ADD FOREIGN KEY (kab_code, household_id) REFERENCES households (kab_code, id);
ALTER TABLE referrals ADD FOREIGN KEY (author_id) REFERENCES workers (id);

ALTER TABLE caseloads ADD FOREIGN KEY (kab_code) REFERENCES regions (kab_code);
ALTER TABLE caseloads ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
ALTER TABLE caseload_log ADD FOREIGN KEY (kab_code, worker_id) REFERENCES caseloads (kab_code, worker_id);
ALTER TABLE sync_pushes ADD FOREIGN KEY (kab_code, worker_id) REFERENCES caseloads (kab_code, worker_id);
ALTER TABLE sync_quarantine ADD FOREIGN KEY (kab_code, worker_id) REFERENCES caseloads (kab_code, worker_id);
ALTER TABLE device_heads ADD FOREIGN KEY (device_id) REFERENCES devices (id);
ALTER TABLE team_rollup ADD FOREIGN KEY (worker_id) REFERENCES workers (id);
