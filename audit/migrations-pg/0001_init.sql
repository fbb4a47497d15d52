-- 0001_init (PostgreSQL): the same tables as audit/migrations/0001 + 0002 for SQLite, in one step.
-- Runs once inside a transaction under an advisory lock (see src/audit/pg-schema.ts).
-- Timestamps are epoch ms in BIGINT; JSON columns stay TEXT so the hash chain covers the exact
-- bytes that SQLite would store (a row verifies the same after `audit migrate`).

-- One global chain for all gateway instances. ids are not a sequence: a sequence is not
-- transactional, so a rolled-back insert would leave a gap that `audit verify` reports as a
-- deleted row. The writer takes pg_advisory_xact_lock, reads chain_head and writes id = last_id + 1;
-- chain_head is also what reveals a deleted tail (the role sqlite_sequence plays in SQLite).
CREATE TABLE violations (
  id              BIGINT  PRIMARY KEY,
  request_id      TEXT    NOT NULL,
  ts              BIGINT  NOT NULL,
  route           TEXT    NOT NULL,
  model           TEXT,
  stage           TEXT    NOT NULL,
  action          TEXT    NOT NULL,
  enforced        TEXT    NOT NULL,
  shadow          INTEGER NOT NULL CHECK (shadow IN (0, 1)),
  streamed        INTEGER NOT NULL CHECK (streamed IN (0, 1)),
  categories      TEXT    NOT NULL,
  rule_ids        TEXT    NOT NULL,
  policy_revision TEXT    NOT NULL,
  client_key_fp   TEXT,
  tenant          TEXT,
  end_user        TEXT,
  storage_mode    TEXT    NOT NULL,
  content         TEXT,
  content_sha256  TEXT,
  findings        TEXT    NOT NULL,
  reasons         TEXT    NOT NULL,
  source          TEXT    NOT NULL DEFAULT 'traffic',
  hash_version    INTEGER NOT NULL DEFAULT 1,
  prev_hash       TEXT    NOT NULL,
  row_hash        TEXT    NOT NULL UNIQUE
);
CREATE INDEX violations_request_id ON violations (request_id);
CREATE INDEX violations_ts ON violations (ts);

CREATE TABLE chain_head (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_id       BIGINT  NOT NULL,
  last_row_hash TEXT    NOT NULL
);

CREATE TABLE prune_permits (max_id BIGINT NOT NULL);

CREATE FUNCTION violations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.id <= COALESCE((SELECT MAX(max_id) FROM prune_permits), 0) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'violations are append-only; only `compliance-gateway audit prune` removes rows past retention';
END $$;
CREATE TRIGGER violations_append_only BEFORE UPDATE OR DELETE ON violations
  FOR EACH ROW EXECUTE FUNCTION violations_append_only();

CREATE TABLE violation_categories (
  category     TEXT   NOT NULL,
  violation_id BIGINT NOT NULL REFERENCES violations (id),
  PRIMARY KEY (category, violation_id)
);

CREATE TABLE requests (
  id              BIGSERIAL PRIMARY KEY,
  request_id      TEXT    NOT NULL,
  ts              BIGINT  NOT NULL,
  route           TEXT    NOT NULL,
  method          TEXT    NOT NULL,
  model           TEXT,
  status          INTEGER NOT NULL,
  action          TEXT    NOT NULL,
  duration_ms     DOUBLE PRECISION NOT NULL,
  streamed        INTEGER NOT NULL CHECK (streamed IN (0, 1)),
  client_key_fp   TEXT,
  tenant          TEXT,
  upstream_status INTEGER
);
CREATE INDEX requests_request_id ON requests (request_id);
CREATE INDEX requests_ts ON requests (ts);

CREATE TABLE chain_checkpoints (
  id            BIGSERIAL PRIMARY KEY,
  ts            BIGINT  NOT NULL,
  last_id       BIGINT  NOT NULL,
  last_row_hash TEXT    NOT NULL,
  rows_pruned   INTEGER NOT NULL
);

CREATE TABLE policy_revisions (
  id            BIGSERIAL PRIMARY KEY,
  revision      TEXT    NOT NULL,
  content_hash  TEXT    NOT NULL,
  loaded_at     BIGINT  NOT NULL,
  rules_dir     TEXT,
  keywords      INTEGER NOT NULL,
  regexes       INTEGER NOT NULL,
  reason        TEXT    NOT NULL
);
CREATE INDEX policy_revisions_revision ON policy_revisions (revision, loaded_at);

