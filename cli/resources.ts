/** The management commands: streams, apps, checkpoints, transfer tasks, tags, metrics; each one API call or a few. */
import type { Command } from "commander";
import type { DisApi } from "../client/api";
import { UsageError } from "./config";
import { fields, table, type Printer } from "./output";

/** Wraps a command's action: the connection and printer from the global options, then commander's arguments (positionals, then options). */
export type Run = (action: (api: DisApi, print: Printer, ...args: any[]) => Promise<void>) => (...args: any[]) => Promise<void>;

const path = (name: string) => encodeURIComponent(name);
const time = (ms: unknown) => (typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : "");

function int(value: string, name: string, min = 0): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${name}: an integer of at least ${min} expected, not ${value}.`);
  return Number(value);
}

/** `1h`, `30m`, `2d`, `90s`: a duration in milliseconds. */
export function parseSince(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw new UsageError(`--since ${text}: a duration like 90s, 30m, 1h or 7d expected.`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
}

/** Every entry of a list that pages by name (list streams, list apps): the fields that name its parameter and answer. */
async function everyPage(api: DisApi, path: string, f: { start: string; items: string; more: string; name: string }): Promise<Record<string, any>[]> {
  const all: Record<string, any>[] = [];
  let start: string | undefined;
  for (;;) {
    const page = await api.call("GET", path, { query: { limit: 100, [f.start]: start } });
    const items = page[f.items] as Record<string, any>[];
    all.push(...items);
    if (!page[f.more] || items.length === 0) return all;
    start = items.at(-1)![f.name];
  }
}

async function streamId(api: DisApi, stream: string): Promise<string> {
  return (await api.call<{ stream_id: string }>("GET", `/streams/${path(stream)}`, { query: { limit_partitions: 1 } })).stream_id;
}

export function streamCommands(program: Command, run: Run): void {
  const streams = program.command("streams").description("list, create, describe, update, scale and delete streams");
  streams
    .command("ls")
    .description("the project's streams")
    .action(
      run(async (api, print) => {
        const all = await everyPage(api, "/streams", { start: "start_stream_name", items: "stream_info_list", more: "has_more_streams", name: "stream_name" });
        print.result({ total_number: all.length, stream_info_list: all }, () =>
          table(all, [
            ["name", (s) => s.stream_name],
            ["type", (s) => s.stream_type],
            ["partitions", (s) => s.partition_count],
            ["retention (h)", (s) => s.retention_period],
            ["data", (s) => s.data_type],
            ["status", (s) => s.status],
            ["created", (s) => time(s.create_time)],
          ]),
        );
      }),
    );
  streams
    .command("create <stream>")
    .description("create a stream")
    .option("--partitions <n>", "partition count", "1")
    .option("--type <type>", "COMMON or ADVANCED", "COMMON")
    .option("--retention <hours>", "how long records are kept (24 to 168 hours)")
    .option("--data-type <type>", "BLOB, JSON or CSV")
    .option("--auto-scale <min:max>", "auto-scaling between these partition counts")
    .action(
      run(async (api, print, stream, options: Record<string, string>) => {
        const body: Record<string, unknown> = { stream_name: stream, partition_count: int(options.partitions!, "--partitions", 1), stream_type: options.type };
        if (options.retention) body.data_duration = int(options.retention, "--retention", 1);
        if (options.dataType) body.data_type = options.dataType;
        if (options.autoScale) Object.assign(body, autoScaleOf(options.autoScale));
        await api.call("POST", "/streams", { body });
        print.result({ stream_name: stream }, () => `Created ${stream}.`);
      }),
    );
  streams
    .command("describe <stream>")
    .description("a stream and its partitions")
    .action(
      run(async (api, print, stream) => {
        const d = await api.call("GET", `/streams/${path(stream as string)}`, { query: { limit_partitions: 1000 } });
        print.result(d, () => {
          const { partitions, update_partition_counts: _, tags, sys_tags: __, ...rest } = d;
          return [
            fields({ ...rest, create_time: time(rest.create_time), last_modified_time: time(rest.last_modified_time), tags: tags.map((t: { key: string; value: string }) => `${t.key}=${t.value}`).join(",") }),
            "",
            table(partitions as Record<string, unknown>[], [
              ["partition", (p) => p.partition_id],
              ["status", (p) => p.status],
              ["hash range", (p) => p.hash_range],
              ["sequence range", (p) => p.sequence_number_range],
            ]),
          ].join("\n");
        });
      }),
    );
  streams
    .command("update <stream>")
    .description("change a stream's retention, data type or auto-scaling")
    .option("--retention <hours>", "how long records are kept")
    .option("--data-type <type>", "BLOB, JSON or CSV")
    .option("--auto-scale <min:max|off>", "auto-scaling between these partition counts, or off")
    .action(
      run(async (api, print, stream, options: Record<string, string>) => {
        const body: Record<string, unknown> = { stream_name: stream };
        if (options.retention) body.data_duration = int(options.retention, "--retention", 1);
        if (options.dataType) body.data_type = options.dataType;
        if (options.autoScale) Object.assign(body, options.autoScale === "off" ? { auto_scale_enabled: false } : autoScaleOf(options.autoScale));
        if (Object.keys(body).length === 1) throw new UsageError("Nothing to update: give --retention, --data-type or --auto-scale.");
        await api.call("PUT", `/v3/{project_id}/streams/${path(stream as string)}`, { body });
        print.result({ stream_name: stream }, () => `Updated ${stream}.`);
      }),
    );
  streams
    .command("scale <stream> <partitions>")
    .description("change the number of writable partitions")
    .action(
      run(async (api, print, stream, count) => {
        await api.call("PUT", `/streams/${path(stream as string)}`, { body: { stream_name: stream, target_partition_count: int(count as string, "partitions", 1) } });
        print.result({ stream_name: stream, target_partition_count: Number(count) }, () => `Scaling ${stream} to ${count} partitions.`);
      }),
    );
  streams
    .command("delete <stream>")
    .description("delete a stream and its records")
    .action(
      run(async (api, print, stream) => {
        await api.call("DELETE", `/streams/${path(stream as string)}`);
        print.result({ stream_name: stream }, () => `Deleted ${stream}.`);
      }),
    );
}

function autoScaleOf(text: string) {
  const m = /^(\d+):(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--auto-scale ${text}: min:max expected, e.g. 1:8.`);
  return { auto_scale_enabled: true, auto_scale_min_partition_count: Number(m[1]), auto_scale_max_partition_count: Number(m[2]) };
}

