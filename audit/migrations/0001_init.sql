-- 0001_init: violations (one row per non-allow decision, hash-chained), their categories, and the
-- metadata of every request. Runs once inside a transaction (see src/audit/schema.ts): no BEGIN/COMMIT.
--
-- Rules for later migrations:
--  * `violations` is append-only evidence. Workflow state that changes over time (remediation
--    deadlines, reviews, complaints, user strikes) goes in its own table keyed by violation_id, so a
--    row's hash never has to cover a mutable column.
--  * A column that must be covered by the chain gets a new hash_version (src/audit/chain.ts lists
--    the fields each version hashes); old rows keep verifying under their own version.

-- AUTOINCREMENT, not a plain rowid: ids are never reused, so deleting the newest rows leaves
-- sqlite_sequence ahead of max(id) and `audit verify` can report the truncation.
CREATE TABLE violations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id      TEXT    NOT NULL,
  ts              INTEGER NOT NULL,                 -- epoch ms
  route           TEXT    NOT NULL,
  model           TEXT,
  stage           TEXT    NOT NULL,                 -- 'input' | 'output'
  action          TEXT    NOT NULL,                 -- what the policy decided
  enforced        TEXT    NOT NULL,                 -- what was applied (differs in shadow mode)
  shadow          INTEGER NOT NULL CHECK (shadow IN (0, 1)),
  streamed        INTEGER NOT NULL CHECK (streamed IN (0, 1)),
  categories      TEXT    NOT NULL,                 -- JSON array, sorted, unique
  rule_ids        TEXT    NOT NULL,                 -- JSON array, sorted, unique
  policy_revision TEXT    NOT NULL,                 -- hash of the loaded rules
  client_key_fp   TEXT,                             -- fingerprint, never the key
  tenant          TEXT,
  end_user        TEXT,
  storage_mode    TEXT    NOT NULL,                 -- 'full' | 'masked' | 'hash': what `content` holds
  content         TEXT,                             -- NULL in hash mode
  content_sha256  TEXT,                             -- SHA-256 hex of the raw content
  findings        TEXT    NOT NULL,                 -- JSON array of Finding (excerpts '' in hash mode)
  reasons         TEXT    NOT NULL,                 -- JSON array of strings
  source          TEXT    NOT NULL DEFAULT 'traffic', -- later also 'user_report'
  hash_version    INTEGER NOT NULL DEFAULT 1,
  prev_hash       TEXT    NOT NULL,
  row_hash        TEXT    NOT NULL UNIQUE
);
CREATE INDEX violations_request_id ON violations (request_id);
CREATE INDEX violations_ts ON violations (ts);

-- Accidental edits fail loudly. A deliberate attacker can drop these triggers; the hash chain is
-- what catches that. A retention migration will replace the DELETE trigger with a checkpointed prune.
CREATE TRIGGER violations_append_only_update BEFORE UPDATE ON violations
BEGIN
  SELECT RAISE(ABORT, 'violations are append-only');
END;
CREATE TRIGGER violations_append_only_delete BEFORE DELETE ON violations
BEGIN
  SELECT RAISE(ABORT, 'violations are append-only');
END;

-- Category search ("all A.1.a rows since …") without scanning the JSON column.
CREATE TABLE violation_categories (
  category     TEXT    NOT NULL,
  violation_id INTEGER NOT NULL REFERENCES violations (id),
  PRIMARY KEY (category, violation_id)
) WITHOUT ROWID;

-- Metadata of every request (allowed ones too), written in batches off the hot path. No content.
CREATE TABLE requests (
  id              INTEGER PRIMARY KEY,
  request_id      TEXT    NOT NULL,
  ts              INTEGER NOT NULL,                 -- epoch ms
  route           TEXT    NOT NULL,
  method          TEXT    NOT NULL,
  model           TEXT,
  status          INTEGER NOT NULL,
  action          TEXT    NOT NULL,
  duration_ms     REAL    NOT NULL,
  streamed        INTEGER NOT NULL CHECK (streamed IN (0, 1)),
  client_key_fp   TEXT,
  tenant          TEXT,
  upstream_status INTEGER
);
CREATE INDEX requests_request_id ON requests (request_id);
CREATE INDEX requests_ts ON requests (ts);
