/** The project's streams: search by name, a page at a time, and the create form (every option of reference §5.1.1). */
import { useState } from "preact/hooks";
import type { ConsoleApi } from "../api";
import { Field, Problem, useAction, useLoad } from "../components/ui";
import { hrefOf } from "../router";
import { COMPRESSION_FORMATS, CSV_DELIMITER_MAX, DATA_TYPES, MAX_TAGS, RETENTION_HOURS, STREAM_TYPES } from "../../../src/streams/limits";
import { createBody, formProblems, NEW_STREAM } from "../stream-form";

const PAGE = 10;

interface StreamInfo {
  stream_name: string;
  stream_id: string;
  partition_count?: number;
  stream_type: string;
  data_type: string;
  retention_period: number;
  status: string;
  create_time: number;
}

/**
 * A page of the streams whose names hold `search` (the tag filter's `matches` on the name, each
 * stream of the page then described), or a page of all streams; pages start after `start`.
 */
async function loadPage(api: ConsoleApi, search: string, start: string | undefined) {
  if (search) {
    const found = await api.call("POST", "/stream/resource_instances/action", { body: { action: "filter", matches: [{ key: "resource_name", value: search }], limit: "1000", offset: "0" } });
    const names: string[] = (found.resources ?? []).map((r: { resource_name: string }) => r.resource_name).sort();
    const after = names.filter((n) => start === undefined || n > start);
    const page = await Promise.all(
      after.slice(0, PAGE).map(async (name): Promise<StreamInfo> => {
        const d = await api.call("GET", `/streams/${encodeURIComponent(name)}`, { query: { limit_partitions: 1 } });
        return { stream_name: name, stream_id: d.stream_id, partition_count: d.writable_partition_count, stream_type: d.stream_type, data_type: d.data_type, retention_period: d.retention_period, status: d.status, create_time: d.create_time };
      }),
    );
    return { streams: page, more: after.length > PAGE, total: names.length };
  }
  const listed = await api.call("GET", "/streams", { query: { limit: PAGE, start_stream_name: start } });
  return { streams: (listed.stream_info_list ?? []) as StreamInfo[], more: Boolean(listed.has_more_streams), total: listed.total_number as number };
}

