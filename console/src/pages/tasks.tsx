/**
 * The stream's transfer tasks: state and per-partition progress (delivered up to, lag, discard),
 * start and stop, the OBS create form, and for file tasks the objects delivered with a preview of
 * a text object.
 */
import { useState } from "preact/hooks";
import type { ConsoleApi } from "../api";
import { Field, Problem, useAction, useLoad } from "../components/ui";
import { formatBytes, formatTime } from "../format";
import type { StreamDescription } from "./stream";
import { DELIVER_INTERVAL, DIRECTORY_PREFIX, PARTITION_FORMATS, RECORD_DELIMITERS, SUPPORTED_FILE_TYPES, TASK_NAME } from "../../../src/transfers/limits";

interface TaskPartition {
  partitionId?: string;
  partition_id?: string;
  state: string;
  last_transfer_offset: number;
  last_transfer_timestamp: number;
  discard: number;
  sequence_number_range?: string;
}

interface TaskDescription {
  task_id: string;
  task_name: string;
  destination_type: string;
  state: string;
  last_transfer_timestamp: number;
  partitions: TaskPartition[];
}

/** Records a task has yet to deliver in a partition: from after its offset to the partition's latest. */
function taskLag(p: TaskPartition): number | null {
  const match = /\[(\d+) : (\d+)\]/.exec(p.sequence_number_range ?? "");
  if (!match) return null;
  // The range ends at the next sequence number to be written.
  return Math.max(0, Number(match[2]) - p.last_transfer_offset - 1);
}

