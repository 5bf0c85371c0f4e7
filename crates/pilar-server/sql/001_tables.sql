-- pilar's central schema, step 1: the tables, without foreign keys between them (those are
-- step 2, so that Citus can distribute the tables in between: citus.sql).
--
-- Reference tables (replicated to every Citus node): regions, workers, devices,
-- enroll_codes. Distributed by kab_code (the 4-digit regency code) and colocated with
-- households: every other table but nik_claims, which is distributed by nik. Every primary
-- and unique key of a kab_code table leads with kab_code. No serial columns: ids come from
-- the laptops (UUIDv7) or from the service (UUIDv7, seqs counted under a row lock).
--
-- The six caseload tables have every column of the laptop's SQLite table (same names;
-- ids uuid, dates date, times timestamptz, 0/1 flags boolean), plus kab_code, caseload_id
-- (the facilitator whose stream numbers the row) and row_seq (the stream seq at which the
-- row last changed). The service learns the columns and their types from this catalog.

CREATE TABLE regions (
    kab_code  char(4) PRIMARY KEY,
    prov_code char(2) NOT NULL,
    name      text NOT NULL DEFAULT ''
);

CREATE TABLE workers (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    login         text NOT NULL UNIQUE,
    role          text NOT NULL CHECK (role IN ('facilitator', 'supervisor')),
    annual_target integer NOT NULL DEFAULT 10 CHECK (annual_target >= 0),
    supervisor_id uuid,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    author_id     uuid,
    -- Server only: the worker's regency and what their roll-ups cover
    -- ('kab:3324', 'prov:33' or 'nasional').
    kab_code      char(4) NOT NULL,
    prov_code     char(2) NOT NULL,
    scope         text NOT NULL
);

