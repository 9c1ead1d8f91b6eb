/**
 * Metadata in D1. The partition logs themselves live in Durable Objects; D1 holds who may
 * call, which streams exist and how they split into partitions.
 * `migrations/` is generated from this file by drizzle-kit (`npm run db:generate`).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** An account. Owns projects and users. */
export const domains = sqliteTable("domains", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: integer("created_at").notNull(),
});

/** A project: the `{project_id}` of every DIS path. */
export const projects = sqliteTable("projects", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  domainId: text("domain_id")
    .notNull()
    .references(() => domains.id),
  createdAt: integer("created_at").notNull(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    domainId: text("domain_id")
      .notNull()
      .references(() => domains.id),
    name: text("name").notNull(),
    /** PBKDF2 hash, see auth/secrets.ts. */
    passwordHash: text("password_hash").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("users_domain_name").on(t.domainId, t.name)],
);

export const accessKeys = sqliteTable("access_keys", {
  accessKey: text("access_key").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id),
  /** The secret key, AES-GCM encrypted with the CREDENTIAL_ENCRYPTION_KEY secret. */
  secretKeyEncrypted: text("secret_key_encrypted").notNull(),
  status: text("status", { enum: ["active", "revoked"] }).notNull(),
  createdAt: integer("created_at").notNull(),
});

/** What a user may do in a project: a system role name or an action pattern (`dis:streams:*`). */
export const grants = sqliteTable(
  "grants",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    permission: text("permission").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.projectId, t.permission] })],
);

export const streams = sqliteTable(
  "streams",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    streamType: text("stream_type", { enum: ["COMMON", "ADVANCED"] }).notNull(),
    dataType: text("data_type", { enum: ["BLOB", "JSON", "CSV"] }).notNull(),
    retentionHours: integer("retention_hours").notNull(),
    partitionCount: integer("partition_count").notNull(),
    autoScaleEnabled: integer("auto_scale_enabled", { mode: "boolean" }).notNull(),
    autoScaleMin: integer("auto_scale_min").notNull(),
    autoScaleMax: integer("auto_scale_max").notNull(),
    dataSchema: text("data_schema"),
    compressionFormat: text("compression_format"),
    csvDelimiter: text("csv_delimiter"),
    enterpriseProjectId: text("enterprise_project_id"),
    status: text("status").notNull(),
    createTime: integer("create_time").notNull(),
    lastModifiedTime: integer("last_modified_time").notNull(),
    /** Grows with every change of partitions; partition logs refuse writers routing by an older one. */
    routingEpoch: integer("routing_epoch").notNull().default(0),
  },
  (t) => [uniqueIndex("streams_project_name").on(t.projectId, t.name)],
);

/**
 * Partitions of a stream. Hash bounds are decimal strings: they reach 2^63-1, past what a
 * JavaScript number holds exactly.
 */
export const partitions = sqliteTable(
  "partitions",
  {
    streamId: text("stream_id")
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    index: integer("partition_index").notNull(),
    status: text("status", { enum: ["CREATING", "ACTIVE", "DELETED", "EXPIRED"] }).notNull(),
    hashLow: text("hash_low").notNull(),
    hashHigh: text("hash_high").notNull(),
    parentPartitions: text("parent_partitions"),
    createTime: integer("create_time").notNull(),
    /** When a scale-in made the partition DELETED (read-only); it is EXPIRED once its data has expired. */
    deletedAt: integer("deleted_at"),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.index] })],
);

export const streamTags = sqliteTable(
  "stream_tags",
  {
    streamId: text("stream_id")
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.key] })],
);

/**
 * Partition logs of deleted streams still to be erased. Deleting a stream writes one row here;
 * the request and the cron trigger both work it off, so an interrupted erase resumes.
 */
export const partitionPurges = sqliteTable(
  "partition_purges",
  {
    streamId: text("stream_id").notNull(),
    partitionCount: integer("partition_count").notNull(),
    createdAt: integer("created_at")
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.streamId] }), index("partition_purges_created").on(t.createdAt)],
);

/** Consumer applications (reference §5.2). Their checkpoints live in the partition logs, keyed by app id. */
export const apps = sqliteTable(
  "apps",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    createTime: integer("create_time").notNull(),
  },
  (t) => [uniqueIndex("apps_project_name").on(t.projectId, t.name)],
);

/** The streams an app has committed checkpoints on (`commit_checkpoint_stream_names`). */
export const appStreams = sqliteTable(
  "app_streams",
  {
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    streamId: text("stream_id")
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.appId, t.streamId] }), index("app_streams_stream").on(t.streamId)],
);

/**
 * The streams each app's consumer group follows, so that a scaling or a deletion of a stream
 * reaches the groups that share its partitions. Written when a member joins; no foreign key to
 * streams: a deleted stream's rows go once its groups have been told (streams/purge.ts).
 */
