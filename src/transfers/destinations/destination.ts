/**
 * The seam between the generic delivery loop (transfer-task.ts: progress, work budget,
 * partitions taking turns, retries) and the systems records are delivered to. Each destination
 * type is one `Destination`, in its own folder: how its descriptor is checked and shown, and how
 * a batch of one partition's records is written there.
 *
 * At-least-once: a batch's progress is stored only after `write` resolved, so a crash between
 * the two repeats the batch, never skips it. A destination that can do better (DWS keeps its own
 * progress inside the target's transaction) says so in its folder.
 */
import type { Env } from "../../env";
import type { ReadRecord } from "../../partition/log-contract";
import type { StreamRow } from "../../streams/repository";
import type { CommonDescriptor, DestinationType } from "../descriptor";

/** Where records a destination cannot take go, as text objects under `<prefix>/<directory>/`. */
export interface BackupLocation {
  /** A bucket name of `OBS_BUCKETS`. */
  bucket: string;
  prefix: string;
  /** `dws_error`, `mrs_error`, … */
  directory: string;
}

/** What one delivery run knows besides the records. */
export interface RunContext {
  taskId: string;
  stream: StreamRow;
  /** The run's time: it names time directories, and stamps progress. */
  deliveredAt: number;
}

export interface WriteResult {
  /** Objects, transactions or requests the batch became (the run's work budget counts them). */
  writes: number;
  /** Records of the batch the destination can never take (a row that does not fit, say): the loop backs them up at once. */
  rejected: { record: ReadRecord; why: string }[];
}

/** A destination opened for one run. */
export interface DeliveryWriter {
  /** How many of `records` (from the first) one write takes; all of them when absent. */
  take?(records: readonly ReadRecord[]): number;
  /**
   * Writes consecutive records of one partition, resolving once the destination holds them.
   * Throws when they could not be written; the loop retries them (for `retry_duration`).
   */
  write(partition: number, records: readonly ReadRecord[]): Promise<WriteResult>;
  /** Ends the run: connections closed. */
  close(): Promise<void>;
}

/** Where a file destination's task puts its files: the bucket, and the key prefix every file of the task starts with. */
export interface FileLocation {
  bucket: R2Bucket;
  prefix: string;
}

export interface Destination<D extends CommonDescriptor = CommonDescriptor> {
  type: DestinationType;
  /**
   * The request's descriptor checked against the stream and the deployment, normalized for
   * storage (defaults filled, secrets sealed), or a thrown DIS error.
   */
  parse(env: Env, stream: StreamRow, raw: unknown): Promise<D>;
  /** The describe answer's fields for the stored descriptor (secrets left out). */
  describe(descriptor: D): Record<string, unknown>;
  /** Where rejected records and records failing past `retry_duration` go; null: retried until they are written. */
  backup(descriptor: D): BackupLocation | null;
  /** Where the task's files are, for a destination that delivers files (OBS, MRS, DLI); absent for the others. */
  files?(env: Env, descriptor: D): FileLocation | null;
  /** Opens the destination for a run, or says why nothing can be delivered now (the run then fails every partition). */
  open(env: Env, descriptor: D, run: RunContext): Promise<DeliveryWriter | string>;
}
