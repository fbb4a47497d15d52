-- 0002_rate_windows (PostgreSQL only): request counts per rate-limit key and minute, shared by every
-- gateway instance on this database (src/routing/shared-rate-limit.ts). Keys are "tenant:<id>" or
-- "key:<fingerprint>" (a hash prefix of the client's API key, never the key). SQLite serves one
-- instance, whose limits stay in memory.
CREATE TABLE rate_windows (
  key           TEXT    NOT NULL,
  window_start  BIGINT  NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
