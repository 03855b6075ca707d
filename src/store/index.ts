export { openStore, storeLocation, DB_FILE, type OpenStoreOptions, type OpenedStore } from "./open.js";
export { StoreError, USER_STORE_ERRORS, type StoreErrorCode } from "./error.js";
export { currentProcess, livenessOf, DIED_REASON, type Liveness } from "./liveness.js";
export { SqliteStore } from "./sqlite/sqlite-store.js";
export { PgStore } from "./postgres/pg-store.js";
export type { Store, Completion, Completed, ReviewDecisionInput, NewWaiver, SubmissionQuery, FailOptions, QueuedSubmission } from "./store.js";
export type { SqlExecutor } from "./core/sql.js";
export type * from "./store.types.js";
export { SUBMISSION_STATES } from "./store.types.js";