CREATE TABLE devices (
    id           uuid PRIMARY KEY,
    worker_id    uuid NOT NULL,
    name         text NOT NULL DEFAULT '',
    token_sha256 bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

CREATE TABLE enroll_codes (
    code_sha256 bytea PRIMARY KEY,
    worker_id   uuid NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    device_id   uuid
);

CREATE TABLE households (
    kab_code        char(4) NOT NULL,
    id              uuid NOT NULL,
    worker_id       uuid NOT NULL,
    no_kk           char(16) NOT NULL,
    pengurus_name   text NOT NULL,
    pengurus_nik    char(16) NOT NULL,
    address         text NOT NULL DEFAULT '',
    rt              text NOT NULL DEFAULT '',
    rw              text NOT NULL DEFAULT '',
    village         text NOT NULL,
    kecamatan       text NOT NULL DEFAULT '',
    kabupaten       text NOT NULL DEFAULT '',
    area_code       text NOT NULL DEFAULT '',
    phone           text NOT NULL DEFAULT '',
    desil           integer,
    year_joined     integer,
    programs        text NOT NULL DEFAULT '',
    has_business    boolean NOT NULL DEFAULT false,
    business_desc   text NOT NULL DEFAULT '',
    business_income bigint,
    pas_tags        text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'aktif',
    status_date     date,
    last_visit      date,
    next_follow_up  date,
    component_count integer NOT NULL DEFAULT 0,
    search_text     text NOT NULL DEFAULT '',
    deleted         boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    author_id       uuid NOT NULL,
    caseload_id     uuid NOT NULL,
    row_seq         bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX households_stream ON households (kab_code, caseload_id, row_seq);
CREATE INDEX households_worker ON households (kab_code, worker_id, status) WHERE NOT deleted;

CREATE TABLE members (
    kab_code     char(4) NOT NULL,
    id           uuid NOT NULL,
    household_id uuid NOT NULL,
    nik          char(16) NOT NULL,
    name         text NOT NULL,
    sex          text NOT NULL,
    birth_date   date,
    relation     text NOT NULL,
    component    text,
    deleted      boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    author_id    uuid NOT NULL,
    caseload_id  uuid NOT NULL,
    row_seq      bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX members_stream ON members (kab_code, caseload_id, row_seq);
CREATE INDEX members_household ON members (kab_code, household_id);

CREATE TABLE graduations (
    kab_code     char(4) NOT NULL,
    id           uuid NOT NULL,
    household_id uuid NOT NULL,
    worker_id    uuid NOT NULL,
    kind         text NOT NULL,
    date         date NOT NULL,
    reason       text NOT NULL DEFAULT '',
    evidence     text NOT NULL DEFAULT '',
    undone       boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    author_id    uuid NOT NULL,
    caseload_id  uuid NOT NULL,
    row_seq      bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX graduations_stream ON graduations (kab_code, caseload_id, row_seq);
CREATE INDEX graduations_household ON graduations (kab_code, household_id);
CREATE INDEX graduations_worker ON graduations (kab_code, worker_id, date) WHERE NOT undone;

CREATE TABLE activities (
    kab_code      char(4) NOT NULL,
    id            uuid NOT NULL,
    household_id  uuid,
    worker_id     uuid NOT NULL,
    kind          text NOT NULL,
    date          date NOT NULL,
    summary       text NOT NULL,
    detail        text NOT NULL DEFAULT '',
    follow_up     date,
    done          boolean NOT NULL DEFAULT false,
    group_name    text NOT NULL DEFAULT '',
    place         text NOT NULL DEFAULT '',
    p2k2_module   text,
    p2k2_session  integer,
    graduation_id uuid,
    deleted       boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    author_id     uuid NOT NULL,
    caseload_id   uuid NOT NULL,
    row_seq       bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX activities_stream ON activities (kab_code, caseload_id, row_seq);
CREATE INDEX activities_household ON activities (kab_code, household_id);
CREATE INDEX activities_worker ON activities (kab_code, worker_id, date) WHERE NOT deleted;

CREATE TABLE activity_households (
    kab_code     char(4) NOT NULL,
    activity_id  uuid NOT NULL,
    household_id uuid NOT NULL,
    attended     boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    author_id    uuid NOT NULL,
    caseload_id  uuid NOT NULL,
    row_seq      bigint NOT NULL,
    PRIMARY KEY (kab_code, activity_id, household_id)
);
CREATE INDEX activity_households_stream ON activity_households (kab_code, caseload_id, row_seq);
CREATE INDEX activity_households_household ON activity_households (kab_code, household_id);

CREATE TABLE referrals (
    kab_code     char(4) NOT NULL,
    id           uuid NOT NULL,
    household_id uuid NOT NULL,
    program      text NOT NULL,
    agency       text NOT NULL DEFAULT '',
    date         date NOT NULL,
    status       text NOT NULL,
    notes        text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    author_id    uuid NOT NULL,
    caseload_id  uuid NOT NULL,
    row_seq      bigint NOT NULL,
    PRIMARY KEY (kab_code, id)
);
CREATE INDEX referrals_stream ON referrals (kab_code, caseload_id, row_seq);
CREATE INDEX referrals_household ON referrals (kab_code, household_id);

-- A facilitator's caseload stream: its head (seq) and chain hash, locked FOR UPDATE by a push.
CREATE TABLE caseloads (
    kab_code   char(4) NOT NULL,
    worker_id  uuid NOT NULL,
    seq        bigint NOT NULL DEFAULT 0,
    last_hash  text NOT NULL DEFAULT '',
    updated_at timestamptz,
    PRIMARY KEY (kab_code, worker_id)
);

-- The stream's entries, chained per caseload (hash over prev_hash and the entry, with the
-- laptop's chain::entry_hash). created_at is the author's clock, received_at the server's.
CREATE TABLE caseload_log (
    kab_code    char(4) NOT NULL,
    worker_id   uuid NOT NULL,
    seq         bigint NOT NULL,
    id          uuid NOT NULL,
    table_name  text NOT NULL,
    record_id   uuid NOT NULL,
    field       text NOT NULL,
    old_value   text,
    new_value   text,
    created_at  timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    author_id   uuid NOT NULL,
    device_id   uuid,
    push_id     uuid,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    PRIMARY KEY (kab_code, worker_id, seq),
    UNIQUE (kab_code, id)
);
CREATE INDEX caseload_log_record ON caseload_log (kab_code, record_id);

-- Answers of pushes, by push_id: a repeated push gets the stored answer.
CREATE TABLE sync_pushes (
    kab_code    char(4) NOT NULL,
    push_id     uuid NOT NULL,
    device_id   uuid NOT NULL,
    worker_id   uuid NOT NULL,
    base_seq    bigint NOT NULL,
    seq         bigint NOT NULL,
    response    jsonb NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (kab_code, push_id)
);

-- Entries and rows a push (or a load) brought that were not applied, with why.
CREATE TABLE sync_quarantine (
    kab_code    char(4) NOT NULL,
    push_id     uuid NOT NULL,
    n           integer NOT NULL,
    worker_id   uuid NOT NULL,
    device_id   uuid,
    kind        text NOT NULL CHECK (kind IN ('entry', 'row')),
    table_name  text NOT NULL,
    record_id   text NOT NULL,
    entry_id    text,
    code        text NOT NULL,
    reason      text NOT NULL,
    payload     jsonb NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (kab_code, push_id, n)
);

-- The laptop's chain anchor, per device: its last two pushed heads.
CREATE TABLE device_heads (
    kab_code   char(4) NOT NULL,
    device_id  uuid NOT NULL,
    worker_id  uuid NOT NULL,
    head_seq   bigint NOT NULL,
    head_hash  text NOT NULL,
    prev_seq   bigint,
    prev_hash  text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (kab_code, device_id)
);

-- The team screen's figures per facilitator and year, refreshed by each push.
CREATE TABLE team_rollup (
    kab_code        char(4) NOT NULL,
    worker_id       uuid NOT NULL,
    year            integer NOT NULL,
    name            text NOT NULL,
    login           text NOT NULL,
    target          integer NOT NULL,
    caseload        integer NOT NULL,
    graduated       integer NOT NULL,
    candidates      integer NOT NULL,
    activities_30d  integer NOT NULL,
    p2k2_month      integer NOT NULL,
    overdue         integer NOT NULL,
    not_visited_90d integer NOT NULL,
    as_of           date NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (kab_code, worker_id, year)
);

-- National NIK uniqueness: distributed by nik (its own colocation group), written in the
-- same transaction as the row that claims it.
CREATE TABLE nik_claims (
    nik          char(16) PRIMARY KEY,
    kab_code     char(4) NOT NULL,
    household_id uuid NOT NULL
);
