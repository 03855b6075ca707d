import { initial } from "./001-initial.js";
import { queue } from "./002-queue.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order, each in its own transaction, recorded in schema_migrations. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "queue", sql: queue },
];
