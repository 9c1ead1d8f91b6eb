/** Pure helpers of the console: record renderings, times and sizes, lag, metric ranges, token renewal. */

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export type Rendering = "utf8" | "json" | "hex";

/** A record's data as UTF-8 text (invalid sequences as U+FFFD), pretty JSON (null when it is not JSON), or hex. */
export function render(bytes: Uint8Array, as: Rendering): string | null {
  if (as === "hex") return hexDump(bytes);
  const text = new TextDecoder().decode(bytes);
  if (as === "utf8") return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** Hex bytes, 16 a line, with their offset. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = Array.from(bytes.subarray(i, i + 16), (b) => b.toString(16).padStart(2, "0")).join(" ");
    lines.push(`${i.toString(16).padStart(6, "0")}  ${row}`);
  }
  return lines.join("\n");
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", " UTC");
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export interface ShownRecord {
  sequence_number: string;
  partition_key?: string;
  timestamp: number;
  data: string;
}

/** Records as JSON lines: one object a line, the data as UTF-8 text when it is, else base64. */
export function jsonLines(records: readonly ShownRecord[]): string {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  return records
    .map((r) => {
      const bytes = fromBase64(r.data);
      let data: { data: string } | { data_base64: string };
      try {
        data = { data: decoder.decode(bytes) };
      } catch {
        data = { data_base64: r.data };
      }
      return JSON.stringify({ sequence_number: r.sequence_number, timestamp: r.timestamp, ...(r.partition_key === undefined ? {} : { partition_key: r.partition_key }), ...data });
    })
    .map((line) => `${line}\n`)
    .join("");
}

/**
 * Records a consumer has not read in one partition: those after its checkpoint up to the
 * partition's latest offset (the next sequence number to be written). With no checkpoint
 * (`-1`), every retained record from the earliest.
 */
export function recordsBehind(state: { sequence_number: string; latest_offset: string; earliest_offset: string }): number {
  const latest = Number(state.latest_offset);
  const earliest = Number(state.earliest_offset);
  const checkpoint = Number(state.sequence_number);
  const next = checkpoint < 0 ? earliest : Math.max(checkpoint + 1, earliest);
  return Math.max(0, latest - next);
}

export const RANGES = [
  { key: "15m", label: "15 minutes", seconds: 15 * 60 },
  { key: "1h", label: "1 hour", seconds: 3600 },
  { key: "6h", label: "6 hours", seconds: 6 * 3600 },
  { key: "24h", label: "24 hours", seconds: 86400 },
  { key: "7d", label: "7 days", seconds: 7 * 86400 },
] as const;
export type RangeKey = (typeof RANGES)[number]["key"];

/** `start_time` and `end_time` (epoch seconds) of the metrics query for a range ending now. */
export function metricsWindow(range: RangeKey, now = Date.now()): { start_time: number; end_time: number } {
  const seconds = RANGES.find((r) => r.key === range)!.seconds;
  const end = Math.floor(now / 1000);
  return { start_time: end - seconds, end_time: end };
}

/** A session's token is renewed this long before it expires. */
export const RENEW_BEFORE_MS = 10 * 60 * 1000;

/** When to renew a token that expires at `expiresAt` (ms from now; 0: at once). */
export function renewDelay(expiresAt: number, now = Date.now()): number {
  return Math.max(0, expiresAt - RENEW_BEFORE_MS - now);
}
