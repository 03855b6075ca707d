import type pg from "pg";

/** BEGIN … COMMIT on one pooled client, ROLLBACK on any error; the client always goes back to the pool. */
export async function inPgTransaction<T>(client: pg.PoolClient, body: () => Promise<T>): Promise<T> {
  try {
    await client.query("BEGIN");
    const out = await body();
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
