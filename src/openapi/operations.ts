/**
 * Every operation of the public API, with the schemas that validate its query and body (the
 * ones the routes call), its permission and its success status: the source of `/openapi.json`.
 * A test holds this list to the routes the app serves, both ways.
 */
import { z } from "zod";
import { commitCheckpointBody, consumingStateQuery, createAppBody, deleteCheckpointQuery, getCheckpointQuery, listAppsQuery } from "../apps/validation";
import { generationBody, joinBody } from "../groups/validation";
import { createSubscriptionBody, listEventsQuery, updateSubscriptionBody } from "../events/validation";
import { metricsQuerySchema } from "../metrics/labels";
import { getCursorQuery, getRecordsQuery, MAX_RECORDS_PER_PUT, putRecordEntry, putRecordsBody, subscribeQuery } from "../records/validation";
import { tokenRequest } from "../routes/auth-tokens";
import { addPolicyBody, deletePolicyQuery } from "../routes/policies";
import { changePartitionCountBody, createStreamBody, describeStreamQuery, listStreamsQuery, updateStreamBody } from "../streams/validation";
import { addTagBody, batchTagsBody, filterBody } from "../tags/validation";
import { deliveredObjectsQuery, objectPreviewQuery, taskActionBody, transferTaskBody } from "../transfers/descriptor";
import { dwsDescriptor } from "../transfers/destinations/dws/descriptor";
import { obsDescriptor } from "../transfers/destinations/obs/descriptor";

export interface Operation {
  method: "get" | "post" | "put" | "delete";
  /** The path in OpenAPI's form, `{name}` for parameters. */
  path: string;
  operationId: string;
  summary: string;
  /** The reference section, where it has one. */
  section?: string;
  tag: string;
  /** The permission the caller needs (reference §6); absent for unauthenticated operations. */
  action?: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The status of success, and whether it carries a JSON body. */
  success: { status: 101 | 200 | 201 | 204; json: boolean };
}

const V2 = "/v2/{project_id}";
const transferTaskCreateBody = transferTaskBody.extend({ obs_destination_descriptor: obsDescriptor.optional(), dws_destination_descriptor: dwsDescriptor.optional() });
const putBody = putRecordsBody.extend({ records: z.array(putRecordEntry).min(1).max(MAX_RECORDS_PER_PUT) });

const ok = { status: 200, json: true } as const;
const created = { status: 201, json: false } as const;
const noContent = { status: 204, json: false } as const;
const done = { status: 200, json: false } as const;
const upgraded = { status: 101, json: false } as const;