export function appCommands(program: Command, run: Run): void {
  const apps = program.command("apps").description("list, create, describe and delete consumer apps");
  apps.command("ls").description("the project's apps").action(
    run(async (api, print) => {
      const all = await everyPage(api, "/apps", { start: "start_app_name", items: "apps", more: "has_more_app", name: "app_name" });
      print.result({ total_number: all.length, apps: all }, () =>
        table(all, [
          ["name", (a) => a.app_name],
          ["id", (a) => a.app_id],
          ["created", (a) => time(a.create_time)],
          ["streams", (a) => (a.commit_checkpoint_stream_names as string[]).join(",")],
        ]),
      );
    }),
  );
  apps.command("create <app>").description("create an app").action(
    run(async (api, print, app) => {
      await api.call("POST", "/apps", { body: { app_name: app } });
      print.result({ app_name: app }, () => `Created ${app}.`);
    }),
  );
  apps.command("describe <app>").description("an app").action(
    run(async (api, print, app) => {
      const a = await api.call("GET", `/apps/${path(app as string)}`);
      print.result(a, () => fields({ ...a, create_time: time(a.create_time) }));
    }),
  );
  apps.command("delete <app>").description("delete an app and its checkpoints").action(
    run(async (api, print, app) => {
      await api.call("DELETE", `/apps/${path(app as string)}`);
      print.result({ app_name: app }, () => `Deleted ${app}.`);
    }),
  );

  const checkpoints = program.command("checkpoints").description("get, commit and delete an app's checkpoints");
  checkpoints.command("get <app> <stream> <partition>").description("an app's checkpoint on a partition").action(
    run(async (api, print, app, stream, partition) => {
      const c = await api.call("GET", "/checkpoints", { query: { app_name: app as string, stream_name: stream as string, partition_id: partition as string, checkpoint_type: "LAST_READ" } });
      print.result(c, () => fields({ sequence_number: c.sequence_number, metadata: c.metadata }));
    }),
  );
  checkpoints
    .command("commit <app> <stream> <partition> <sequence>")
    .description("commit a checkpoint")
    .option("--metadata <text>", "stored with the checkpoint")
    .action(
      run(async (api, print, app, stream, partition, sequence, options: Record<string, string>) => {
        await api.call("POST", "/checkpoints", {
          body: { app_name: app, stream_name: stream, partition_id: partition, sequence_number: sequence, checkpoint_type: "LAST_READ", ...(options.metadata ? { metadata: options.metadata } : {}) },
        });
        print.result({ app_name: app, stream_name: stream, partition_id: partition, sequence_number: sequence }, () => `Committed ${sequence} on ${stream} partition ${partition}.`);
      }),
    );
  checkpoints
    .command("delete <app> <stream>")
    .description("delete an app's checkpoints on a stream (one partition with --partition)")
    .option("--partition <id>", "only this partition")
    .action(
      run(async (api, print, app, stream, options: Record<string, string>) => {
        await api.call("DELETE", "/checkpoints", { query: { app_name: app as string, stream_name: stream as string, checkpoint_type: "LAST_READ", partition_id: options.partition } });
        print.result({ app_name: app, stream_name: stream }, () => `Deleted the checkpoints of ${app} on ${stream}.`);
      }),
    );
}

