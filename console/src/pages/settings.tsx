/** A stream's settings: update (retention, data type and schema, auto-scaling), scale, tags, policies, delete. */
import { useState } from "preact/hooks";
import type { ConsoleApi } from "../api";
import { ConfirmButton, Field, Problem, useAction, useLoad } from "../components/ui";
import { DATA_TYPES, MAX_TAGS, RETENTION_HOURS, TAG_KEY, TAG_VALUE } from "../../../src/streams/limits";
import type { StreamDescription } from "./stream";

export function Settings({ api, stream, onChanged }: { api: ConsoleApi; stream: StreamDescription; onChanged: () => void }) {
  return (
    <>
      <Update api={api} stream={stream} onChanged={onChanged} />
      <Scale api={api} stream={stream} onChanged={onChanged} />
      <Tags api={api} stream={stream} />
      <Policies api={api} stream={stream} />
      <Delete api={api} stream={stream} />
    </>
  );
}

function Update({ api, stream, onChanged }: { api: ConsoleApi; stream: StreamDescription; onChanged: () => void }) {
  const [hours, setHours] = useState(String(stream.retention_period));
  const [dataType, setDataType] = useState(stream.data_type);
  const [schema, setSchema] = useState(stream.data_schema ?? "");
  const [autoScale, setAutoScale] = useState(Boolean(stream.auto_scale_enabled));
  const [min, setMin] = useState(String(stream.auto_scale_min_partition_count ?? 1));
  const [max, setMax] = useState(String(stream.auto_scale_max_partition_count ?? stream.writable_partition_count));
  const { run, error, busy, setError } = useAction();
  const [done, setDone] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    const h = Number(hours);
    if (!Number.isInteger(h) || h < RETENTION_HOURS.min || h > RETENTION_HOURS.max) return setError(new Error(`Retention: ${RETENTION_HOURS.min}-${RETENTION_HOURS.max} hours.`));
    void run(async () => {
      const body: Record<string, unknown> = { stream_name: stream.stream_name, data_duration: h, data_type: dataType, auto_scale_enabled: autoScale };
      if (dataType !== "BLOB" && schema) body.data_schema = schema;
      if (autoScale) Object.assign(body, { auto_scale_min_partition_count: Number(min), auto_scale_max_partition_count: Number(max) });
      await api.call("PUT", `/v3/{project_id}/streams/${encodeURIComponent(stream.stream_name)}`, { body });
      setDone(true);
      onChanged();
    });
  };
  return (
    <form class="panel" noValidate onSubmit={submit} aria-label="update stream">
      <h2>Update</h2>
      <div class="grid">
        <Field label="Retention (hours)" hint={`${RETENTION_HOURS.min}-${RETENTION_HOURS.max}`}>
          <input type="number" min={RETENTION_HOURS.min} max={RETENTION_HOURS.max} value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
        </Field>
        <Field label="Data type">
          <select value={dataType} onChange={(e) => setDataType(e.currentTarget.value)}>
            {DATA_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Auto-scaling">
          <input type="checkbox" checked={autoScale} onChange={(e) => setAutoScale(e.currentTarget.checked)} />
        </Field>
        {autoScale && (
          <>
            <Field label="Fewest partitions">
              <input type="number" min={1} value={min} onInput={(e) => setMin(e.currentTarget.value)} />
            </Field>
            <Field label="Most partitions">
              <input type="number" min={1} value={max} onInput={(e) => setMax(e.currentTarget.value)} />
            </Field>
          </>
        )}
      </div>
      {dataType !== "BLOB" && (
        <Field label="Data schema (Avro, JSON)">
          <textarea rows={4} value={schema} onInput={(e) => setSchema(e.currentTarget.value)} />
        </Field>
      )}
      <button type="submit" disabled={busy}>
        Save
      </button>
      {done && !error && <p role="status">Saved.</p>}
      <Problem error={error} />
    </form>
  );
}