export const OPERATIONS: Operation[] = [
  { method: "get", path: "/health", operationId: "health", summary: "Liveness", tag: "Service", success: ok },
  { method: "get", path: "/health/ready", operationId: "ready", summary: "Readiness: D1 and a partition object answer", tag: "Service", success: ok },
  { method: "get", path: "/openapi.json", operationId: "openapi", summary: "This description", tag: "Service", success: ok },
  { method: "post", path: "/v3/auth/tokens", operationId: "createToken", summary: "Get a token (answered in X-Subject-Token)", tag: "Authentication", body: tokenRequest, success: { status: 201, json: true } },

  { method: "post", path: `${V2}/streams`, operationId: "createStream", summary: "Create a stream", section: "5.1.1", tag: "Streams", action: "dis:streams:create", body: createStreamBody, success: created },
  { method: "get", path: `${V2}/streams`, operationId: "listStreams", summary: "List streams (or, with stream_id, describe that stream)", section: "5.1.2", tag: "Streams", action: "dis:streams:list", query: listStreamsQuery, success: ok },
  { method: "get", path: `${V2}/streams/{stream_name}`, operationId: "describeStream", summary: "Describe a stream", section: "5.1.4", tag: "Streams", action: "dis:streams:get", query: describeStreamQuery, success: ok },
  { method: "put", path: `${V2}/streams/{stream_name}`, operationId: "changePartitionCount", summary: "Change the partition count", section: "5.1.5", tag: "Streams", action: "dis:streams:update", body: changePartitionCountBody, success: done },
  { method: "delete", path: `${V2}/streams/{stream_name}`, operationId: "deleteStream", summary: "Delete a stream", section: "5.1.3", tag: "Streams", action: "dis:streams:delete", success: noContent },
  { method: "put", path: `${V2}/streams/{stream_name}/update`, operationId: "updateStreamOldPath", summary: "Update a stream (old DIS SDKs' path)", section: "5.1.6", tag: "Streams", action: "dis:streams:update", body: updateStreamBody, success: noContent },
  { method: "put", path: "/v3/{project_id}/streams/{stream_name}", operationId: "updateStream", summary: "Update a stream", section: "5.1.6", tag: "Streams", action: "dis:streams:update", body: updateStreamBody, success: noContent },
  { method: "post", path: `${V2}/streams/{stream_name}/policies`, operationId: "addStreamPolicy", summary: "Add stream policy rules", section: "5.1.7", tag: "Stream policies", action: "dis:streamPolicies:create", body: addPolicyBody, success: created },
  { method: "get", path: `${V2}/streams/{stream_name}/policies`, operationId: "listStreamPolicies", summary: "List stream policy rules", section: "5.1.8", tag: "Stream policies", action: "dis:streamPolicies:list", success: ok },
  { method: "delete", path: `${V2}/streams/{stream_name}/policies`, operationId: "deleteStreamPolicies", summary: "Delete stream policy rules", tag: "Stream policies", action: "dis:streamPolicies:delete", query: deletePolicyQuery, success: noContent },

  { method: "post", path: `${V2}/records`, operationId: "putRecords", summary: "Put records (JSON, or protobuf with Content-Type application/x-protobuf)", section: "5.4.1", tag: "Records", action: "dis:records:write", body: putBody, success: ok },
  { method: "get", path: `${V2}/records`, operationId: "getRecords", summary: "Get records from a partition cursor", section: "5.4.2", tag: "Records", action: "dis:records:read", query: getRecordsQuery, success: ok },
  { method: "get", path: `${V2}/records/subscribe`, operationId: "subscribeRecords", summary: "Subscribe to a partition's records: a WebSocket upgrade (README \"Live push\")", tag: "Records", action: "dis:records:read", query: subscribeQuery, success: upgraded },
  { method: "get", path: `${V2}/cursors`, operationId: "getCursor", summary: "Get a partition cursor", section: "5.4.3", tag: "Records", action: "dis:records:readCursor", query: getCursorQuery, success: ok },

  { method: "post", path: `${V2}/apps`, operationId: "createApp", summary: "Create a consumer app", section: "5.2.1", tag: "Apps and checkpoints", action: "dis:apps:create", body: createAppBody, success: created },
  { method: "get", path: `${V2}/apps`, operationId: "listApps", summary: "List apps", section: "5.2.2", tag: "Apps and checkpoints", action: "dis:apps:list", query: listAppsQuery, success: ok },
  { method: "get", path: `${V2}/apps/{app_name}`, operationId: "describeApp", summary: "Describe an app", section: "5.2.4", tag: "Apps and checkpoints", action: "dis:apps:get", success: ok },
  { method: "delete", path: `${V2}/apps/{app_name}`, operationId: "deleteApp", summary: "Delete an app and its checkpoints", section: "5.2.3", tag: "Apps and checkpoints", action: "dis:apps:delete", success: noContent },
  { method: "get", path: `${V2}/apps/{app_name}/streams/{stream_name}`, operationId: "appConsumingState", summary: "An app's consuming state on a stream", section: "5.2.5", tag: "Apps and checkpoints", action: "dis:AppState:get", query: consumingStateQuery, success: ok },
  { method: "post", path: `${V2}/apps/{app_name}/consumers`, operationId: "joinGroup", summary: "Join the app's consumer group (README \"Consumer groups\")", tag: "Consumer groups", action: "dis:records:read", body: joinBody, success: ok },
  { method: "get", path: `${V2}/apps/{app_name}/consumers`, operationId: "describeGroup", summary: "The app's consumer group: generation, members and their partitions", tag: "Consumer groups", action: "dis:apps:get", success: ok },
  { method: "post", path: `${V2}/apps/{app_name}/consumers/{client_id}/partitions`, operationId: "syncGroup", summary: "A member's partitions once the group is balanced", tag: "Consumer groups", action: "dis:records:read", body: generationBody, success: ok },
  { method: "post", path: `${V2}/apps/{app_name}/consumers/{client_id}/heartbeats`, operationId: "heartbeat", summary: "A member's heartbeat: the group's state for its generation", tag: "Consumer groups", action: "dis:records:read", body: generationBody, success: ok },
  { method: "delete", path: `${V2}/apps/{app_name}/consumers/{client_id}`, operationId: "leaveGroup", summary: "Leave the consumer group (it rebalances at once)", tag: "Consumer groups", action: "dis:records:read", success: ok },
  { method: "post", path: `${V2}/checkpoints`, operationId: "commitCheckpoint", summary: "Commit a checkpoint", section: "5.3.1", tag: "Apps and checkpoints", action: "dis:checkpoints:commit", body: commitCheckpointBody, success: created },
  { method: "get", path: `${V2}/checkpoints`, operationId: "getCheckpoint", summary: "Get a checkpoint", section: "5.3.2", tag: "Apps and checkpoints", action: "dis:checkpoints:get", query: getCheckpointQuery, success: ok },
  { method: "delete", path: `${V2}/checkpoints`, operationId: "deleteCheckpoint", summary: "Delete checkpoints", section: "5.3.3", tag: "Apps and checkpoints", action: "dis:checkpoints:delete", query: deleteCheckpointQuery, success: noContent },

  { method: "get", path: `${V2}/quotas`, operationId: "quotas", summary: "Used and allowed partitions, apps and transfer tasks per stream (README \"Quotas and overview\")", tag: "Project", action: "dis:quotas:get", success: ok },
  { method: "get", path: "/v1/{project_id}/statistics", operationId: "statistics", summary: "Counts of streams, partitions, apps and tasks; put and get totals today and over 7 days", tag: "Project", action: "dis:statistics:get", success: ok },

  { method: "get", path: "/v1/{project_id}/events", operationId: "listEvents", summary: "What happened to the project's resources, newest first (README \"Events\")", tag: "Events", action: "dis:events:list", query: listEventsQuery, success: ok },
  { method: "post", path: "/v1/{project_id}/event-subs", operationId: "createEventSubscription", summary: "Subscribe a webhook to events (the answer holds its signing secret, once)", tag: "Events", action: "dis:eventEnumSubs:create", body: createSubscriptionBody, success: { status: 201, json: true } },
  { method: "get", path: "/v1/{project_id}/event-subs", operationId: "listEventSubscriptions", summary: "The project's event subscriptions with their delivery state", tag: "Events", action: "dis:eventEnumSubs:list", success: ok },
  { method: "get", path: "/v1/{project_id}/event-subs/{sub_id}", operationId: "describeEventSubscription", summary: "One event subscription with its delivery state", tag: "Events", action: "dis:eventEnumSubs:list", success: ok },
  { method: "put", path: "/v1/{project_id}/event-subs/{sub_id}", operationId: "updateEventSubscription", summary: "Change an event subscription (resumes a paused one)", tag: "Events", action: "dis:eventEnumSubs:update", body: updateSubscriptionBody, success: ok },
  { method: "delete", path: "/v1/{project_id}/event-subs/{sub_id}", operationId: "deleteEventSubscription", summary: "Delete an event subscription", tag: "Events", action: "dis:eventEnumSubs:delete", success: noContent },

  ...transferTaskOperations(`${V2}/streams/{stream_name}/transfer-tasks`, ""),
  ...transferTaskOperations(`${V2}/stream/{stream_name}/transfer-tasks`, "OldPath"),

  { method: "get", path: `${V2}/streams/{stream_name}/metrics`, operationId: "streamMetrics", summary: "Stream metrics", section: "5.6.1", tag: "Metrics", action: "dis:metrics:get", query: metricsQuerySchema, success: ok },
  { method: "get", path: `${V2}/streams/{stream_name}/partitions/{partition_id}/metrics`, operationId: "partitionMetrics", summary: "Partition metrics", section: "5.6.2", tag: "Metrics", action: "dis:metrics:get", query: metricsQuerySchema, success: ok },

  { method: "post", path: `${V2}/stream/{stream_id}/tags`, operationId: "addTag", summary: "Add a tag to a stream", section: "5.7.1", tag: "Tags", action: "dis:tagResources:create", body: addTagBody, success: noContent },
  { method: "get", path: `${V2}/stream/{stream_id}/tags`, operationId: "listTags", summary: "A stream's tags", section: "5.7.2", tag: "Tags", action: "dis:tags:list", success: ok },
  { method: "delete", path: `${V2}/stream/{stream_id}/tags/{key}`, operationId: "deleteTag", summary: "Delete a stream's tag", section: "5.7.3", tag: "Tags", action: "dis:tagResources:delete", success: noContent },
  { method: "post", path: `${V2}/stream/{stream_id}/tags/action`, operationId: "batchTags", summary: "Create or delete tags in a batch", section: "5.7.4", tag: "Tags", action: "dis:tagResources:update", body: batchTagsBody, success: noContent },
  { method: "get", path: `${V2}/stream/tags`, operationId: "projectTags", summary: "The project's tag sets", section: "5.7.5", tag: "Tags", action: "dis:tags:list", success: ok },
  { method: "post", path: `${V2}/stream/resource_instances/action`, operationId: "filterByTags", summary: "Filter or count streams by tags", section: "5.7.6", tag: "Tags", action: "dis:tagResources:list", body: filterBody, success: ok },
];

