/**
 * Delivering files into an R2 bucket (OBS, MRS and DLI tasks): each batch becomes the objects
 * `plan.ts` lays out. Object names are fixed by the records they hold, so a batch repeated after
 * a crash rewrites the same objects (within the same time directory). Records of a stream with a
 * `compression_format` are decompressed first: a file holds the data its producers meant, and is
 * compressed whole.
 */
import type { ReadRecord } from "../../partition/log-contract";
import { decodedRecord } from "../../records/data-types/record-check";
import { BATCH_LIMITS } from "../batches";
import type { DeliveryWriter, RunContext, WriteResult } from "../destinations/destination";
import { countWithinDirectories, planObjects, type DeliveryPlan, type FileLayout } from "./plan";

/** Decompresses each record's data once: `take` and `write` both read a batch's records. */
function decodeOnce(stream: RunContext["stream"]): (data: Uint8Array) => Uint8Array {
  const decoded = new WeakMap<Uint8Array, Uint8Array>();
  return (data) => {
    let bytes = decoded.get(data);
    if (!bytes) decoded.set(data, (bytes = decodedRecord(stream, data)));
    return bytes;
  };
}

export function fileWriter(bucket: R2Bucket, layout: FileLayout, run: RunContext): DeliveryWriter {
  const { stream } = run;
  const plan: DeliveryPlan = {
    taskId: run.taskId,
    streamName: stream.name,
    layout,
    deliveredAt: run.deliveredAt,
    decode: stream.compressionFormat ? decodeOnce(stream) : undefined,
  };
  return {
    // A batch spread over many time directories is cut, so that it becomes a bounded number of objects.
    take: (records: readonly ReadRecord[]) => countWithinDirectories(plan, records, BATCH_LIMITS.batchObjects),
    async write(partition: number, records: readonly ReadRecord[]): Promise<WriteResult> {
      const { objects, misfits } = planObjects(plan, partition, records);
      for (const o of objects) await bucket.put(o.key, o.body, { httpMetadata: o.httpMetadata, customMetadata: o.customMetadata });
      return { writes: objects.length, rejected: misfits };
    },
    close: async () => {},
  };
}
