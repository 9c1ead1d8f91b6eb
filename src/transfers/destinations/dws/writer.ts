/**
 * Writing batches into a DWS table over the PostgreSQL protocol (node-postgres, on Workers TCP
 * sockets). Each batch is one transaction that also moves the task's progress row in
 * `<dws_schema>.dis_transfer_progress` (task, partition → next sequence number): a batch repeated
 * after a crash between the commit and the task object's own progress finds its records already
 * counted there and inserts none of them again. Exactly once, as far as the table is concerned.
 */
import pg from "pg";
import { decodedRecord } from "../../../records/data-types/record-check";
import type { ReadRecord } from "../../../partition/log-contract";
import type { StreamRow } from "../../../streams/repository";
import { partitionId } from "../../../streams/partitions";
import type { DeliveryWriter, RunContext, WriteResult } from "../destination";
import type { DwsCluster } from "./clusters";
import type { DwsDescriptor } from "./descriptor";
import { rowOf, type RowShape } from "./rows";

/** The table, in the target's schema, where each task keeps the progress its transactions made. */
export const PROGRESS_TABLE = "dis_transfer_progress";
/** Rows per INSERT statement (the protocol takes at most 65,535 parameters). */
const ROWS_PER_STATEMENT = 1000;

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface Rejected {
  record: ReadRecord;
  why: string;
}

/** A data error of one row (SQLSTATE classes 22 and 23): the row is refused, the batch goes on without it. */
function isRowError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}