export function Streams({ api }: { api: ConsoleApi }) {
  const [search, setSearch] = useState("");
  const [starts, setStarts] = useState<(string | undefined)[]>([undefined]);
  const start = starts[starts.length - 1];
  const { data, error, reload } = useLoad(() => loadPage(api, search, start), [search, start]);
  const [creating, setCreating] = useState(false);
  return (
    <main>
      <h1>Streams</h1>
      <div class="toolbar">
        <Field label="Search by name">
          <input
            type="search"
            value={search}
            onInput={(e) => {
              setSearch(e.currentTarget.value);
              setStarts([undefined]);
            }}
          />
        </Field>
        <button type="button" onClick={() => setCreating(!creating)}>
          {creating ? "Close the form" : "Create stream"}
        </button>
      </div>
      {creating && (
        <CreateStream
          api={api}
          onCreated={() => {
            setCreating(false);
            void reload();
          }}
        />
      )}
      <Problem error={error} />
      {data && (
        <>
          <p class="muted">{data.total} streams</p>
          <table class="list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Data</th>
                <th>Partitions</th>
                <th>Retention</th>
              </tr>
            </thead>
            <tbody>
              {data.streams.map((s) => (
                <tr key={s.stream_name}>
                  <td>
                    <a href={hrefOf({ page: "stream", stream: s.stream_name, tab: "overview" })}>{s.stream_name}</a>
                  </td>
                  <td>{s.stream_type ?? ""}</td>
                  <td>{s.data_type ?? ""}</td>
                  <td>{s.partition_count ?? ""}</td>
                  <td>{s.retention_period ? `${s.retention_period} h` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" disabled={starts.length === 1} onClick={() => setStarts(starts.slice(0, -1))}>
              Previous
            </button>
            <button type="button" disabled={!data.more} onClick={() => setStarts([...starts, data.streams.at(-1)?.stream_name])}>
              Next
            </button>
          </div>
        </>
      )}
    </main>
  );
}

/** The create form, with the reference's limits checked before the call (the service checks them again). */
function CreateStream({ api, onCreated }: { api: ConsoleApi; onCreated: () => void }) {
  const [form, setForm] = useState(NEW_STREAM);
  const { run, error, busy, setError } = useAction();
  const set = (key: keyof typeof form) => (e: Event) => {
    const target = e.currentTarget as HTMLInputElement;
    setForm({ ...form, [key]: target.type === "checkbox" ? target.checked : target.value });
  };
  const problems = formProblems(form);
  const submit = (e: Event) => {
    e.preventDefault();
    if (problems.length > 0) return setError(new Error(problems.join(" ")));
    void run(async () => {
      await api.call("POST", "/streams", { body: createBody(form) });
      onCreated();
    });
  };
  return (
    <form class="panel" noValidate onSubmit={submit} aria-label="create stream">
      <h2>New stream</h2>
      <div class="grid">
        <Field label="Name" hint="1-64 letters, digits, '_' or '-'">
          <input name="stream_name" required value={form.stream_name} onInput={set("stream_name")} />
        </Field>
        <Field label="Partitions">
          <input name="partition_count" type="number" min={1} required value={form.partition_count} onInput={set("partition_count")} />
        </Field>
        <Field label="Type">
          <select name="stream_type" value={form.stream_type} onChange={set("stream_type")}>
            {STREAM_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Retention (hours)" hint={`${RETENTION_HOURS.min}-${RETENTION_HOURS.max}`}>
          <input name="data_duration" type="number" min={RETENTION_HOURS.min} max={RETENTION_HOURS.max} value={form.data_duration} onInput={set("data_duration")} />
        </Field>
        <Field label="Data type">
          <select name="data_type" value={form.data_type} onChange={set("data_type")}>
            {DATA_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Record compression">
          <select name="compression_format" value={form.compression_format} onChange={set("compression_format")}>
            <option value="">none</option>
            {COMPRESSION_FORMATS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        {form.data_type === "CSV" && (
          <Field label="CSV delimiter" hint={`1-${CSV_DELIMITER_MAX} characters; a comma when empty`}>
            <input name="csv_delimiter" maxLength={CSV_DELIMITER_MAX} value={form.csv_delimiter} onInput={set("csv_delimiter")} />
          </Field>
        )}
        <Field label="Auto-scaling">
          <input name="auto_scale_enabled" type="checkbox" checked={form.auto_scale_enabled} onChange={set("auto_scale_enabled")} />
        </Field>
        {form.auto_scale_enabled && (
          <>
            <Field label="Fewest partitions">
              <input name="auto_scale_min_partition_count" type="number" min={1} value={form.auto_scale_min_partition_count} onInput={set("auto_scale_min_partition_count")} />
            </Field>
            <Field label="Most partitions">
              <input name="auto_scale_max_partition_count" type="number" min={1} value={form.auto_scale_max_partition_count} onInput={set("auto_scale_max_partition_count")} />
            </Field>
          </>
        )}
      </div>
      {form.data_type !== "BLOB" && (
        <Field label="Data schema (Avro, JSON)">
          <textarea name="data_schema" rows={4} value={form.data_schema} onInput={set("data_schema")} />
        </Field>
      )}
      <Field label="Tags" hint={`key=value, comma-separated, at most ${MAX_TAGS}`}>
        <input name="tags" value={form.tags} onInput={set("tags")} />
      </Field>
      <Field label="Enterprise project (sys_tags)" hint="a UUID, or empty">
        <input name="enterprise_project_id" value={form.enterprise_project_id} onInput={set("enterprise_project_id")} />
      </Field>
      <button type="submit" disabled={busy}>
        Create
      </button>
      <Problem error={error} />
    </form>
  );
}

