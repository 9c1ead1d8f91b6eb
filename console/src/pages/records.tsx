/**
 * The record browser: a partition and a cursor (any of the five types), pages of records shown
 * as UTF-8, pretty JSON or hex; follow mode (a push subscription, polling where a socket cannot
 * be had); the shown records as JSON lines; a test record put from a form.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ConsoleApi } from "../api";
import { Field, Problem, useAction } from "../components/ui";
import { formatTime, fromBase64, jsonLines, render, type Rendering, type ShownRecord } from "../format";
import type { StreamDescription } from "./stream";

const CURSOR_TYPES = ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "AT_TIMESTAMP"] as const;
type CursorType = (typeof CURSOR_TYPES)[number];
const PAGE_BYTES = 256 * 1024;
const POLL_MS = 2_000;

export function Records({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const [partition, setPartition] = useState(stream.partitions[0]?.partition_id ?? "0");
  const [cursorType, setCursorType] = useState<CursorType>("TRIM_HORIZON");
  const [sequence, setSequence] = useState("0");
  const [time, setTime] = useState("");
  const [rendering, setRendering] = useState<Rendering>("utf8");
  const [records, setRecords] = useState<ShownRecord[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [following, setFollowing] = useState(false);
  const [followMode, setFollowMode] = useState<"push" | "polling" | null>(null);
  const { run, error, busy } = useAction();

  const read = (cursor: string, replace: boolean) =>
    run(async () => {
      const got = await api.call("GET", "/records", { query: { "partition-cursor": cursor, max_fetch_bytes: PAGE_BYTES } });
      setRecords((shown) => (replace ? got.records : [...shown, ...got.records]));
      setNext(got.next_partition_cursor ?? null);
    });

  const start = () =>
    run(async () => {
      const query: Record<string, string> = { "stream-name": stream.stream_name, "partition-id": partition, "cursor-type": cursorType };
      if (cursorType === "AT_SEQUENCE_NUMBER" || cursorType === "AFTER_SEQUENCE_NUMBER") query["starting-sequence-number"] = sequence;
      if (cursorType === "AT_TIMESTAMP") query.timestamp = String(Date.parse(`${time}Z`) || 0);
      const { partition_cursor } = await api.call("GET", "/cursors", { query });
      await read(partition_cursor, true);
    });

  const download = () => {
    const url = URL.createObjectURL(new Blob([jsonLines(records)], { type: "application/x-ndjson" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${stream.stream_name}-${partition}.jsonl`;
    a.click();
    URL.revokeObjectURL(url);
  };

  // Follow mode: records after the last one shown, as they arrive.
  const lastShown = useRef<string | null>(null);
  lastShown.current = records.at(-1)?.sequence_number ?? null;
  const nextCursor = useRef<string | null>(null);
  nextCursor.current = next;
  useEffect(() => {
    if (!following) return;
    const after = lastShown.current;
    const query = after === null ? { "stream-name": stream.stream_name, "partition-id": partition, "cursor-type": "LATEST" } : { "stream-name": stream.stream_name, "partition-id": partition, "cursor-type": "AFTER_SEQUENCE_NUMBER", "starting-sequence-number": after };
    let socket: WebSocket | null = null;
    let poller: ReturnType<typeof setInterval> | null = null;
    const poll = () => {
      setFollowMode("polling");
      poller = setInterval(() => {
        if (nextCursor.current) void read(nextCursor.current, false);
      }, POLL_MS);
    };
    try {
      socket = api.subscribe(query);
      setFollowMode("push");
      socket.onmessage = (event) => {
        const frame = JSON.parse(event.data as string) as { type: string; records?: ShownRecord[] };
        if (frame.type === "error") {
          // Refused (a permission, say): read by polling instead, which shows the refusal if it is one.
          socket?.close(1000);
          socket = null;
          poll();
          return;
        }
        if (frame.type === "records" && frame.records && frame.records.length > 0) {
          setRecords((shown) => [...shown, ...frame.records!]);
          socket!.send(JSON.stringify({ action: "ack", sequence_number: frame.records.at(-1)!.sequence_number }));
        }
      };
      socket.onerror = () => {
        socket = null;
        poll();
      };
    } catch {
      poll();
    }
    return () => {
      socket?.close(1000);
      if (poller) clearInterval(poller);
      setFollowMode(null);
    };
  }, [following, partition]);

  return (
    <section aria-label="records">
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
        aria-label="read records"
      >
        <Field label="Partition">
          <select value={partition} onChange={(e) => setPartition(e.currentTarget.value)} aria-label="partition">
            {stream.partitions.map((p) => (
              <option key={p.partition_id}>{p.partition_id}</option>
            ))}
          </select>
        </Field>
        <Field label="Cursor">
          <select value={cursorType} onChange={(e) => setCursorType(e.currentTarget.value as CursorType)} aria-label="cursor type">
            {CURSOR_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        {(cursorType === "AT_SEQUENCE_NUMBER" || cursorType === "AFTER_SEQUENCE_NUMBER") && (
          <Field label="Sequence number">
            <input inputMode="numeric" value={sequence} onInput={(e) => setSequence(e.currentTarget.value)} aria-label="sequence number" />
          </Field>
        )}
        {cursorType === "AT_TIMESTAMP" && (
          <Field label="From (UTC)">
            <input type="datetime-local" step={1} value={time} onInput={(e) => setTime(e.currentTarget.value)} aria-label="from time" />
          </Field>
        )}
        <button type="submit" disabled={busy}>
          Read
        </button>
        <button type="button" disabled={!next || busy} onClick={() => next && void read(next, false)}>
          More
        </button>
        <label class="check">
          <input type="checkbox" checked={following} onChange={(e) => setFollowing(e.currentTarget.checked)} /> Follow
          {followMode && <span class="muted"> ({followMode})</span>}
        </label>
      </form>
      <div class="toolbar">
        <span class="label">Show data as</span>
        {(["utf8", "json", "hex"] as const).map((r) => (
          <label key={r} class="check">
            <input type="radio" name="rendering" checked={rendering === r} onChange={() => setRendering(r)} /> {r === "utf8" ? "UTF-8" : r === "json" ? "JSON" : "hex"}
          </label>
        ))}
        <button type="button" disabled={records.length === 0} onClick={download}>
          Download JSON lines
        </button>
      </div>
      <Problem error={error} />
      <p class="muted">{records.length} records shown</p>
      <ol class="records">
        {records.map((r) => {
          const shown = render(fromBase64(r.data), rendering);
          return (
            <li key={r.sequence_number} class="record">
              <div class="meta">
                <span>#{r.sequence_number}</span>
                <span>{formatTime(r.timestamp)}</span>
                {r.partition_key !== undefined && <span>key {r.partition_key}</span>}
              </div>
              <pre class={shown === null ? "muted" : undefined}>{shown ?? "(not JSON)"}</pre>
            </li>
          );
        })}
      </ol>
      <PutRecord api={api} stream={stream} />
    </section>
  );
}

function PutRecord({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const [data, setData] = useState("");
  const [key, setKey] = useState("");
  const [answer, setAnswer] = useState<string | null>(null);
  const { run, error, busy } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const bytes = new TextEncoder().encode(data);
      let binary = "";
      for (const b of bytes) binary += String.fromCharCode(b);
      const reply = await api.call("POST", "/records", { body: { stream_name: stream.stream_name, records: [{ data: btoa(binary), ...(key ? { partition_key: key } : {}) }] } });
      const r = reply.records[0];
      if (r.error_code) throw new Error(`${r.error_code} ${r.error_message}`);
      setAnswer(`Stored in partition ${r.partition_id} as #${r.sequence_number}.`);
    });
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="put a test record">
      <h2>Put a test record</h2>
      <Field label="Data (UTF-8)">
        <textarea name="data" rows={3} value={data} onInput={(e) => setData(e.currentTarget.value)} />
      </Field>
      <Field label="Partition key (optional)">
        <input name="partition_key" value={key} onInput={(e) => setKey(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        Put
      </button>
      {answer && <p role="status">{answer}</p>}
      <Problem error={error} />
    </form>
  );
}
