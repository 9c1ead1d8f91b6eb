/** A stream's page: its tabs, and the overview (partitions, live charts of the stream's and a partition's metrics). */
import { useState } from "preact/hooks";
import type { ConsoleApi } from "../api";
import { Chart, type Series } from "../components/chart";
import { Problem, useLoad } from "../components/ui";
import { metricsWindow, RANGES, type RangeKey } from "../format";
import { hrefOf, STREAM_TABS, type StreamTab } from "../router";
import { Consumers } from "./consumers";
import { Records } from "./records";
import { Settings } from "./settings";
import { Tasks } from "./tasks";

export interface Partition {
  partition_id: string;
  status: string;
  hash_range: string;
  sequence_number_range: string;
  parent_partitions?: string;
}

export interface StreamDescription {
  stream_name: string;
  stream_id: string;
  stream_type: string;
  data_type: string;
  retention_period: number;
  status: string;
  partitions: Partition[];
  writable_partition_count: number;
  readable_partition_count: number;
  auto_scale_enabled?: boolean;
  auto_scale_min_partition_count?: number;
  auto_scale_max_partition_count?: number;
  data_schema?: string;
  compression_format?: string;
  tags?: { key: string; value: string }[];
}

export function describeStream(api: ConsoleApi, name: string): Promise<StreamDescription> {
  return api.call("GET", `/streams/${encodeURIComponent(name)}`, { query: { limit_partitions: 1000 } });
}

const TAB_LABELS: Record<StreamTab, string> = { overview: "Overview", records: "Records", consumers: "Consumers", tasks: "Transfer tasks", settings: "Settings" };

export function StreamPage({ api, name, tab }: { api: ConsoleApi; name: string; tab: StreamTab }) {
  // Described again at each tab, and every 15 s.
  const { data: stream, error, reload } = useLoad(() => describeStream(api, name), [name, tab], 15_000);
  return (
    <main>
      <h1>
        <a href="#/streams">Streams</a> / {name}
      </h1>
      <nav class="tabs" aria-label="stream">
        {STREAM_TABS.map((t) => (
          <a key={t} href={hrefOf({ page: "stream", stream: name, tab: t })} aria-current={t === tab ? "page" : undefined}>
            {TAB_LABELS[t]}
          </a>
        ))}
      </nav>
      <Problem error={error} />
      {stream && tab === "overview" && <Overview api={api} stream={stream} />}
      {stream && tab === "records" && <Records api={api} stream={stream} />}
      {stream && tab === "consumers" && <Consumers api={api} stream={stream} />}
      {stream && tab === "tasks" && <Tasks api={api} stream={stream} />}
      {stream && tab === "settings" && <Settings api={api} stream={stream} onChanged={reload} />}
    </main>
  );
}

const STREAM_CHARTS = [
  { title: "Put bytes/s", labels: ["total_put_bytes_per_stream"], rate: true },
  { title: "Get bytes/s", labels: ["total_get_bytes_per_stream"], rate: true },
  { title: "Put and get records/s", labels: ["total_put_records_per_stream", "total_get_records_per_stream"], rate: true },
  { title: "Throttled requests/s", labels: ["traffic_control_put", "traffic_control_get"], rate: true },
  { title: "Latency (ms)", labels: ["total_put_req_latency", "total_get_req_latency"], rate: false },
];
const PARTITION_CHARTS = [
  { title: "Partition bytes/s", labels: ["total_put_bytes_per_partition", "total_get_bytes_per_partition"], rate: true },
  { title: "Partition records/s", labels: ["total_put_records_per_partition", "total_get_records_per_partition"], rate: true },
];

interface MetricSeries {
  label: string;
  dataPoints: { timestamp: number; value: number }[];
}

/** The metrics as chart series: seconds on the time axis; sums per bucket as rates per second. */
function seriesOf(metrics: MetricSeries[], labels: string[], rate: boolean): Series[] {
  return labels.map((label) => {
    const points = metrics.find((m) => m.label === label)?.dataPoints ?? [];
    const bucket = points.length > 1 ? (points[1]!.timestamp - points[0]!.timestamp) / 1000 : 60;
    return { label: label.replace(/^total_|_per_(stream|partition)$/g, ""), points: points.map((p) => ({ timestamp: p.timestamp / 1000, value: rate ? +(p.value / bucket).toFixed(3) : p.value })) };
  });
}

function Overview({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const [range, setRange] = useState<RangeKey>("15m");
  const [partition, setPartition] = useState(stream.partitions[0]?.partition_id ?? "");
  const path = `/streams/${encodeURIComponent(stream.stream_name)}`;
  const refresh = range === "15m" || range === "1h" ? 10_000 : 60_000;
  const metrics = useLoad(
    async () => {
      const window = metricsWindow(range);
      const [all, one] = await Promise.all([
        api.call("GET", `${path}/metrics`, { query: { label_list: STREAM_CHARTS.flatMap((c) => c.labels).join(","), ...window } }),
        partition ? api.call("GET", `${path}/partitions/${encodeURIComponent(partition)}/metrics`, { query: { label_list: PARTITION_CHARTS.flatMap((c) => c.labels).join(","), ...window } }) : null,
      ]);
      return { stream: all.metrics_list as MetricSeries[], partition: (one?.metrics_list ?? []) as MetricSeries[] };
    },
    [range, partition, stream.stream_name],
    refresh,
  );
  return (
    <>
      <section aria-label="partitions">
        <h2>Partitions</h2>
        <p class="muted">
          {stream.stream_type} · {stream.data_type} · kept {stream.retention_period} h · {stream.writable_partition_count} writable, {stream.readable_partition_count} readable
        </p>
        <div class="scroll">
          <table class="list">
            <thead>
              <tr>
                <th>Partition</th>
                <th>Status</th>
                <th>Hash range</th>
                <th>Sequence numbers</th>
              </tr>
            </thead>
            <tbody>
              {stream.partitions.map((p) => (
                <tr key={p.partition_id}>
                  <td>{p.partition_id}</td>
                  <td>{p.status}</td>
                  <td class="mono">{p.hash_range}</td>
                  <td class="mono">{p.sequence_number_range}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-label="metrics">
        <h2>Metrics</h2>
        <div class="toolbar">
          <label class="field">
            <span class="label">Time range</span>
            <select value={range} onChange={(e) => setRange(e.currentTarget.value as RangeKey)} aria-label="time range">
              {RANGES.map((r) => (
                <option key={r.key} value={r.key}>
                  last {r.label}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="label">Partition</span>
            <select value={partition} onChange={(e) => setPartition(e.currentTarget.value)} aria-label="metrics partition">
              {stream.partitions.map((p) => (
                <option key={p.partition_id}>{p.partition_id}</option>
              ))}
            </select>
          </label>
        </div>
        <Problem error={metrics.error} />
        {metrics.data && (
          <div class="charts">
            {STREAM_CHARTS.map((c) => (
              <Chart key={c.title} title={c.title} series={seriesOf(metrics.data!.stream, c.labels, c.rate)} />
            ))}
            {PARTITION_CHARTS.map((c) => (
              <Chart key={c.title} title={`${c.title} (${partition})`} series={seriesOf(metrics.data!.partition, c.labels, c.rate)} />
            ))}
          </div>
        )}
      </section>
    </>
  );
}
