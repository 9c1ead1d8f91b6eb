import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { freePortSync } from "./test/servers/ports";

/**
 * `worker` runs inside workerd with real Durable Objects, D1, R2 and alarms; `node` checks
 * pure code against libraries that only run under Node;
 * `e2e` starts the local service (`wrangler dev`) and drives it with the Huawei SDK core.
 */
/** As wrangler.toml's [alias]: mqtt-packet's parser needs only bl's BufferList, not bl's streams. */
const bufferListOnly = {
  name: "buffer-list-only",
  enforce: "pre" as const,
  resolveId: (source: string) => (source === "bl" ? new URL("./node_modules/bl/BufferList.js", import.meta.url).pathname : null),
};

/** As wrangler's bundler does (the "workerd" export condition): pg's socket for Workers, not its empty stand-in for Node. */
const pgSocketForWorkers = {
  name: "pg-socket-for-workers",
  enforce: "pre" as const,
  resolveId: (source: string) => (source === "pg-cloudflare" ? new URL("./node_modules/pg-cloudflare/dist/index.js", import.meta.url).pathname : null),
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  // The private PostgreSQL server of the DWS tests (test/servers/global-setup.ts starts it on this port).
  process.env.DIS_TEST_PG_PORT ??= String(freePortSync());
  process.env.DIS_TEST_PG_PASSWORD ??= `pw-${Math.random().toString(36).slice(2)}`;
  // The private VictoriaMetrics server of the OpenTSDB tests: its query API, and its OpenTSDB HTTP listener.
  process.env.DIS_TEST_VM_PORT ??= String(freePortSync());
  process.env.DIS_TEST_OPENTSDB_PORT ??= String(freePortSync());
  return {
    // The Workers tests resolve their modules through the root server's plugins.
    plugins: [bufferListOnly, pgSocketForWorkers],
    test: {
      // The service's own log line of each refused request: expected by the tests that cause them.
      onConsoleLog: (log: string) => !log.includes('{"level":"warn"'),
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  AUTH_SECRET: "test-auth-secret",
                  CREDENTIAL_ENCRYPTION_KEY: "test-credential-encryption-key",
                  ADMIN_SECRET: "test-admin-secret",
                  // A small hot window, so that tests move partitions' chunks to segments with little data.
                  HOT_WINDOW_BYTES: String(4 * 1024 * 1024),
                  // MQTT connections check their grants on a stream again after a second, so tests see a revocation soon.
                  MQTT_GRANT_RECHECK_SECONDS: "1",
                  // Subscriptions through stream policies likewise.
                  PUSH_GRANT_RECHECK_SECONDS: "1",
                  // Consumer groups form after a short join delay, and hold at most four members, so tests reach the quota.
                  CONSUMER_JOIN_DELAY_MS: "300",
                  CONSUMERS_PER_APP: "4",
                  // DWS tasks deliver to the private PostgreSQL server; the tests read it back with the same settings.
                  DWS_CLUSTERS: `dwscluster=postgresql://127.0.0.1:${process.env.DIS_TEST_PG_PORT}`,
                  TEST_PG_PORT: process.env.DIS_TEST_PG_PORT,
                  TEST_PG_PASSWORD: process.env.DIS_TEST_PG_PASSWORD,
                  // CloudTable OpenTSDB tasks deliver to the private VictoriaMetrics server; the tests query it back.
                  // (`downcluster`: a port nothing listens on.)
                  CLOUDTABLE_CLUSTERS: `cloudtablecluster=http://127.0.0.1:${process.env.DIS_TEST_OPENTSDB_PORT},downcluster=http://127.0.0.1:${freePortSync()}`,
                  TEST_VM_PORT: process.env.DIS_TEST_VM_PORT,
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/**/*.test.ts"],
            exclude: ["test/e2e/**", "test/node/**"],
            setupFiles: ["./test/setup.ts"],
            globalSetup: ["./test/servers/global-setup.ts"],
          },
        },
        {
          test: {
            name: "node",
            include: ["test/node/**/*.test.ts"],
            environment: "node",
          },
        },
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["./test/e2e/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