/** The transfer task operations under one base path (the old Python SDK's singular `/stream/` too). */
function transferTaskOperations(base: string, suffix: string): Operation[] {
  const tag = "Transfer tasks";
  return [
    { method: "post", path: base, operationId: `createTransferTask${suffix}`, summary: "Create a transfer task", section: "5.5.1", tag, action: "dis:transferTasks:create", body: transferTaskCreateBody, success: created },
    { method: "put", path: base, operationId: `updateTransferTask${suffix}`, summary: "Update a transfer task (found by task_name)", tag, action: "dis:transferTasks:update", body: transferTaskCreateBody, success: done },
    { method: "get", path: base, operationId: `listTransferTasks${suffix}`, summary: "List transfer tasks", section: "5.5.2", tag, action: "dis:transferTasks:list", success: ok },
    { method: "post", path: `${base}/action`, operationId: `startStopTransferTasks${suffix}`, summary: "Start or stop transfer tasks", section: "5.5.5", tag, action: "dis:transferTasks:update", body: taskActionBody, success: done },
    { method: "get", path: `${base}/{task_name}`, operationId: `describeTransferTask${suffix}`, summary: "Describe a transfer task", section: "5.5.4", tag, action: "dis:transferTasks:get", success: ok },
    { method: "delete", path: `${base}/{task_name}`, operationId: `deleteTransferTask${suffix}`, summary: "Delete a transfer task", section: "5.5.3", tag, action: "dis:transferTasks:delete", success: noContent },
    { method: "get", path: `${base}/{task_name}/objects`, operationId: `listDeliveredObjects${suffix}`, summary: "List the objects a file task (OBS, MRS, DLI) delivered", tag, action: "dis:transferTasks:get", query: deliveredObjectsQuery, success: ok },
    { method: "get", path: `${base}/{task_name}/objects/preview`, operationId: `previewDeliveredObject${suffix}`, summary: "One delivered object with a preview of its text", tag, action: "dis:transferTasks:get", query: objectPreviewQuery, success: ok },
  ];
}