export function Tasks({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const base = `/streams/${encodeURIComponent(stream.stream_name)}/transfer-tasks`;
  const { data, error, reload } = useLoad(
    async () => {
      const listed = await api.call("GET", base);
      return Promise.all((listed.tasks as { task_name: string }[]).map((t) => api.call<TaskDescription>("GET", `${base}/${encodeURIComponent(t.task_name)}`)));
    },
    [stream.stream_name],
    10_000,
  );
  const [creating, setCreating] = useState(false);
  const action = useAction();
  const act = (task: TaskDescription, verb: "start" | "stop") => action.run(async () => {
    await api.call("POST", `${base}/action`, { body: { action: verb, tasks: [{ id: task.task_id }] } });
    await reload();
  });
  return (
    <section aria-label="transfer tasks">
      <button type="button" onClick={() => setCreating(!creating)}>
        {creating ? "Close the form" : "Create OBS task"}
      </button>
      {creating && (
        <CreateObsTask
          api={api}
          base={base}
          onCreated={() => {
            setCreating(false);
            void reload();
          }}
        />
      )}
      <Problem error={error ?? action.error} />
      {data?.length === 0 && <p class="muted">No transfer tasks on this stream.</p>}
      {data?.map((task) => (
        <article key={task.task_id} class="panel" aria-label={`task ${task.task_name}`}>
          <h2>
            {task.task_name} <span class="badge">{task.destination_type}</span> <span class={`badge state-${task.state}`}>{task.state}</span>
          </h2>
          <p class="muted">Last delivery: {task.last_transfer_timestamp ? formatTime(task.last_transfer_timestamp) : "none yet"}</p>
          <div class="toolbar">
            <button type="button" onClick={() => void act(task, "start")} disabled={task.state === "RUNNING"}>
              Start
            </button>
            <button type="button" onClick={() => void act(task, "stop")} disabled={task.state === "PAUSED"}>
              Stop
            </button>
          </div>
          <div class="scroll">
            <table class="list">
              <thead>
                <tr>
                  <th>Partition</th>
                  <th>State</th>
                  <th>Delivered up to</th>
                  <th>Lag</th>
                  <th>Discarded</th>
                </tr>
              </thead>
              <tbody>
                {task.partitions.map((p) => (
                  <tr key={p.partitionId ?? p.partition_id}>
                    <td>{p.partitionId ?? p.partition_id}</td>
                    <td>{p.state}</td>
                    <td>{p.last_transfer_offset}</td>
                    <td>{taskLag(p) ?? "-"}</td>
                    <td>{p.discard}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {["OBS", "MRS", "DLI"].includes(task.destination_type) && <Objects api={api} path={`${base}/${encodeURIComponent(task.task_name)}/objects`} />}
        </article>
      ))}
    </section>
  );
}

interface DeliveredObject {
  key: string;
  size: number;
  uploaded: number;
  content_type: string | null;
  metadata: Record<string, string>;
}

function Objects({ api, path }: { api: ConsoleApi; path: string }) {
  const { data, error } = useLoad(() => api.call<{ objects: DeliveredObject[]; cursor?: string }>("GET", path), [path], 15_000);
  const [preview, setPreview] = useState<{ key: string; text: string | null; truncated: boolean } | null>(null);
  const shown = useAction();
  return (
    <div class="objects">
      <h3>Delivered objects</h3>
      <Problem error={error ?? shown.error} />
      {data && data.objects.length === 0 && <p class="muted">Nothing delivered yet.</p>}
      <ul>
        {data?.objects.map((o) => (
          <li key={o.key}>
            <button type="button" class="link" onClick={() => void shown.run(async () => setPreview(await api.call("GET", `${path}/preview`, { query: { key: o.key } })))}>
              {o.key}
            </button>{" "}
            <span class="muted">
              {formatBytes(o.size)} · {o.metadata.record_count ?? "?"} records · {formatTime(o.uploaded)}
            </span>
          </li>
        ))}
      </ul>
      {preview && (
        <figure class="preview" aria-label="object preview">
          <figcaption>{preview.key}</figcaption>
          <pre>{preview.text ?? "(not a text object)"}</pre>
          {preview.truncated && <p class="muted">(the first 64 KiB)</p>}
        </figure>
      )}
    </div>
  );
}

function CreateObsTask({ api, base, onCreated }: { api: ConsoleApi; base: string; onCreated: () => void }) {
  const [form, setForm] = useState({
    task_name: "",
    obs_bucket_path: "obsbucket",
    file_prefix: "",
    partition_format: "",
    destination_file_type: "text",
    record_delimiter: "\n",
    deliver_time_interval: String(DELIVER_INTERVAL.default),
    consumer_strategy: "LATEST",
    agency_name: "dis_admin_agency",
  });
  const { run, error, busy, setError } = useAction();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    const interval = Number(form.deliver_time_interval);
    const problems = [
      TASK_NAME.test(form.task_name) ? null : "Name: 1-64 letters, digits, '_' or '-'.",
      DIRECTORY_PREFIX.test(form.file_prefix) ? null : "File prefix: at most 50 letters, digits, '_' and '/', not starting with '/'.",
      Number.isInteger(interval) && interval >= DELIVER_INTERVAL.min && interval <= DELIVER_INTERVAL.max ? null : `Interval: ${DELIVER_INTERVAL.min}-${DELIVER_INTERVAL.max} seconds.`,
    ].filter(Boolean);
    if (problems.length > 0) return setError(new Error(problems.join(" ")));
    void run(async () => {
      await api.call("POST", base, { body: { destination_type: "OBS", obs_destination_descriptor: { ...form, deliver_time_interval: interval } } });
      onCreated();
    });
  };
  return (
    <form class="panel" noValidate onSubmit={submit} aria-label="create OBS task">
      <div class="grid">
        <Field label="Task name">
          <input name="task_name" required value={form.task_name} onInput={set("task_name")} />
        </Field>
        <Field label="Bucket">
          <input name="obs_bucket_path" required value={form.obs_bucket_path} onInput={set("obs_bucket_path")} />
        </Field>
        <Field label="File prefix">
          <input name="file_prefix" value={form.file_prefix} onInput={set("file_prefix")} />
        </Field>
        <Field label="Time directories">
          <select name="partition_format" value={form.partition_format} onChange={set("partition_format")}>
            {PARTITION_FORMATS.filter((f) => f !== "N/A").map((f) => (
              <option key={f} value={f}>
                {f || "none"}
              </option>
            ))}
          </select>
        </Field>
        <Field label="File type">
          <select name="destination_file_type" value={form.destination_file_type} onChange={set("destination_file_type")}>
            {SUPPORTED_FILE_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Record delimiter">
          <select name="record_delimiter" value={form.record_delimiter} onChange={set("record_delimiter")}>
            {RECORD_DELIMITERS.map((d) => (
              <option key={d} value={d}>
                {d === "\n" ? "newline" : d}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Interval (seconds)" hint={`${DELIVER_INTERVAL.min}-${DELIVER_INTERVAL.max}`}>
          <input name="deliver_time_interval" type="number" min={DELIVER_INTERVAL.min} max={DELIVER_INTERVAL.max} value={form.deliver_time_interval} onInput={set("deliver_time_interval")} />
        </Field>
        <Field label="Start from">
          <select name="consumer_strategy" value={form.consumer_strategy} onChange={set("consumer_strategy")}>
            <option>LATEST</option>
            <option>TRIM_HORIZON</option>
          </select>
        </Field>
        <Field label="Agency">
          <input name="agency_name" required value={form.agency_name} onInput={set("agency_name")} />
        </Field>
      </div>
      <button type="submit" disabled={busy}>
        Create task
      </button>
      <Problem error={error} />
    </form>
  );
}
