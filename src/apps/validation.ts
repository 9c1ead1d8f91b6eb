/** The reference's limits for apps and checkpoints (§5.2, §5.3), written once. */
import { z } from "zod";
import { intParam } from "../http/query-params";

export const appName = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, "must be 1-200 letters, digits, '_' or '-'");
export const CHECKPOINT_TYPES = ["LAST_READ"] as const;
const checkpointType = z.enum(CHECKPOINT_TYPES, { error: "must be LAST_READ" });
const partitionRef = z.union([z.string().min(1), z.number().int().nonnegative().transform(String)]);

export const createAppBody = z.object({ app_name: appName });

export const listAppsQuery = z.object({
  limit: intParam(1, 100, 10),
  start_app_name: z.string().optional(),
  stream_name: z.string().optional(),
});

export const consumingStateQuery = z.object({
  limit: intParam(1, 1000, 100),
  start_partition_id: z.string().optional(),
  checkpoint_type: checkpointType,
});

export const commitCheckpointBody = z
  .object({
    app_name: z.string().min(1),
    checkpoint_type: checkpointType,
    // The DIS Kafka adapter names streams it follows by id with `stream_id` alone.
    stream_name: z.string().min(1).nullish(),
    stream_id: z.string().min(1).nullish(),
    partition_id: partitionRef,
    sequence_number: z.union([z.string(), z.number().int().transform(String)]),
    metadata: z.string().max(1000).nullish(),
    // A consumer group member's commit (README "Consumer groups"): checked against the group's current generation.
    client_id: z.string().min(1).nullish(),
    generation_id: z.number().int().nullish(),
  })
  .refine((b) => b.stream_name || b.stream_id, { message: "stream_name (or stream_id) is required", path: ["stream_name"] });

export const getCheckpointQuery = z.object({
  stream_name: z.string().min(1),
  partition_id: z.string().min(1),
  app_name: z.string().min(1),
  checkpoint_type: checkpointType,
});

export const deleteCheckpointQuery = z.object({
  stream_name: z.string().min(1),
  app_name: z.string().min(1),
  // LAST_READ, the only type, when not given: the old Python DIS SDK sends none.
  checkpoint_type: checkpointType.default("LAST_READ"),
  partition_id: z.string().optional(),
});
