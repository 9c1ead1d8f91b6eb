/**
 * What a PUBLISH topic names: `<stream_name>` puts into the stream, routed as a record without a
 * partition key (spread over the partitions); `<stream_name>/<rest>` uses `<rest>` as the record's
 * partition key, so one device's records (say `telemetry/device-42`) keep to one partition, in order.
 */
import { MAX_PARTITION_KEY_LENGTH } from "../records/validation";
import { STREAM_NAME } from "../streams/validation";

export interface TopicTarget {
  streamName: string;
  partitionKey?: string;
}

export type TopicCheck = { ok: true; target: TopicTarget } | { ok: false; reason: "malformed" | "unknown-stream" | "long-key" };

/**
 * Reads a topic name. "malformed" is a topic no PUBLISH may carry (wildcards, empty, NUL): a
 * protocol error. "unknown-stream" is a topic that names no stream this service can have.
 */
export function topicTarget(topic: string): TopicCheck {
  if (topic === "" || /[+#\u0000]/.test(topic)) return { ok: false, reason: "malformed" };
  const slash = topic.indexOf("/");
  const streamName = slash < 0 ? topic : topic.slice(0, slash);
  if (!STREAM_NAME.test(streamName)) return { ok: false, reason: "unknown-stream" };
  if (slash < 0 || slash === topic.length - 1) return { ok: true, target: { streamName } };
  const partitionKey = topic.slice(slash + 1);
  if (partitionKey.length > MAX_PARTITION_KEY_LENGTH) return { ok: false, reason: "long-key" };
  return { ok: true, target: { streamName, partitionKey } };
}

/** How many topic aliases a client may set (MQTT 5 Topic Alias Maximum in CONNACK). */
export const TOPIC_ALIAS_MAXIMUM = 32;

export type AliasResolution = { ok: true; topic: string; learned: boolean } | { ok: false };

/**
 * Resolves a PUBLISH's topic against the connection's aliases (MQTT 5 §3.3.2.3.4): a topic with an
 * alias sets it, an empty topic with an alias uses it; an alias out of range or never set is a
 * protocol error.
 */
export function resolveAlias(aliases: Map<number, string>, topic: string, alias: number | undefined): AliasResolution {
  if (alias === undefined) return topic === "" ? { ok: false } : { ok: true, topic, learned: false };
  if (alias < 1 || alias > TOPIC_ALIAS_MAXIMUM) return { ok: false };
  if (topic !== "") {
    const learned = aliases.get(alias) !== topic;
    aliases.set(alias, topic);
    return { ok: true, topic, learned };
  }
  const known = aliases.get(alias);
  return known === undefined ? { ok: false } : { ok: true, topic: known, learned: false };
}

/**
 * What a SUBSCRIBE topic filter names (README "Live push", MQTT): `<stream_name>/#` every partition
 * the stream has, `<stream_name>/$partition/<partition_id>` one; either after `$app/<app_name>/`
 * delivers from that app's checkpoint and commits it as PUBACKs come back.
 */
export interface FilterTarget {
  streamName: string;
  /** One partition's id as given, or null for all. */
  partition: string | null;
  appName?: string;
}

export function filterTarget(filter: string): FilterTarget | null {
  let rest = filter;
  let appName: string | undefined;
  if (rest.startsWith("$app/")) {
    const slash = rest.indexOf("/", 5);
    if (slash < 0) return null;
    appName = rest.slice(5, slash);
    rest = rest.slice(slash + 1);
    if (appName === "" || /[+#\u0000]/.test(appName)) return null;
  }
  const parts = rest.split("/");
  const streamName = parts[0]!;
  if (!STREAM_NAME.test(streamName)) return null;
  const app = appName === undefined ? {} : { appName };
  if (parts.length === 2 && parts[1] === "#") return { streamName, partition: null, ...app };
  if (parts.length === 3 && parts[1] === "$partition" && /^[A-Za-z0-9-]+$/.test(parts[2]!)) return { streamName, partition: parts[2]!, ...app };
  return null;
}

/** The topic records of a partition are delivered on: within any filter that names them. */
export function deliveredTopic(target: FilterTarget, partitionId: string): string {
  return `${target.appName === undefined ? "" : `$app/${target.appName}/`}${target.streamName}/$partition/${partitionId}`;
}