export function dwsWriter(cluster: DwsCluster, d: DwsDescriptor, password: string, stream: StreamRow, run: RunContext): DeliveryWriter {
  const table = `${quoted(d.dws_schema)}.${quoted(d.dws_table_name)}`;
  const progressTable = `${quoted(d.dws_schema)}.${PROGRESS_TABLE}`;
  let client: pg.Client | null = null;
  let shape: RowShape | null = null;
  let failure: Error | null = null;

  async function connect(): Promise<pg.Client> {
    if (client) return client;
    const settings = "connectionString" in cluster ? { connectionString: cluster.connectionString } : { ...cluster, user: d.user_name, password, database: d.dws_database_name };
    const c = new pg.Client({ ...settings, connectionTimeoutMillis: 10_000, query_timeout: 60_000 } as pg.ClientConfig);
    // A connection lost between queries fails the next query; the event itself must not go unheard.
    c.on("error", (e) => (failure = e));
    await c.connect();
    client = c;
    return c;
  }

  async function rowShape(c: pg.Client): Promise<RowShape> {
    if (shape) return shape;
    let columns = d.dws_table_columns;
    if (columns.length === 0) {
      const found = await c.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
        [d.dws_schema, d.dws_table_name],
      );
      columns = found.rows.map((r) => r.column_name);
      if (columns.length === 0) throw new Error(`The table ${d.dws_schema}.${d.dws_table_name} does not exist in ${d.dws_database_name}.`);
    }
    const delimiter = d.dws_delimiter || stream.csvDelimiter || ",";
    shape = { columns, json: stream.dataType === "JSON", delimiter, options: d.options };
    return shape;
  }

  async function insert(c: pg.Client, columns: readonly string[], rows: (string | null)[][]): Promise<void> {
    const names = columns.map(quoted).join(", ");
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
      const tuples = slice.map((_, r) => `(${columns.map((_, k) => `$${r * columns.length + k + 1}`).join(", ")})`);
      await c.query(`INSERT INTO ${table} (${names}) VALUES ${tuples.join(", ")}`, slice.flat());
    }
  }

  /** Inserts the rows; rows the server refuses are set apart one by one (each under its own savepoint). */
  async function insertSettingApart(c: pg.Client, columns: readonly string[], rows: { record: ReadRecord; values: (string | null)[] }[]): Promise<Rejected[]> {
    await c.query("SAVEPOINT batch");
    try {
      await insert(
        c,
        columns,
        rows.map((r) => r.values),
      );
      return [];
    } catch (error) {
      if (!isRowError(error)) throw error;
      await c.query("ROLLBACK TO SAVEPOINT batch");
    }
    const refused: Rejected[] = [];
    for (const row of rows) {
      await c.query("SAVEPOINT row");
      try {
        await insert(c, columns, [row.values]);
        await c.query("RELEASE SAVEPOINT row");
      } catch (error) {
        if (!isRowError(error)) throw error;
        await c.query("ROLLBACK TO SAVEPOINT row");
        refused.push({ record: row.record, why: (error as Error).message });
      }
    }
    return refused;
  }

  function overLimit(count: number): boolean {
    return d.options.reject_limit >= 0 && count > d.options.reject_limit;
  }

  async function keepErrors(c: pg.Client, partition: number, refused: readonly Rejected[]): Promise<void> {
    const errors = `${quoted(d.dws_schema)}.${quoted(d.options.error_table_name!)}`;
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${errors} (task_id text NOT NULL, partition_id text NOT NULL, sequence_number bigint NOT NULL, record text, error text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`,
    );
    for (const r of refused) {
      await c.query(`INSERT INTO ${errors} (task_id, partition_id, sequence_number, record, error) VALUES ($1, $2, $3, $4, $5)`, [
        run.taskId,
        partitionId(partition),
        r.record.sequence,
        new TextDecoder().decode(r.record.data).replace(/\u0000/g, "?"),
        r.why,
      ]);
    }
  }

  return {
    async write(partition: number, records: readonly ReadRecord[]): Promise<WriteResult> {
      const c = await connect();
      const s = await rowShape(c);
      const converted = records.map((record) => {
        let data: Uint8Array;
        try {
          data = decodedRecord(stream, record.data);
        } catch (error) {
          return { record, row: { error: (error as Error).message } };
        }
        return { record, row: rowOf(s, data) };
      });
      const unfit: Rejected[] = converted.flatMap((x) => ("error" in x.row ? [{ record: x.record, why: x.row.error }] : []));
      if (overLimit(unfit.length)) throw new Error(`${unfit.length} records do not fit the table, more than reject_limit ${d.options.reject_limit}; first: ${unfit[0]!.record.sequence}: ${unfit[0]!.why}`);
      const id = partitionId(partition);
      await c.query("BEGIN");
      try {
        await c.query(`CREATE TABLE IF NOT EXISTS ${progressTable} (task_id text NOT NULL, partition_id text NOT NULL, next_sequence bigint NOT NULL, PRIMARY KEY (task_id, partition_id))`);
        const stored = await c.query<{ next_sequence: string }>(`SELECT next_sequence FROM ${progressTable} WHERE task_id = $1 AND partition_id = $2 FOR UPDATE`, [run.taskId, id]);
        const done = Number(stored.rows[0]?.next_sequence ?? 0);
        const fresh = converted.filter((x) => x.record.sequence >= done);
        const rows = fresh.flatMap((x) => ("values" in x.row ? [{ record: x.record, values: x.row.values }] : []));
        const refused = await insertSettingApart(c, s.columns, rows);
        const freshUnfit = unfit.filter((u) => u.record.sequence >= done);
        if (overLimit(freshUnfit.length + refused.length)) {
          throw new Error(`${freshUnfit.length + refused.length} records were refused, more than reject_limit ${d.options.reject_limit}; first: ${[...freshUnfit, ...refused][0]!.why}`);
        }
        if (d.options.error_table_name) await keepErrors(c, partition, [...freshUnfit, ...refused]);
        const next = records[records.length - 1]!.sequence + 1;
        await c.query(
          `INSERT INTO ${progressTable} (task_id, partition_id, next_sequence) VALUES ($1, $2, $3)
           ON CONFLICT (task_id, partition_id) DO UPDATE SET next_sequence = GREATEST(${progressTable}.next_sequence, excluded.next_sequence)`,
          [run.taskId, id, next],
        );
        await c.query("COMMIT");
        // Refused records kept in the error table are not backed up again; without one, they go to dws_error/.
        return { writes: 1, rejected: d.options.error_table_name ? [] : [...unfit, ...refused].sort((a, b) => a.record.sequence - b.record.sequence) };
      } catch (error) {
        await c.query("ROLLBACK").catch(() => {});
        throw failure ?? error;
      }
    },
    async close() {
      const c = client;
      client = null;
      await c?.end();
    },
  };
}
