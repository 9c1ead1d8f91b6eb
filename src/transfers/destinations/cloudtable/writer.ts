/**
 * Sending a batch's data points to OpenTSDB's HTTP API: `POST /api/put?details`, at most
 * `POINTS_PER_REQUEST` points a request, a few requests at a time. OpenTSDB keeps one value per
 * series and time, so a batch repeated after a crash writes the same points again and adds none.
 *
 * Answers: 2xx, every point taken; 400 with `errors` (OpenTSDB's details), those points refused
 * (their records are rejected, the rest were stored); anything else fails the batch, which is
 * retried.
 */
import type { ReadRecord } from "../../../partition/log-contract";
import { decodedRecord } from "../../../records/data-types/record-check";
import type { StreamRow } from "../../../streams/repository";
import type { DeliveryWriter, WriteResult } from "../destination";
import type { OpenTsdbSchema } from "./descriptor";
import { pointsOf, type DataPoint } from "./points";

/** Points in one request (about 50 KB of JSON). */
export const POINTS_PER_REQUEST = 500;
/** Points in one write: a batch is cut so that one write is a bounded number of requests. */
export const POINTS_PER_WRITE = 5_000;
const CONCURRENT_REQUESTS = 4;
/** A request OpenTSDB has not answered by then fails the batch (it is retried). */
const REQUEST_TIMEOUT_MS = 30_000;

type Rejected = WriteResult["rejected"][number];

/** A point's identity in OpenTSDB's error details: its series and time. */
function identity(p: { metric?: unknown; timestamp?: unknown; tags?: unknown }): string {
  const tags = typeof p.tags === "object" && p.tags !== null ? Object.entries(p.tags as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)) : [];
  return JSON.stringify([p.metric, Number(p.timestamp), tags.map(([k, v]) => [k, String(v)])]);
}

async function send(endpoint: string, points: DataPoint[]): Promise<{ point: unknown; error: string }[]> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/api/put?details`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(points),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`OpenTSDB at ${endpoint} cannot be reached: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.ok) return [];
  if (response.status === 400) {
    let details: { errors?: { datapoint?: unknown; error?: unknown }[] } | null = null;
    try {
      details = JSON.parse(text);
    } catch {
      // Not OpenTSDB's details: the whole request failed.
    }
    if (Array.isArray(details?.errors) && details.errors.length > 0) return details.errors.map((e) => ({ point: e.datapoint, error: String(e.error ?? "refused") }));
  }
  throw new Error(`OpenTSDB at ${endpoint} answered ${response.status}: ${text.slice(0, 300)}`);
}

export function openTsdbWriter(endpoint: string, schema: OpenTsdbSchema, stream: StreamRow): DeliveryWriter {
  return {
    take: (records) => Math.min(records.length, Math.max(1, Math.floor(POINTS_PER_WRITE / schema.length))),

    async write(_partition: number, records: readonly ReadRecord[]): Promise<WriteResult> {
      const rejected: Rejected[] = [];
      const points: DataPoint[] = [];
      const owners = new Map<string, ReadRecord>();
      for (const record of records) {
        let made: DataPoint[] | string;
        try {
          made = pointsOf(schema, decodedRecord(stream, record.data));
        } catch (error) {
          made = (error as Error).message;
        }
        if (typeof made === "string") {
          rejected.push({ record, why: made });
          continue;
        }
        points.push(...made);
        for (const p of made) owners.set(identity(p), record);
      }
      const requests: DataPoint[][] = [];
      for (let i = 0; i < points.length; i += POINTS_PER_REQUEST) requests.push(points.slice(i, i + POINTS_PER_REQUEST));
      const refused: { point: unknown; error: string }[] = [];
      for (let i = 0; i < requests.length; i += CONCURRENT_REQUESTS) {
        const answers = await Promise.all(requests.slice(i, i + CONCURRENT_REQUESTS).map((r) => send(endpoint, r)));
        refused.push(...answers.flat());
      }
      const seen = new Set(rejected.map((r) => r.record));
      for (const { point, error } of refused) {
        const record = typeof point === "object" && point !== null ? owners.get(identity(point as DataPoint)) : undefined;
        if (!record) throw new Error(`OpenTSDB refused a point it did not name: ${error}`);
        if (!seen.has(record)) rejected.push({ record, why: `OpenTSDB refused ${JSON.stringify(point)}: ${error}` });
        seen.add(record);
      }
      rejected.sort((a, b) => a.record.sequence - b.record.sequence);
      return { writes: requests.length, rejected };
    },

    close: async () => {},
  };
}
