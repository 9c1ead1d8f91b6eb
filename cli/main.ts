/**
 * `dis`: the Data Ingestion Service from a terminal. Exit codes: 0 done, 1 refused by the
 * service (its DIS.xxxx code and message on stderr) or unreachable, 2 a usage error.
 */
import { createInterface } from "node:readline";
import { Command, CommanderError, Option } from "commander";
import { DisApi, DisRefusal } from "../client/api";
import { configFile, readProfiles, resolveConnection, UsageError, writeProfile, type Profile } from "./config";
import { printer } from "./output";
import { putRecords } from "./put";
import { appCommands, metricsCommand, streamCommands, tagCommands, taskCommands, type Run } from "./resources";
import { Tail, type Format } from "./tail";

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export function buildProgram(io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream & { isTTY?: boolean } }): Command {
  const program = new Command("dis")
    .description("Put, tail and manage the streams of a Data Ingestion Service")
    .option("--profile <name>", "the config file's profile (default: $DIS_PROFILE or default)")
    .option("--endpoint <url>", "the service (default: $DIS_ENDPOINT, the profile's, or the local service)")
    .option("--ak <key>", "access key (default: $DIS_AK or the profile's)")
    .option("--sk <secret>", "secret key (default: $DIS_SK or the profile's)")
    .option("--project-id <id>", "project id (default: $DIS_PROJECT_ID or the profile's)")
    .option("--region <region>", "region (default: $DIS_REGION or the profile's)")
    .option("--token <token>", "an X-Auth-Token instead of AK/SK signing (default: $DIS_TOKEN)")
    .addOption(new Option("-o, --output <format>", "table for people, json for scripts").choices(["table", "json"]).default("table"))
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError();

  const run: Run =
    (action) =>
    async (...args) => {
      const command = args.at(-1) as Command;
      const globals = command.optsWithGlobals();
      await action(new DisApi(resolveConnection(globals)), printer(globals.output === "json", io.stdout), ...args.slice(0, -1));
    };

  program
    .command("configure")
    .description("write a profile of the config file, from the flags given or by asking")
    .action(async (_options, command: Command) => {
      const g = command.optsWithGlobals();
      const name = g.profile ?? "default";
      const file = configFile();
      const current: Profile = readProfiles(file)[name] ?? {};
      const given: Profile = { endpoint: g.endpoint, ak: g.ak, sk: g.sk, project_id: g.projectId, region: g.region };
      const profile: Profile = { ...current };
      for (const [k, v] of Object.entries(given)) if (v !== undefined) profile[k as keyof Profile] = v;
      if (Object.values(given).every((v) => v === undefined)) {
        // Answers are read line by line as they come, typed or piped.
        const reader = createInterface({ input: io.stdin, terminal: false });
        const answers = reader[Symbol.asyncIterator]();
        for (const [key, label] of [["endpoint", "Endpoint"], ["ak", "Access key"], ["sk", "Secret key"], ["project_id", "Project id"], ["region", "Region"]] as const) {
          const shown = key === "sk" && current.sk ? "****" : (current[key] ?? "");
          io.stderr.write(`${label} [${shown}]: `);
          const answer = String((await answers.next()).value ?? "").trim();
          if (answer) profile[key] = answer;
        }
        reader.close();
      }
      writeProfile(file, name, profile);
      printer(g.output === "json", io.stdout).result({ profile: name, file }, () => `Profile ${name} written to ${file}.`);
    });

  streamCommands(program, run);
  appCommands(program, run);
  taskCommands(program, run);
  tagCommands(program, run);
  metricsCommand(program, run);

  program
    .command("put <stream>")
    .description("put records from standard input or files: one per line (default) or one per file")
    .argument("[files...]", "input files (default: standard input; - for it among files)")
    .option("--lines", "one record per line (the default)")
    .option("--whole", "one record per file")
    .option("--partition-key <key>", "the partition key of every record (or the fallback of --key-field)")
    .option("--key-field <field>", "the partition key is this top-level field of each JSON record")
    .option("--retries <n>", "how often a record refused by traffic control (DIS.4303) is sent again", "5")
    .addOption(new Option("--progress <when>", "a progress bar on stderr").choices(["auto", "always", "never"]).default("auto"))
    .action(
      run(async (api, print, stream: string, files: string[], options: Record<string, string | boolean>) => {
        if (options.lines && options.whole) throw new UsageError("--lines and --whole exclude each other.");
        const retries = Number(options.retries);
        if (!Number.isInteger(retries) || retries < 0) throw new UsageError("--retries: a non-negative integer expected.");
        const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
        const summary = await putRecords(
          api,
          stream,
          {
            files,
            whole: Boolean(options.whole),
            key: { fixed: options.partitionKey as string | undefined, field: options.keyField as string | undefined },
            progress: options.progress === "always" || (options.progress === "auto" && tty),
            retries,
          },
          print,
          io.stderr,
        );
        if (summary.failed > 0) process.exitCode = EXIT.refused;
      }),
    );

  program
    .command("tail <stream>")
    .description("print a stream's records (all partitions, or one), optionally following new ones")
    .option("--partition <n>", "only this partition")
    .option("--from <where>", "trim-horizon, latest, seq:N or time:ISO (default: after --app's checkpoint, else trim-horizon, or latest with --follow)")
    .option("-f, --follow", "keep printing records as they arrive (live push where the service has it, else polling)")
    .option("--no-push", "with --follow: poll, even where the service has live push")
    .addOption(new Option("--format <format>", "how records are printed").choices(["raw", "json", "hex", "base64"]).default("raw"))
    .option("--app <name>", "read as this app: start after its checkpoint")
    .option("--commit", "with --app: commit a checkpoint after each batch printed")
    .option("--max <n>", "stop after this many records")
    .action(
      run(async (api, _print, stream: string, options: Record<string, string | boolean>) => {
        const partition = options.partition === undefined ? undefined : Number(options.partition);
        if (partition !== undefined && !Number.isInteger(partition)) throw new UsageError("--partition: a partition index expected.");
        const max = options.max === undefined ? undefined : Number(options.max);
        if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw new UsageError("--max: a positive integer expected.");
        const tail = new Tail(
          api,
          stream,
          {
            partition,
            from: options.from as string | undefined,
            follow: Boolean(options.follow),
            push: options.push !== false,
            format: options.format as Format,
            app: options.app as string | undefined,
            commit: Boolean(options.commit),
            max,
          },
          io.stdout,
        );
        const stop = () => tail.stop();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        try {
          await tail.run();
        } finally {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
        }
      }),
    );
  return program;
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end this way too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`dis: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof DisRefusal) {
      io.stderr.write(`dis: ${error.code} ${error.message} (HTTP ${error.status})\n`);
      return EXIT.refused;
    }
    io.stderr.write(`dis: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.refused;
  }
}
