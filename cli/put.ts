/**
 * `dis put <stream>`: records from standard input or files, one per line or one per file, sent
 * in put-records batches in order; records the service turns away with DIS.4303 (traffic
 * control) are sent again with backoff. Ends with a summary: sent, failed, time.
 */
import { createReadStream, existsSync, fstatSync, readFileSync, statSync } from "node:fs";
import type { Readable } from "node:stream";
import type { DisApi } from "../client/api";
import { Batcher, LineSplitter, partitionKeyOf, unsendable, type KeyRule, type OutRecord } from "./batches";
import { UsageError } from "./config";
import type { Printer } from "./output";
import { formatBytes, ProgressBar } from "./progress";

export interface PutOptions {
  /** Input files; empty or `-`: standard input. */
  files: string[];
  whole: boolean;
  key: KeyRule;
  progress: boolean;
  /** Sending again after DIS.4303, at most this many times per record. */
  retries: number;
}

export interface PutSummary {
  sent: number;
  failed: number;
  bytes: number;
  seconds: number;
  /** Per error code, how many records failed with it. */
  failures: Record<string, number>;
}

interface PutAnswer {
  failed_record_count: number;
  records: { sequence_number?: string; partition_id?: string; error_code?: string; error_message?: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function putRecords(api: DisApi, stream: string, options: PutOptions, printer: Printer, stderr: NodeJS.WritableStream = process.stderr): Promise<PutSummary> {
  const described = await api.call<{ stream_type: "COMMON" | "ADVANCED" }>("GET", `/streams/${encodeURIComponent(stream)}`, { query: { limit_partitions: 1 } });
  const inputs = options.files.length === 0 ? ["-"] : options.files;
  for (const input of inputs) if (input !== "-" && !existsSync(input)) throw new UsageError(`No such file: ${input}`);
  const total = inputSize(inputs);
  const started = Date.now();
  const summary: PutSummary = { sent: 0, failed: 0, bytes: 0, seconds: 0, failures: {} };
  const bar = new ProgressBar(stderr, options.progress);
  // Input bytes whose records were answered (sent or failed): what the percentage counts.
  let done = 0;
  const state = () => ({ records: summary.sent, bytes: summary.bytes, inputRead: done, inputTotal: total });
  const fail = (code: string, n = 1) => {
    summary.failed += n;
    summary.failures[code] = (summary.failures[code] ?? 0) + n;
  };

  const send = async (batch: (OutRecord & { inputBytes: number })[]) => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const answer = await api.call<PutAnswer>("POST", "/records", {
        body: {
          stream_name: stream,
          records: pending.map((r) => ({ data: Buffer.from(r.data).toString("base64"), ...(r.partitionKey !== undefined ? { partition_key: r.partitionKey } : {}) })),
        },
      });
      const again: typeof batch = [];
      answer.records.forEach((result, i) => {
        const record = pending[i]!;
        if (!result.error_code) {
          summary.sent += 1;
          summary.bytes += record.data.byteLength;
        } else if (result.error_code === "DIS.4303" && attempt < options.retries) again.push(record);
        else fail(result.error_code);
      });
      pending = again;
      if (pending.length > 0) await sleep(Math.min(5000, 100 * 2 ** attempt));
    }
    done += batch.reduce((n, r) => n + r.inputBytes, 0);
    bar.update(state());
  };

  const batcher = new Batcher<OutRecord & { inputBytes: number }>(described.stream_type);
  const take = async (data: Uint8Array, inputBytes: number) => {
    const record: OutRecord & { inputBytes: number } = { data, partitionKey: partitionKeyOf(data, options.key), inputBytes };
    const problem = unsendable(record);
    if (problem) {
      stderr.write(`${options.progress ? "\n" : ""}skipped: ${problem}\n`);
      done += inputBytes;
      return fail("TOO_LARGE");
    }
    const full = batcher.add(record);
    if (full) await send(full);
  };

  for (const input of inputs) {
    if (options.whole) {
      const data = input === "-" ? await readAll(process.stdin) : readFileSync(input);
      await take(data, data.byteLength);
      continue;
    }
    const lines = new LineSplitter();
    for await (const chunk of input === "-" ? process.stdin : createReadStream(input)) {
      for (const line of lines.push(chunk as Buffer)) await take(line, line.byteLength + 1);
    }
    for (const line of lines.end()) await take(line, line.byteLength);
  }
  const last = batcher.take();
  if (last) await send(last);
  summary.seconds = (Date.now() - started) / 1000;
  bar.finish(state());

  printer.result(summary, () => {
    const failures = Object.entries(summary.failures).map(([code, n]) => `${n} ${code}`);
    return `Sent ${summary.sent} records (${formatBytes(summary.bytes)}) in ${summary.seconds.toFixed(1)} s; ${summary.failed} failed${failures.length ? ` (${failures.join(", ")})` : ""}.`;
  });
  return summary;
}

/** The input's size when known (files, or standard input redirected from a file). */
function inputSize(inputs: string[]): number | null {
  let total = 0;
  for (const input of inputs) {
    const stat = input === "-" ? fstatSync(0) : statSync(input);
    if (!stat.isFile()) return null;
    total += stat.size;
  }
  return total;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
