-- 0002_compliance_workflow: retention checkpoints, policy revisions, remediation items and reviews,
-- replay results, complaints, user strikes, and the prompt behind an output violation.
-- `violations` stays append-only evidence; every piece of state that changes lives here, keyed by
-- violation id or item id.

-- Retention. Only `audit prune` may delete violations: it inserts a permit, deletes the oldest rows
-- (a prefix of the chain, never a hole), records a checkpoint and removes the permit, all in one
-- transaction. `audit verify` starts from the newest checkpoint, so the chain stays verifiable.
CREATE TABLE prune_permits (max_id INTEGER NOT NULL);
DROP TRIGGER violations_append_only_delete;
CREATE TRIGGER violations_append_only_delete BEFORE DELETE ON violations
WHEN OLD.id > COALESCE((SELECT MAX(max_id) FROM prune_permits), 0)
BEGIN
  SELECT RAISE(ABORT, 'violations are append-only; only `compliance-gateway audit prune` removes rows past retention');
END;

CREATE TABLE chain_checkpoints (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  ts            INTEGER NOT NULL,                 -- epoch ms of the prune
  last_id       INTEGER NOT NULL,                 -- the newest violation id pruned
  last_row_hash TEXT    NOT NULL,                 -- its row_hash: the next row's prev_hash
  rows_pruned   INTEGER NOT NULL
);
CREATE TRIGGER chain_checkpoints_no_update BEFORE UPDATE ON chain_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'chain checkpoints are append-only');
END;
CREATE TRIGGER chain_checkpoints_no_delete BEFORE DELETE ON chain_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'chain checkpoints are append-only');
END;

-- Every policy revision ever loaded (one row per load: start and each reload).
CREATE TABLE policy_revisions (
  id            INTEGER PRIMARY KEY,
  revision      TEXT    NOT NULL,
  content_hash  TEXT    NOT NULL,
  loaded_at     INTEGER NOT NULL,
  rules_dir     TEXT,
  keywords      INTEGER NOT NULL,
  regexes       INTEGER NOT NULL,
  reason        TEXT    NOT NULL                  -- 'start' | 'reload' | …
);
CREATE INDEX policy_revisions_revision ON policy_revisions (revision, loaded_at);

-- Remediation: repeated violations of the same prompt and category are one item.
CREATE TABLE remediation_items (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  group_key          TEXT    NOT NULL UNIQUE,     -- category + sha256(normalized prompt)
  category           TEXT    NOT NULL,
  stage              TEXT    NOT NULL,
  source             TEXT    NOT NULL,            -- 'traffic' | 'user_report' (of the first violation)
  first_violation_id INTEGER NOT NULL,
  last_violation_id  INTEGER NOT NULL,
  first_seen         INTEGER NOT NULL,
  last_seen          INTEGER NOT NULL,
  count              INTEGER NOT NULL,
  detected_at        INTEGER NOT NULL,            -- start of the current clock (first seen, or reopened)
  deadline           INTEGER NOT NULL,            -- detected_at + N calendar months (UTC)
  status             TEXT    NOT NULL CHECK (status IN ('open', 'confirmed', 'false_positive', 'remediated', 'overdue')),
  status_at          INTEGER NOT NULL,
  resolved_at        INTEGER                      -- when it became remediated / false_positive
);
CREATE INDEX remediation_items_status ON remediation_items (status, deadline);
CREATE INDEX remediation_items_first_seen ON remediation_items (first_seen);

CREATE TABLE remediation_members (
  violation_id INTEGER PRIMARY KEY,              -- no FK: pruned violations leave their membership
  item_id      INTEGER NOT NULL REFERENCES remediation_items (id)
);
CREATE INDEX remediation_members_item ON remediation_members (item_id, violation_id);

-- The newest violation already grouped into items.
CREATE TABLE remediation_cursor (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  last_violation_id INTEGER NOT NULL
);
INSERT INTO remediation_cursor (id, last_violation_id) VALUES (1, 0);

-- Every status change: who, when, why (reviewers, 'replay', 'system').
CREATE TABLE remediation_reviews (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id     INTEGER NOT NULL REFERENCES remediation_items (id),
  ts          INTEGER NOT NULL,
  reviewer    TEXT    NOT NULL,
  from_status TEXT    NOT NULL,
  to_status   TEXT    NOT NULL,
  note        TEXT    NOT NULL
);
CREATE INDEX remediation_reviews_item ON remediation_reviews (item_id, id);

CREATE TABLE replay_results (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id         INTEGER NOT NULL REFERENCES remediation_items (id),
  ts              INTEGER NOT NULL,
  upstream        TEXT    NOT NULL,
  model           TEXT,
  still_violates  INTEGER NOT NULL CHECK (still_violates IN (0, 1)),
  refused         INTEGER NOT NULL CHECK (refused IN (0, 1)),
  categories      TEXT    NOT NULL,               -- JSON array found in the new output
  policy_revision TEXT    NOT NULL,
  output_sha256   TEXT                            -- the new output is evidence by hash only
);
CREATE INDEX replay_results_item ON replay_results (item_id, id);

-- The prompt behind an output-stage violation (stored per the store's storage mode).
CREATE TABLE violation_prompts (
  violation_id   INTEGER PRIMARY KEY,
  storage_mode   TEXT    NOT NULL,
  messages       TEXT,                            -- JSON [{role, content}]; NULL in hash mode
  content_sha256 TEXT    NOT NULL
);

-- Complaints (Interim Measures Art. 15): each is also a violation with source 'user_report'.
CREATE TABLE complaints (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  violation_id      INTEGER NOT NULL UNIQUE,
  received_at       INTEGER NOT NULL,
  response_deadline INTEGER NOT NULL,
  request_id        TEXT,
  contact           TEXT,
  responded_at      INTEGER,
  responder         TEXT,
  response_note     TEXT
);
CREATE INDEX complaints_deadline ON complaints (responded_at, response_deadline);

-- User strikes (Interim Measures Art. 14(2), TC260-003 §7).
CREATE TABLE user_strikes (
  id         INTEGER PRIMARY KEY,
  end_user   TEXT    NOT NULL,
  ts         INTEGER NOT NULL,
  request_id TEXT,
  category   TEXT
);
CREATE INDEX user_strikes_user_ts ON user_strikes (end_user, ts);

CREATE TABLE user_status (
  end_user    TEXT    PRIMARY KEY,
  consecutive INTEGER NOT NULL DEFAULT 0,
  status      TEXT    NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'warned', 'limited', 'suspended')),
  status_at   INTEGER,
  reason      TEXT
) WITHOUT ROWID;

CREATE TABLE user_actions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  end_user    TEXT    NOT NULL,
  ts          INTEGER NOT NULL,
  actor       TEXT    NOT NULL,                   -- 'policy' or the officer
  from_status TEXT    NOT NULL,
  to_status   TEXT    NOT NULL,
  note        TEXT    NOT NULL
);
CREATE INDEX user_actions_user ON user_actions (end_user, id);
