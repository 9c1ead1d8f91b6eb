/**
 * `GET /health`: liveness, answered by the worker alone. `GET /health/ready`: readiness, that D1
 * answers a query and a partition log object answers a call (200, or 503 naming what failed).
 * Unauthenticated and outside the lockout, so probes never count as failures.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/context";
import { partitionStub } from "../partition/stubs";

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
  const [d1, partitionLog] = await Promise.all([
    check(() => c.env.DB.prepare("select 1").first()),
    check(() => partitionStub(c.env, PROBE_STREAM, 0).sequenceRange()),
  ]);
  const ready = d1 === "ok" && partitionLog === "ok";
  return c.json({ status: ready ? "ready" : "not ready", checks: { d1, partition_log: partitionLog } }, ready ? 200 : 503);
});
