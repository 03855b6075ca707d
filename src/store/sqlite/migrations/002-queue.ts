/**
 * Issue 12: the job queue and one store core. Stage results get an explicit ordinal (the core
 * orders by it on both dialects; existing rows keep their insertion order), submissions an
 * attempt counter and a dead-letter flag, and uploads hold a service submission's archive.
 */
export const queue = `
ALTER TABLE stage_results ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
UPDATE stage_results SET ordinal = rowid;
ALTER TABLE submissions ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN dead_letter INTEGER NOT NULL DEFAULT 0;
CREATE TABLE uploads (
  submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
  archive       BLOB NOT NULL,
  bytes         INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
`;