export function taskCommands(program: Command, run: Run): void {
  const tasks = program.command("tasks").description("a stream's transfer tasks");
  const base = (stream: unknown) => `/streams/${path(stream as string)}/transfer-tasks`;
  tasks.command("ls <stream>").description("a stream's transfer tasks").action(
    run(async (api, print, stream) => {
      const page = await api.call("GET", base(stream));
      print.result(page, () =>
        table(page.tasks as Record<string, unknown>[], [
          ["name", (t) => t.task_name],
          ["id", (t) => t.task_id],
          ["destination", (t) => t.destination_type],
          ["state", (t) => t.state],
          ["last transfer", (t) => time(t.last_transfer_timestamp)],
        ]),
      );
    }),
  );
  tasks.command("describe <stream> <task>").description("a transfer task with its partitions' progress").action(
    run(async (api, print, stream, task) => {
      const t = await api.call("GET", `${base(stream)}/${path(task as string)}`);
      print.result(t, () => {
        const { partitions, ...rest } = t;
        return [fields(rest), "", table((partitions ?? []) as Record<string, unknown>[], Object.keys(partitions?.[0] ?? {}).map((k) => [k, (p: Record<string, unknown>) => p[k]] as [string, (p: Record<string, unknown>) => unknown]))].join("\n");
      });
    }),
  );
  tasks
    .command("create-obs <stream> <task>")
    .description("create a task delivering to object storage")
    .requiredOption("--bucket <name>", "the bucket (obs_bucket_path)")
    .option("--prefix <path>", "file_prefix", "")
    .option("--interval <seconds>", "deliver_time_interval (30 to 900)", "300")
    .option("--file-type <type>", "text or parquet", "text")
    .option("--strategy <where>", "LATEST or TRIM_HORIZON", "LATEST")
    .option("--agency <name>", "agency_name", "dis_admin_agency")
    .action(
      run(async (api, print, stream, task, options: Record<string, string>) => {
        await api.call("POST", base(stream), {
          body: {
            destination_type: "OBS",
            obs_destination_descriptor: {
              task_name: task,
              agency_name: options.agency,
              obs_bucket_path: options.bucket,
              file_prefix: options.prefix,
              deliver_time_interval: int(options.interval!, "--interval", 30),
              destination_file_type: options.fileType,
              consumer_strategy: options.strategy,
            },
          },
        });
        print.result({ task_name: task }, () => `Created ${task}.`);
      }),
    );
  for (const action of ["start", "stop"] as const) {
    tasks.command(`${action} <stream> <tasks...>`).description(`${action} transfer tasks (by name)`).action(
      run(async (api, print, stream, names) => {
        const known = (await api.call("GET", base(stream))).tasks as { task_name: string; task_id: string }[];
        const ids = (names as string[]).map((n) => {
          const found = known.find((t) => t.task_name === n || t.task_id === n);
          if (!found) throw new UsageError(`No transfer task ${n} on ${stream}.`);
          return { id: found.task_id };
        });
        await api.call("POST", `${base(stream)}/action`, { body: { action, tasks: ids } });
        print.result({ action, tasks: names }, () => `${action === "start" ? "Started" : "Stopped"} ${(names as string[]).join(", ")}.`);
      }),
    );
  }
  tasks.command("delete <stream> <task>").description("delete a transfer task").action(
    run(async (api, print, stream, task) => {
      await api.call("DELETE", `${base(stream)}/${path(task as string)}`);
      print.result({ task_name: task }, () => `Deleted ${task}.`);
    }),
  );
}