CREATE TABLE remediation_items (
  id                 BIGSERIAL PRIMARY KEY,
  group_key          TEXT    NOT NULL UNIQUE,
  category           TEXT    NOT NULL,
  stage              TEXT    NOT NULL,
  source             TEXT    NOT NULL,
  first_violation_id BIGINT  NOT NULL,
  last_violation_id  BIGINT  NOT NULL,
  first_seen         BIGINT  NOT NULL,
  last_seen          BIGINT  NOT NULL,
  count              INTEGER NOT NULL,
  detected_at        BIGINT  NOT NULL,
  deadline           BIGINT  NOT NULL,
  status             TEXT    NOT NULL CHECK (status IN ('open', 'confirmed', 'false_positive', 'remediated', 'overdue')),
  status_at          BIGINT  NOT NULL,
  resolved_at        BIGINT
);
CREATE INDEX remediation_items_status ON remediation_items (status, deadline);
CREATE INDEX remediation_items_first_seen ON remediation_items (first_seen);

CREATE TABLE remediation_members (
  violation_id BIGINT PRIMARY KEY,
  item_id      BIGINT NOT NULL REFERENCES remediation_items (id)
);
CREATE INDEX remediation_members_item ON remediation_members (item_id, violation_id);

CREATE TABLE remediation_cursor (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  last_violation_id BIGINT  NOT NULL
);
INSERT INTO remediation_cursor (id, last_violation_id) VALUES (1, 0);

CREATE TABLE remediation_reviews (
  id          BIGSERIAL PRIMARY KEY,
  item_id     BIGINT  NOT NULL REFERENCES remediation_items (id),
  ts          BIGINT  NOT NULL,
  reviewer    TEXT    NOT NULL,
  from_status TEXT    NOT NULL,
  to_status   TEXT    NOT NULL,
  note        TEXT    NOT NULL
);
CREATE INDEX remediation_reviews_item ON remediation_reviews (item_id, id);

CREATE TABLE replay_results (
  id              BIGSERIAL PRIMARY KEY,
  item_id         BIGINT  NOT NULL REFERENCES remediation_items (id),
  ts              BIGINT  NOT NULL,
  upstream        TEXT    NOT NULL,
  model           TEXT,
  still_violates  INTEGER NOT NULL CHECK (still_violates IN (0, 1)),
  refused         INTEGER NOT NULL CHECK (refused IN (0, 1)),
  categories      TEXT    NOT NULL,
  policy_revision TEXT    NOT NULL,
  output_sha256   TEXT
);
CREATE INDEX replay_results_item ON replay_results (item_id, id);

CREATE TABLE violation_prompts (
  violation_id   BIGINT PRIMARY KEY,
  storage_mode   TEXT   NOT NULL,
  messages       TEXT,
  content_sha256 TEXT   NOT NULL
);

CREATE TABLE complaints (
  id                BIGSERIAL PRIMARY KEY,
  violation_id      BIGINT  NOT NULL UNIQUE,
  received_at       BIGINT  NOT NULL,
  response_deadline BIGINT  NOT NULL,
  request_id        TEXT,
  contact           TEXT,
  responded_at      BIGINT,
  responder         TEXT,
  response_note     TEXT
);
CREATE INDEX complaints_deadline ON complaints (responded_at, response_deadline);

-- User strikes: shared by every instance, so a user's count is the same whichever one serves them.
CREATE TABLE user_strikes (
  id         BIGSERIAL PRIMARY KEY,
  end_user   TEXT   NOT NULL,
  ts         BIGINT NOT NULL,
  request_id TEXT,
  category   TEXT
);
CREATE INDEX user_strikes_user_ts ON user_strikes (end_user, ts);

CREATE TABLE user_status (
  end_user    TEXT    PRIMARY KEY,
  consecutive INTEGER NOT NULL DEFAULT 0,
  status      TEXT    NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'warned', 'limited', 'suspended')),
  status_at   BIGINT,
  reason      TEXT
);

CREATE TABLE user_actions (
  id          BIGSERIAL PRIMARY KEY,
  end_user    TEXT   NOT NULL,
  ts          BIGINT NOT NULL,
  actor       TEXT   NOT NULL,
  from_status TEXT   NOT NULL,
  to_status   TEXT   NOT NULL,
  note        TEXT   NOT NULL
);
CREATE INDEX user_actions_user ON user_actions (end_user, id);
