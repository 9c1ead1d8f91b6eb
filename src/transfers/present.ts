/** The JSON shapes of transfer task answers (reference tables 5-86, 5-87, 5-92 to 5-95). */
import type { SequenceRange } from "../partition/log-contract";
import { partitionResult } from "../streams/present";
import type { PartitionRow, StreamRow } from "../streams/repository";
import type { CommonDescriptor, DestinationType } from "./descriptor";
import { destinationOf } from "./destinations";
import type { PartitionProgress, TaskProgress } from "./progress-store";
import type { TransferTaskRow } from "./repository";

/**
 * What clients see: PAUSED when stopped; ABNORMAL while the last delivery failed (it is retried at
 * the next one); RUNNING otherwise.
 */
export function taskState(task: TransferTaskRow, failure: string | null): string {
  if (task.state === "PAUSED") return "PAUSED";
  return failure ? "ABNORMAL" : "RUNNING";
}

/** Why the task is not delivering as it should: its last run's failure, or a partition's still standing. */
export function failureOf(progress: TaskProgress | null): string | null {
  return progress?.failure ?? progress?.partitions.find((p) => p.failure !== null)?.failure ?? null;
}

/** A `tasks` entry of list transfer tasks. */
export function taskSummary(task: TransferTaskRow, progress: TaskProgress | null) {
  return {
    task_id: task.id,
    task_name: task.name,
    destination_type: task.destinationType,
    state: taskState(task, failureOf(progress)),
    create_time: task.createTime,
    last_transfer_timestamp: progress?.lastTransferTimestamp ?? 0,
  };
}

export interface PartitionView {
  partition: PartitionRow;
  range: SequenceRange;
  progress: PartitionProgress;
}

/** The describe transfer task answer; `partitions` carries each partition's delivery progress. */
export function taskDescription(task: TransferTaskRow, stream: StreamRow, progress: TaskProgress | null, partitions: PartitionView[], retentionMs: number) {
  const descriptor = JSON.parse(task.descriptor) as CommonDescriptor;
  return {
    stream_id: stream.id,
    stream_name: stream.name,
    ...taskSummary(task, progress),
    ...destinationOf(task.destinationType as DestinationType).describe(descriptor),
    partitions: partitions.map((p) => {
      const base = partitionResult(p.partition, p.range, retentionMs);
      return {
        ...base,
        partitionId: base.partition_id,
        state: taskState(task, p.progress.failure),
        last_transfer_timestamp: p.progress.lastTransferTimestamp,
        last_transfer_offset: p.progress.next - 1,
        discard: p.progress.discard,
      };
    }),
  };
}