export function tagCommands(program: Command, run: Run): void {
  const tags = program.command("tags").description("a stream's tags");
  tags.command("ls <stream>").description("a stream's tags").action(
    run(async (api, print, stream) => {
      const t = await api.call("GET", `/stream/${await streamId(api, stream as string)}/tags`);
      print.result(t, () => table(t.tags as Record<string, unknown>[], [["key", (x) => x.key], ["value", (x) => x.value]]));
    }),
  );
  tags.command("add <stream> <key> <value>").description("add (or replace) a tag").action(
    run(async (api, print, stream, key, value) => {
      await api.call("POST", `/stream/${await streamId(api, stream as string)}/tags`, { body: { tag: { key, value } } });
      print.result({ key, value }, () => `Tagged ${stream} ${key}=${value}.`);
    }),
  );
  tags.command("rm <stream> <key>").description("remove a tag").action(
    run(async (api, print, stream, key) => {
      await api.call("DELETE", `/stream/${await streamId(api, stream as string)}/tags/${path(key as string)}`);
      print.result({ key }, () => `Removed ${key} from ${stream}.`);
    }),
  );
}

export function metricsCommand(program: Command, run: Run): void {
  program
    .command("metrics <stream>")
    .description("a stream's (or a partition's) metrics over a recent time range")
    .option("--partition <n>", "one partition's metrics")
    .option("--label <labels>", "metric labels, comma-separated (default: put and get records)")
    .option("--since <duration>", "how far back, e.g. 15m, 1h, 7d (at most 7d)", "1h")
    .action(
      run(async (api, print, stream, options: Record<string, string>) => {
        const partition = options.partition;
        const scope = partition === undefined ? "stream" : "partition";
        const labels = options.label ?? `total_put_records_per_${scope},total_get_records_per_${scope}`;
        const end = Date.now();
        const query = { label_list: labels, start_time: Math.floor((end - parseSince(options.since!)) / 1000), end_time: Math.floor(end / 1000) };
        const at = partition === undefined ? `/streams/${path(stream as string)}/metrics` : `/streams/${path(stream as string)}/partitions/${path(partition)}/metrics`;
        const answer = await api.call("GET", at, { query });
        const series = answer.metrics_list as { label: string; dataPoints: { timestamp: number; value: number }[] }[];
        print.result(answer, () => {
          const times = series[0]?.dataPoints.map((p) => p.timestamp) ?? [];
          return table(
            times.map((t, i) => ({ t, i })),
            [["time", (r) => time(r.t)] as [string, (r: { t: number; i: number }) => unknown], ...series.map((s) => [s.label, (r: { t: number; i: number }) => s.dataPoints[r.i]?.value] as [string, (r: { t: number; i: number }) => unknown])],
          );
        });
      }),
    );
}
