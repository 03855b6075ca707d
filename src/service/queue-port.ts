/** The queue as the service sees it: contract-12's types, owned by src/queue. The service is handed a queue, so tests and the CLI pick one. */
export type { PublicState, SubmissionStatus, SubmissionQueue } from "../queue/queue.types.js";
