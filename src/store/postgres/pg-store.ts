import { CoreStore } from "../core/core-store.js";
import { migratePg } from "./pg-migrate.js";
import { PgDialect } from "./pg-db.js";

/** The shared-deployment store: the same core and tables as SQLite, on PostgreSQL. */
export class PgStore extends CoreStore {
  private readonly pg: PgDialect;

  constructor(url: string, opts: { clock?: () => Date } = {}) {
    const dialect = new PgDialect(url);
    super(dialect, opts.clock);
    this.pg = dialect;
  }

  async init(): Promise<this> {
    await migratePg(this.pg, this.clock);
    return this;
  }
}
