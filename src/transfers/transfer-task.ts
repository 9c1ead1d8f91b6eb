/**
 * One transfer task: its delivery progress and its timer. Named by task id.
 *
 * Invariants: one delivery runs at a time; a partition's progress moves only after its
 * destination (destinations/) holds the delivered records, so a crash repeats a delivery but
 * never skips a record (at-least-once); a delivery takes records up to the log end as it was when
 * the delivery began. A batch the destination keeps refusing is retried for the descriptor's
 * `retry_duration`, then backed up to `<type>_error/` and passed. The task's settings and state
 * are read from D1 at each delivery, so an update or a pause takes effect at the next one.
 */
import { DurableObject } from "cloudflare:workers";
import { openDb } from "../db/client";
import type { Env } from "../env";
import { partitionStub } from "../partition/stubs";
import { allPartitions, type StreamRow } from "../streams/repository";
import { BATCH_LIMITS, readBatch, type ExportPage } from "./batches";
import { backUp } from "./backup";
import type { CommonDescriptor, DestinationType } from "./descriptor";
import type { Destination, DeliveryWriter, RunContext } from "./destinations/destination";
import { destinationOf } from "./destinations";
import { ProgressStore, type TaskProgress } from "./progress-store";
import { findTaskWithStream, type TransferTaskRow } from "./repository";
import { failureOf } from "./present";
import { recordEvent } from "../events/record";

/** A paused task looks every hour whether it still exists. */
const PAUSED_CHECK_MS = 3_600_000;

export interface TaskSetup {
  taskId: string;
  createdAt: number;
  intervalSeconds: number;
  /** Where delivery begins in each partition the stream has (consumer_strategy). */
  starts: { partition: number; next: number }[];
}

export interface DeliveryReport {
  objects: number;
  records: number;
  /** The run's share of work was used up before everything was delivered: another run follows at once. */
  more: boolean;
  /** Why (part of) the delivery failed; null when it did not. */
  failure: string | null;
}

interface Delivered {
  objects: number;
  records: number;
  more: boolean;
}

