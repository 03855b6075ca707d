/** The first schema. Never edit a released migration: add the next numbered one. */
export const initial = `
CREATE TABLE submissions (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  skill_name       TEXT NOT NULL,
  version          TEXT NOT NULL DEFAULT '',
  path             TEXT NOT NULL,
  content_hash     TEXT,
  permissions_hash TEXT,
  permissions_json TEXT,
  files_json       TEXT,
  state            TEXT NOT NULL CHECK (state IN ('recorded','running','approved','review','rejected','failed')),
  source           TEXT NOT NULL,
  submitted_by     TEXT NOT NULL,
  owner_pid        INTEGER,
  owner_host       TEXT,
  owner_start      TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  verdict_json     TEXT,
  policy_digest    TEXT,
  creator_notice   TEXT,
  failure_reason   TEXT
);
CREATE INDEX submissions_by_state ON submissions (state, id);
CREATE INDEX submissions_by_skill ON submissions (skill_name, id);

CREATE TABLE stage_results (
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  stage_id      TEXT NOT NULL,
  stage_version TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('passed','findings','error','skipped')),
  reason        TEXT,
  skip_kind     TEXT,
  tool_json     TEXT,
  checks_json   TEXT,
  duration_ms   INTEGER NOT NULL,
  PRIMARY KEY (submission_id, stage_id)
);

CREATE TABLE findings (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  ordinal       INTEGER NOT NULL,
  rule_id       TEXT NOT NULL,
  stage         TEXT NOT NULL,
  severity      TEXT NOT NULL,
  category      TEXT NOT NULL,
  file          TEXT,
  line          INTEGER,
  finding_json  TEXT NOT NULL,
  UNIQUE (submission_id, ordinal)
);

CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  reviewer      TEXT NOT NULL,
  decision      TEXT NOT NULL CHECK (decision IN ('approve','reject','waive')),
  note          TEXT NOT NULL,
  created_at    TEXT NOT NULL
);

CREATE TABLE waivers (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  skill_name    TEXT NOT NULL,
  rule_id       TEXT NOT NULL,
  reason        TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  submission_id INTEGER REFERENCES submissions(id)
);
CREATE INDEX waivers_by_skill ON waivers (skill_name, expires_at);

CREATE TABLE skills_signatures (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  skill_name       TEXT NOT NULL,
  version          TEXT NOT NULL,
  sequence         INTEGER NOT NULL,
  content_hash     TEXT NOT NULL,
  permissions_hash TEXT NOT NULL,
  envelope_json    TEXT NOT NULL,
  key_id           TEXT NOT NULL REFERENCES keys(key_id),
  signed_at        TEXT NOT NULL,
  submission_id    INTEGER REFERENCES submissions(id),
  UNIQUE (skill_name, sequence)
);

CREATE TABLE keys (
  key_id     TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  added_at   TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('active','retired','revoked'))
);

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  submission_id INTEGER REFERENCES submissions(id),
  from_state    TEXT,
  to_state      TEXT,
  reason        TEXT
);
CREATE INDEX audit_by_submission ON audit_log (submission_id, id);

-- The audit log is append-only: no row may change or disappear, whoever asks.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;
`;
