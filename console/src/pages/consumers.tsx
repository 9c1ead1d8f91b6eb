/**
 * The stream's consumers: every app of the project, each with its checkpoint per partition and
 * its lag there (records not yet read, and the age of the oldest of them), marked when the lag
 * grew since the last look. Refreshes on its own.
 */
import { useRef, useState } from "preact/hooks";
import type { ConsoleApi } from "../api";
import { Field, Problem, useAction, useLoad } from "../components/ui";
import { formatAge, recordsBehind } from "../format";
import type { StreamDescription } from "./stream";

interface ConsumingState {
  partition_id: string;
  sequence_number: string;
  latest_offset: string;
  earliest_offset: string;
}

interface Lag {
  app: string;
  partition: string;
  checkpoint: string;
  behind: number;
  /** Age of the oldest unread record, ms; null when nothing is unread. */
  oldestAge: number | null;
  growing: boolean;
}

/** The timestamp of the first record after a checkpoint. */
async function oldestUnread(api: ConsoleApi, stream: string, state: ConsumingState): Promise<number | null> {
  const query: Record<string, string> =
    Number(state.sequence_number) < 0
      ? { "stream-name": stream, "partition-id": state.partition_id, "cursor-type": "TRIM_HORIZON" }
      : { "stream-name": stream, "partition-id": state.partition_id, "cursor-type": "AFTER_SEQUENCE_NUMBER", "starting-sequence-number": state.sequence_number };
  const { partition_cursor } = await api.call("GET", "/cursors", { query });
  const got = await api.call("GET", "/records", { query: { "partition-cursor": partition_cursor, limit: 1 } });
  return got.records[0]?.timestamp ?? null;
}

export function Consumers({ api, stream }: { api: ConsoleApi; stream: StreamDescription }) {
  const previous = useRef(new Map<string, number>());
  const { data, error, reload } = useLoad(
    async () => {
      const listed = await api.call("GET", "/apps", { query: { limit: 100 } });
      const apps: string[] = listed.apps.map((a: { app_name: string }) => a.app_name);
      const lags: Lag[] = [];
      for (const app of apps) {
        const state = await api.call("GET", `/apps/${encodeURIComponent(app)}/streams/${encodeURIComponent(stream.stream_name)}`, { query: { limit: 100, checkpoint_type: "LAST_READ" } });
        for (const p of state.partition_consuming_states as ConsumingState[]) {
          const behind = recordsBehind(p);
          const at = behind > 0 ? await oldestUnread(api, stream.stream_name, p) : null;
          const key = `${app}/${p.partition_id}`;
          const before = previous.current.get(key);
          lags.push({ app, partition: p.partition_id, checkpoint: p.sequence_number, behind, oldestAge: at === null ? null : Date.now() - at, growing: before !== undefined && behind > before });
          previous.current.set(key, behind);
        }
      }
      return { apps, lags };
    },
    [stream.stream_name],
    10_000,
  );
  return (
    <section aria-label="consumers">
      <CreateApp api={api} onCreated={reload} />
      <Problem error={error} />
      {data && data.apps.length === 0 && <p class="muted">No apps in this project.</p>}
      {data && data.lags.length > 0 && (
        <div class="scroll">
          <table class="list" aria-label="consumer lag">
            <thead>
              <tr>
                <th>App</th>
                <th>Partition</th>
                <th>Checkpoint</th>
                <th>Records behind</th>
                <th>Oldest unread</th>
              </tr>
            </thead>
            <tbody>
              {data.lags.map((l) => (
                <tr key={`${l.app}/${l.partition}`} class={l.growing ? "growing" : undefined} data-app={l.app} data-partition={l.partition} data-behind={l.behind}>
                  <td>{l.app}</td>
                  <td>{l.partition}</td>
                  <td>{l.checkpoint === "-1" ? "none" : l.checkpoint}</td>
                  <td>
                    {l.behind}
                    {l.growing && <span class="badge">growing</span>}
                  </td>
                  <td>{l.oldestAge === null ? "-" : formatAge(l.oldestAge)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CreateApp({ api, onCreated }: { api: ConsoleApi; onCreated: () => void }) {
  const [name, setName] = useState("");
  const { run, error, busy } = useAction();
  return (
    <form
      class="toolbar"
      aria-label="create app"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api.call("POST", "/apps", { body: { app_name: name } });
          setName("");
          onCreated();
        });
      }}
    >
      <Field label="New app" hint="1-200 letters, digits, '_' or '-'">
        <input name="app_name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        Create app
      </button>
      <Problem error={error} />
    </form>
  );
}
