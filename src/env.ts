import type { ClientGuard } from "./auth/client-guard";
import type { PartitionLog } from "./partition/partition-log";
import type { TransferTask } from "./transfers/transfer-task";
import type { ClientSession } from "./mqtt/client-session";
import type { DeviceGateway } from "./mqtt/gateway";
import type { ConsumerGroup } from "./groups/consumer-group";
import type { EventSubscription } from "./events/event-subscription";

/** Bindings, variables and secrets of the worker (wrangler.toml, `.dev.vars`, `wrangler secret put`). */
export interface Env {
  DB: D1Database;
  PARTITIONS: DurableObjectNamespace<PartitionLog>;
  CLIENT_GUARDS: DurableObjectNamespace<ClientGuard>;
  OBS_BUCKET: R2Bucket;
  /** The bucket MRS clusters and DLI databases of the default configuration keep their files in (`MRS_CLUSTERS`, `DLI_DATABASES`). */
  LAKE_BUCKET: R2Bucket;
  /** The web console's static files (wrangler.toml [assets]); absent when they were not built. */
  ASSETS?: Fetcher;
  /** The service's own bucket: partition logs' segments (sealed chunks moved out of SQLite). */
  SEGMENTS: R2Bucket;
  TRANSFER_TASKS: DurableObjectNamespace<TransferTask>;
  /** Devices' MQTT connections, MQTT_GATEWAYS objects of many connections each. */
  DEVICE_GATEWAYS: DurableObjectNamespace<DeviceGateway>;
  /** MQTT sessions, one object per project and client id. */
  CLIENT_SESSIONS: DurableObjectNamespace<ClientSession>;
  /** Consumer groups' coordinators, one object per app incarnation (app id). */
  CONSUMER_GROUPS: DurableObjectNamespace<ConsumerGroup>;
  /** Event subscriptions' deliveries, one object per subscription. */
  EVENT_SUBSCRIPTIONS: DurableObjectNamespace<EventSubscription>;
  /** An event subscription's first retry delay (ms, doubling up to an hour) and the failures in a row that pause it. */
  EVENT_SUB_RETRY_BASE_MS?: string;
  EVENT_SUB_MAX_FAILURES?: string;
  /** Members one app's consumer group may hold (DIS.4339 beyond). */
  CONSUMERS_PER_APP?: string;
  /** How long a consumer group without members waits for more to join before sharing out partitions (ms). */
  CONSUMER_JOIN_DELAY_MS?: string;
  /** How many device gateways share the MQTT connections. */
  MQTT_GATEWAYS?: string;
  /** A connection's grant on a stream is checked again once its last check is this old (seconds). */
  MQTT_GRANT_RECHECK_SECONDS?: string;
  /** A live subscription reached through another account's stream policy checks it again once its last check is this old (seconds). */
  PUSH_GRANT_RECHECK_SECONDS?: string;
  /** Bucket names transfer tasks may name in `obs_bucket_path`, as `name=R2_BINDING` pairs, comma-separated. */
  OBS_BUCKETS: string;
  /** DWS clusters transfer tasks may name in `dws_cluster_name`, as `name=postgresql://host:port` or `name=hyperdrive:BINDING` pairs. */
  DWS_CLUSTERS?: string;
  /** MRS clusters transfer tasks may name in `mrs_cluster_name`, as `name=R2_BINDING` pairs: the bucket the cluster reads through its S3 connector. */
  MRS_CLUSTERS?: string;
  /** DLI databases transfer tasks may name in `dli_database_name`, as `name=R2_BINDING` pairs: the bucket holding the database's tables. */
  DLI_DATABASES?: string;
  /** CloudTable clusters transfer tasks may name in `cloudtable_cluster_name`, as `name=http(s)://host:port` pairs: the cluster's OpenTSDB HTTP API. */
  CLOUDTABLE_CLUSTERS?: string;
  /** Signs tokens (and every other opaque value the service hands out), via derived keys. */
  AUTH_SECRET: string;
  /** Opens the operators' API (`/admin/v1`) to whoever presents it; unset, that API is closed. */
  ADMIN_SECRET?: string;
  /** Encrypts the secret keys of access keys at rest. */
  CREDENTIAL_ENCRYPTION_KEY: string;
  COMMON_PARTITION_QUOTA: string;
  ADVANCED_PARTITION_QUOTA: string;
  /** Consumer apps per project. */
  APP_QUOTA: string;
  /** Authentication failures from one address within the window that lock it out, and for how long. */
  LOCKOUT_FAILURES: string;
  LOCKOUT_WINDOW_SECONDS: string;
  LOCKOUT_SECONDS: string;
  /** "exempt": loopback addresses are never locked out (npm start sets it; a deployment never sees them). */
  LOCKOUT_LOOPBACK?: string;
  /** The address of clients whose requests reach the worker with no front line to name them: npm start's socket, bound to loopback. */
  DIRECT_CLIENT_ADDRESS?: string;
  /** Browser origins allowed to call the API (CORS), comma-separated; `*` within one matches any characters (wrangler.toml). */
  CORS_ORIGINS?: string;
  /** Auto-scaling: scale out at or above this average utilization (%) sustained this many minutes; in at or below. */
  AUTO_SCALE_OUT_PERCENT: string;
  AUTO_SCALE_OUT_MINUTES: string;
  AUTO_SCALE_IN_PERCENT: string;
  AUTO_SCALE_IN_MINUTES: string;
  /** "off" switches per-partition traffic control off (operators, benchmarks). */
  TRAFFIC_CONTROL: string;
  /** "on" adds `X-Storage-Rows-Written` to put answers (the SQLite rows the put cost) and `X-Storage-Segment-Records` to get-records answers (records read from segments): benchmarks, cost checks. */
  STORAGE_STATS: string;
  /** The hot window of partition logs: chunks older than this many seconds, or beyond this many bytes, move to segments in R2. */
  HOT_WINDOW_SECONDS: string;
  HOT_WINDOW_BYTES: string;
}