export const groupStreams = sqliteTable(
  "group_streams",
  {
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    streamId: text("stream_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.streamId] }), index("group_streams_stream").on(t.streamId)],
);

/**
 * Checkpoints of deleted apps still to be erased from a stream's partition logs; written with the
 * app's deletion, worked off by the request and the cron trigger like partition purges.
 */
export const checkpointPurges = sqliteTable(
  "checkpoint_purges",
  {
    appId: text("app_id").notNull(),
    streamId: text("stream_id").notNull(),
    partitionCount: integer("partition_count").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.streamId] })],
);

/**
 * Stream policies (reference §5.1.7): principals of other accounts allowed to put or get records.
 * `principal` is `<domain id>.*` or `<domain id>.<user id>`; `principal_name` the same with names.
 */
export const streamPolicies = sqliteTable(
  "stream_policies",
  {
    streamId: text("stream_id")
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    principal: text("principal").notNull(),
    principalName: text("principal_name").notNull(),
    actionType: text("action_type", { enum: ["putRecords", "getRecords"] }).notNull(),
    effect: text("effect", { enum: ["accept"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.principal, t.actionType] })],
);

/** Every change of a stream's partition count (`update_partition_counts` of describe stream). */
export const partitionScalings = sqliteTable(
  "partition_scalings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    streamId: text("stream_id")
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    createTimestamp: integer("create_timestamp").notNull(),
    srcPartitionCount: integer("src_partition_count").notNull(),
    targetPartitionCount: integer("target_partition_count").notNull(),
    resultCode: integer("result_code").notNull(),
    resultMsg: text("result_msg").notNull(),
    autoScale: integer("auto_scale", { mode: "boolean" }).notNull(),
    /** The routing epoch a successful change created; unique per stream, so two racing changes cannot both commit. */
    routingEpoch: integer("routing_epoch"),
  },
  (t) => [
    index("partition_scalings_stream").on(t.streamId, t.createTimestamp),
    uniqueIndex("partition_scalings_epoch").on(t.streamId, t.routingEpoch),
  ],
);

/**
 * Routing changes still to be told to partition logs: written with the change, worked off by the
 * request and the cron trigger, so a partition that must stop taking writes always learns it.
 */
export const routingPushes = sqliteTable("routing_pushes", {
  streamId: text("stream_id")
    .primaryKey()
    .references(() => streams.id, { onDelete: "cascade" }),
  routingEpoch: integer("routing_epoch").notNull(),
  createdAt: integer("created_at").notNull(),
});

/**
 * Transfer tasks (reference §5.5): scheduled delivery of a stream's records to a destination.
 * `state` is what the user asked for (RUNNING or PAUSED); `descriptor` is the normalized
 * destination descriptor as JSON (transfers/descriptor.ts), one shape per destination type.
 * Delivery progress lives in the task's own Durable Object (transfers/transfer-task.ts).
 */
export const transferTasks = sqliteTable(
  "transfer_tasks",
  {
    id: text("id").primaryKey(),
    streamId: text("stream_id")
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    destinationType: text("destination_type").notNull(),
    state: text("state", { enum: ["RUNNING", "PAUSED"] }).notNull(),
    descriptor: text("descriptor").notNull(),
    createTime: integer("create_time").notNull(),
    updateTime: integer("update_time").notNull(),
  },
  (t) => [uniqueIndex("transfer_tasks_stream_name").on(t.streamId, t.name), index("transfer_tasks_state").on(t.state)],
);

/**
 * Client addresses locked out for repeated authentication failures (DIS.4309), written when a lock
 * begins, so operators can list and clear them. The lock itself lives in the address's ClientGuard.
 */
export const lockouts = sqliteTable("lockouts", {
  address: text("address").primaryKey(),
  lockedUntil: integer("locked_until").notNull(),
  lockedAt: integer("locked_at").notNull(),
});

/** Facts about the service itself, one row each: when the cron trigger last ran (`cron_last_run`, epoch ms). */
export const serviceState = sqliteTable("service_state", {
  key: text("key").primaryKey(),
  value: integer("value").notNull(),
});

/**
 * What happened to a project's resources (README "Events"), kept 7 days. `id` sorts by time
 * (a zero-padded millisecond timestamp, then random), so pages and deliveries follow it.
 */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    type: text("type").notNull(),
    level: text("level", { enum: ["info", "warning", "critical"] }).notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id").notNull(),
    resourceName: text("resource_name").notNull(),
    time: integer("time").notNull(),
    detail: text("detail").notNull(),
  },
  (t) => [index("events_project_id").on(t.projectId, t.id)],
);

/** Event subscriptions (README "Event subscriptions"): what a project wants delivered, and where. Delivery state lives in each subscription's Durable Object. */
export const eventSubscriptions = sqliteTable(
  "event_subscriptions",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    eventTypes: text("event_types").notNull(),
    levels: text("levels").notNull(),
    resourceType: text("resource_type"),
    resourceNames: text("resource_names"),
    webhookUrl: text("webhook_url").notNull(),
    /** The signing secret, encrypted with the credential key. */
    secret: text("secret").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    createTime: integer("create_time").notNull(),
    updateTime: integer("update_time").notNull(),
  },
  (t) => [uniqueIndex("event_subscriptions_project_name").on(t.projectId, t.name)],
);