export class TransferTask extends DurableObject<Env> {
  private readonly store: ProgressStore;
  private delivering: Promise<DeliveryReport | null> | null = null;
  /** Set once the task is deleted: a delivery under way stores no more progress and sets no timer. */
  private destroyed = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ProgressStore(ctx.storage.sql);
  }

  /** Sets the task up (a second call changes nothing) and arms its timer. */
  async setUp(setup: TaskSetup): Promise<void> {
    this.store.setUp(setup.taskId, setup.createdAt, setup.starts);
    await this.arm(setup.createdAt + setup.intervalSeconds * 1000);
  }

  /** Progress per partition; null before set-up. */
  progress(): TaskProgress | null {
    return this.store.progress();
  }

  /** The cron trigger's call: delivers when an interval has passed since the last delivery. */
  tick(now: number): Promise<DeliveryReport | null> {
    return this.once(() => this.deliverIfDue(now, false));
  }

  /** Re-arms the timer for the task's current state and interval (after start, stop or update). */
  async wake(): Promise<void> {
    const progress = this.store.progress();
    const found = progress && (await findTaskWithStream(openDb(this.env.DB), progress.taskId));
    if (!progress || !found) return;
    if (found.task.state !== "RUNNING") return this.armBy(Date.now() + PAUSED_CHECK_MS);
    // A shorter interval brings the timer forward; a longer one waits for the next run to set it.
    await this.armBy(progress.lastDeliveryAt + descriptorOf(found.task).deliver_time_interval * 1000);
  }

  /** The timer: fires when a delivery is due (and hourly for a paused task). */
  override async alarm(): Promise<void> {
    await this.once(() => this.deliverIfDue(Date.now(), true));
  }

  /** Forgets the task: it was deleted. Waits for a delivery under way, which then stops. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.delivering?.catch(() => null);
    await this.wipe();
  }

  private async wipe(): Promise<void> {
    this.destroyed = true;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.store.reinstall();
  }

  private once(work: () => Promise<DeliveryReport | null>): Promise<DeliveryReport | null> {
    this.delivering ??= work().finally(() => (this.delivering = null));
    return this.delivering;
  }

  /** Sets the timer (never before now: an overdue delivery runs at once). */
  private async arm(at: number): Promise<void> {
    if (this.destroyed) return;
    await this.ctx.storage.setAlarm(Math.max(at, Date.now() + 1000));
  }

  /** Sets the timer unless it is set to fire sooner (a run continuing a backlog must not be put off). */
  private async armBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > Math.max(at, Date.now() + 1000)) await this.arm(at);
  }

  private async deliverIfDue(now: number, timerFired: boolean): Promise<DeliveryReport | null> {
    const progress = this.store.progress();
    if (!progress) return null;
    const found = await findTaskWithStream(openDb(this.env.DB), progress.taskId);
    if (!found) {
      await this.wipe();
      return null;
    }
    if (found.task.state !== "RUNNING") {
      await this.arm(Date.now() + PAUSED_CHECK_MS);
      return null;
    }
    const descriptor = descriptorOf(found.task);
    const interval = descriptor.deliver_time_interval * 1000;
    if (!timerFired && now < progress.lastDeliveryAt + interval) {
      await this.armBy(progress.lastDeliveryAt + interval);
      return null;
    }
    const report = await this.deliver(found.task, found.stream, descriptor, now);
    await this.arm(report.more ? Date.now() : now + interval);
    return report;
  }

  private async deliver(task: TransferTaskRow, stream: StreamRow, descriptor: CommonDescriptor, now: number): Promise<DeliveryReport> {
    const report: DeliveryReport = { objects: 0, records: 0, more: false, failure: null };
    const failingBefore = failureOf(this.store.progress());
    let resumeAt = 0;
    const partitions = await allPartitions(openDb(this.env.DB), stream.id);
    const destination = destinationOf(task.destinationType as DestinationType);
    const run: RunContext = { taskId: task.id, stream, deliveredAt: now };
    const writer = await destination.open(this.env, descriptor, run).catch((e: unknown) => errorText(e));
    if (typeof writer === "string") {
      // Nothing can be delivered: every partition waits, and shows why.
      report.failure = writer;
      for (const p of partitions) this.store.fail(p.index, writer, now);
    } else {
      try {
        const delivery: Delivery = { destination, descriptor, writer, run, budget: { bytes: BATCH_LIMITS.runBytes } };
        // Partitions take turns: a run that stops early is followed by one that starts where it stopped.
        const first = this.store.resumePartition();
        const ordered = [...partitions.filter((p) => p.index >= first), ...partitions.filter((p) => p.index < first)];
        resumeAt = ordered[0]?.index ?? 0;
        for (const p of ordered) {
          if (this.destroyed) break;
          if (delivery.budget.bytes <= 0) {
            report.more = true;
            resumeAt = p.index;
            break;
          }
          try {
            const done = await this.deliverPartition(delivery, p.index);
            report.objects += done.objects;
            report.records += done.records;
            report.more ||= done.more;
          } catch (error) {
            const why = errorText(error);
            this.store.fail(p.index, why, now);
            report.failure ??= why;
          }
        }
      } finally {
        await writer.close().catch((e: unknown) => console.error(`closing the ${task.destinationType} writer of task ${task.id} failed`, e));
      }
    }
    this.store.finishDelivery(now, report.failure, resumeAt);
    if (report.failure) console.error(`transfer task ${task.id} delivery failed: ${report.failure}`);
    const failingAfter = failureOf(this.store.progress());
    if ((failingBefore === null) !== (failingAfter === null) && !this.destroyed) {
      await recordEvent(this.env, {
        projectId: stream.projectId,
        type: failingAfter === null ? "TRANSFER_TASK_RECOVERED" : "TRANSFER_TASK_ABNORMAL",
        resourceId: task.id,
        resourceName: task.name,
        detail: { stream_name: stream.name, ...(failingAfter === null ? {} : { failure: failingAfter }) },
      });
    }
    return report;
  }

  /**
   * Delivers one partition's records since its progress, one batch per write, until the run's
   * budget of record data is spent. A write that fails past the retry window backs its batch up.
   */
  private async deliverPartition(delivery: Delivery, index: number): Promise<Delivered> {
    const { destination, descriptor, writer, run, budget } = delivery;
    const log = partitionStub(this.env, run.stream.id, index);
    const read: ExportPage = (from, maxBytes, maxRecords) => log.exportRecords(from, maxBytes, maxRecords);
    const done: Delivered = { objects: 0, records: 0, more: false };
    let { next, discard, failure, failingSince } = this.store.partition(index);
    const backup = destination.backup(descriptor);
    let end: number | null = null;
    for (;;) {
      const batch = await readBatch(read, next, end);
      end = batch.end;
      const count = writer.take?.(batch.records) ?? batch.records.length;
      const records = batch.records.slice(0, count);
      const upTo = count < batch.records.length ? batch.records[count]!.sequence : batch.next;
      if (records.length === 0) {
        if (upTo !== next || failure) this.store.advance(index, upTo, discard + batch.expired, 0);
        return done;
      }
      let writes: number;
      let lost = 0;
      try {
        const result = await writer.write(index, records);
        writes = result.writes;
        if (result.rejected.length > 0) {
          if (backup) {
            await backUp(this.env, backup, run, index, result.rejected.map((r) => r.record), result.rejected.map((r) => `${r.record.sequence}: ${r.why}`).join("\n"));
            writes++;
          } else {
            // No backup bucket: records that can never be written are counted as discarded.
            lost = result.rejected.length;
            console.error(`transfer task ${run.taskId} discarded ${lost} records of partition ${index}: ${result.rejected[0]!.why}`);
          }
        }
      } catch (error) {
        const since = failingSince ?? run.deliveredAt;
        if (!backup || run.deliveredAt - since < descriptor.retry_duration * 1000) throw error;
        // Retried for retry_duration: the batch goes to the backup, and delivery moves past it.
        await backUp(this.env, backup, run, index, records, `failed since ${new Date(since).toISOString()}: ${errorText(error)}`);
        writes = 1;
      }
      if (this.destroyed) throw new Error("The task was deleted.");
      this.store.advance(index, upTo, discard + batch.expired + lost, run.deliveredAt);
      next = upTo;
      discard += batch.expired + lost;
      failure = null;
      failingSince = null;
      done.objects += writes;
      done.records += records.length;
      budget.bytes -= records.reduce((sum, r) => sum + r.data.length, 0) + BATCH_LIMITS.recordCost * records.length + BATCH_LIMITS.objectCost * writes;
      if (next >= end) return done;
      if (budget.bytes <= 0) return { ...done, more: true };
    }
  }
}

/** What one run shares across its partitions. */
interface Delivery {
  destination: Destination;
  descriptor: CommonDescriptor;
  writer: DeliveryWriter;
  run: RunContext;
  budget: { bytes: number };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function descriptorOf(task: TransferTaskRow): CommonDescriptor {
  return JSON.parse(task.descriptor) as CommonDescriptor;
}
