/**
 * `GET /health`: liveness, answered by the worker alone. `GET /health/ready`: readiness, that D1
 * answers a query and a partition log object answers a call (200, or 503 naming what failed),
 * with when the cron trigger last ran.
 * Unauthenticated and outside the lockout, so probes never count as failures.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/context";
import { openDb } from "../db/client";
import { partitionStub } from "../partition/stubs";
import { lastCronRun } from "../service/cron-runs";

export const healthRoutes = new Hono<AppEnv>();

/** The partition log the readiness check calls: a stream id no stream can have (ids are 20 letters and digits). */
const PROBE_STREAM = "health-probe";

healthRoutes.get("/", (c) => c.json({ status: "ok" }));

healthRoutes.get("/ready", async (c) => {
  const check = async (work: () => Promise<unknown>): Promise<string> => {
    try {
      await work();
      return "ok";
    } catch (error) {
      return error instanceof Error ? error.message : "failed";
    }
  };
  let cronLastRun: number | null = null;
  const [d1, partitionLog] = await Promise.all([
    check(async () => (cronLastRun = await lastCronRun(openDb(c.env.DB)))),
    check(() => partitionStub(c.env, PROBE_STREAM, 0).sequenceRange()),
  ]);
  const ready = d1 === "ok" && partitionLog === "ok";
  const lastRun = cronLastRun === null ? null : new Date(cronLastRun).toISOString();
  return c.json({ status: ready ? "ready" : "not ready", checks: { d1, partition_log: partitionLog }, cron_last_run: lastRun }, ready ? 200 : 503);
});