function Scale({ api, stream, onChanged }: { api: ConsoleApi; stream: StreamDescription; onChanged: () => void }) {
  const [target, setTarget] = useState(String(stream.writable_partition_count));
  const { run, error, busy } = useAction();
  return (
    <form
      class="panel"
      aria-label="scale stream"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api.call("PUT", `/streams/${encodeURIComponent(stream.stream_name)}`, { body: { stream_name: stream.stream_name, target_partition_count: Number(target) } });
          onChanged();
        });
      }}
    >
      <h2>Scale</h2>
      <Field label="Writable partitions" hint="At most 5 changes an hour, none within an hour of the last.">
        <input type="number" min={1} value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        Change partition count
      </button>
      <Problem error={error} />
    </form>
  );
}

function Tags({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const path = `/stream/${encodeURIComponent(stream.stream_id)}/tags`;
  const { data, error, reload } = useLoad(() => api.call<{ tags: { key: string; value: string }[] }>("GET", path), [path]);
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const action = useAction();
  const add = (e: Event) => {
    e.preventDefault();
    if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) return action.setError(new Error("Tags: keys 1-36 and values 0-43 letters, digits, '_', '-' (values also '.')."));
    if ((data?.tags.length ?? 0) >= MAX_TAGS && !data?.tags.some((t) => t.key === key)) return action.setError(new Error(`At most ${MAX_TAGS} tags.`));
    void action.run(async () => {
      await api.call("POST", path, { body: { tag: { key, value } } });
      setKey("");
      setValue("");
      await reload();
    });
  };
  return (
    <section class="panel" aria-label="tags">
      <h2>Tags</h2>
      <Problem error={error ?? action.error} />
      <ul class="tags">
        {data?.tags.map((t) => (
          <li key={t.key}>
            <span class="badge">
              {t.key}={t.value}
            </span>
            <button type="button" class="link" aria-label={`remove tag ${t.key}`} onClick={() => void action.run(async () => {
              await api.call("DELETE", `${path}/${encodeURIComponent(t.key)}`);
              await reload();
            })}>
              remove
            </button>
          </li>
        ))}
      </ul>
      <form class="toolbar" onSubmit={add} aria-label="add tag">
        <Field label="Key">
          <input value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        </Field>
        <Field label="Value">
          <input value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </Field>
        <button type="submit">Add tag</button>
      </form>
    </section>
  );
}

function Policies({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const path = `/streams/${encodeURIComponent(stream.stream_name)}/policies`;
  const { data, error, reload } = useLoad(() => api.call<{ rules: { principal_name: string; action_type: string; effect: string }[] }>("GET", path), [path]);
  const [principal, setPrincipal] = useState("");
  const [actionType, setActionType] = useState("getRecords");
  const action = useAction();
  return (
    <section class="panel" aria-label="policies">
      <h2>Policies</h2>
      <p class="muted">Other accounts that may put or get this stream's records (by its id, {stream.stream_id}).</p>
      <Problem error={error ?? action.error} />
      <ul>
        {data?.rules.map((r) => (
          <li key={`${r.principal_name}/${r.action_type}`}>
            {r.principal_name}: {r.action_type} ({r.effect})
          </li>
        ))}
      </ul>
      <form
        class="toolbar"
        aria-label="add policy"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            await api.call("POST", path, { body: { stream_id: stream.stream_id, principal_name: principal, action_type: actionType, effect: "accept" } });
            setPrincipal("");
            await reload();
          });
        }}
      >
        <Field label="Principals" hint="domainName.* or domainName.userName, comma-separated">
          <input value={principal} onInput={(e) => setPrincipal(e.currentTarget.value)} />
        </Field>
        <Field label="Action">
          <select value={actionType} onChange={(e) => setActionType(e.currentTarget.value)}>
            <option>getRecords</option>
            <option>putRecords</option>
          </select>
        </Field>
        <button type="submit">Grant</button>
      </form>
    </section>
  );
}

function Delete({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const { run, error } = useAction();
  return (
    <section class="panel" aria-label="delete stream">
      <h2>Delete</h2>
      <p class="muted">Deletes the stream with its records, checkpoints, transfer tasks, tags and policies.</p>
      <ConfirmButton
        label="Delete stream"
        confirmText={stream.stream_name}
        onConfirm={() =>
          void run(async () => {
            await api.call("DELETE", `/streams/${encodeURIComponent(stream.stream_name)}`);
            location.hash = "#/streams";
          })
        }
      />
      <Problem error={error} />
    </section>
  );
}
