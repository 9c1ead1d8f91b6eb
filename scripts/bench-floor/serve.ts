/** Serves the floor worker (worker.js) as `npm start` serves the service: Miniflare, the runtime's own socket. PORT, state in FLOOR_STATE_DIR. */
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";

const miniflare = new Miniflare(
  convertV4MiniflareOptions({
    name: "floor",
    modules: true,
    scriptPath: join(import.meta.dirname, "worker.js"),
    compatibilityDate: "2026-11-01",
    durableObjects: { FLOOR: { className: "FloorLog", useSQLite: true }, GATEWAYS: { className: "FloorGateway", useSQLite: true } },
    durableObjectsPersist: process.env.FLOOR_STATE_DIR,
    host: "127.0.0.1",
    port: 0,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: Number(process.env.PORT) }],
  } as Parameters<typeof convertV4MiniflareOptions>[0]),
);
await miniflare.ready;
console.log("Ready on", process.env.PORT);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void miniflare.dispose().finally(() => process.exit(0)));
