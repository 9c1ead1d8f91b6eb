import { app } from "./app";
import type { Env } from "./env";
import { runPendingCheckpointPurges } from "./apps/purge";
import { runPendingPurges } from "./streams/purge";
import { runAutoScale } from "./streams/auto-scale";
import { runPendingRoutingPushes } from "./streams/scale";
import { runTransferTasks } from "./transfers/scheduler";
import { forgetEndedLockouts } from "./auth/lockout";
import { openDb } from "./db/client";
import { recordCronRun } from "./service/cron-runs";
import { acceptDevice, DEVICE_PATH } from "./mqtt/endpoint";
import { forgetOldEvents, nudgeEventSubscriptions } from "./events/record";

export { ClientGuard } from "./auth/client-guard";
export { PartitionLog } from "./partition/partition-log";
export { TransferTask } from "./transfers/transfer-task";
export { DeviceGateway } from "./mqtt/gateway";
export { ClientSession } from "./mqtt/client-session";
export { ConsumerGroup } from "./groups/consumer-group";
export { EventSubscription } from "./events/event-subscription";

export default {
  /** Devices' MQTT over WebSocket at `/mqtt`; everything else is the HTTP API. */
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === DEVICE_PATH) return acceptDevice(request, env);
    return app.fetch(request, env, ctx);
  },
  /**
   * Every minute: finish interrupted work (erasing deleted streams' logs and apps' checkpoints,
   * telling partitions of a scaling), drop events past their 7 days and wake the event
   * subscriptions (in case a nudge was lost), then auto-scale; beside that, deliver what transfer tasks have due.
   */
  async scheduled(controller, env, ctx) {
    const log = (what: string) => (error: unknown) => console.error(`${what} failed`, error);
    ctx.waitUntil(recordCronRun(openDb(env.DB), controller.scheduledTime).catch(log("recording the cron run")));
    ctx.waitUntil(
      (async () => {
        const chores = await Promise.allSettled([
          runPendingPurges(env),
          runPendingCheckpointPurges(env),
          runPendingRoutingPushes(env),
          forgetEndedLockouts(env),
          forgetOldEvents(env),
          nudgeEventSubscriptions(env),
        ]);
        for (const chore of chores) if (chore.status === "rejected") console.error("scheduled work failed", chore.reason);
        await runAutoScale(env, controller.scheduledTime);
      })().catch(log("scheduled work")),
    );
    // Deliveries may take a while; nothing else waits for them.
    ctx.waitUntil(runTransferTasks(env, controller.scheduledTime).catch(log("transfer task ticks")));
  },
} satisfies ExportedHandler<Env>;
