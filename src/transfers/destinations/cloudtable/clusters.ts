/**
 * Which OpenTSDB HTTP API a `cloudtable_cluster_name` names. The deployment lists its clusters in
 * `CLOUDTABLE_CLUSTERS` as `name=http://host:port` pairs (comma-separated; `https` too); any
 * other name is DIS.4341.
 */
import type { Env } from "../../../env";
import { clusterSpecs } from "../dws/clusters";

/** The cluster's OpenTSDB base URL (no trailing `/`), or null when the deployment provides no such cluster. */
export function openTsdbEndpoint(env: Env, name: string): string | null {
  const target = clusterSpecs(env.CLOUDTABLE_CLUSTERS).get(name);
  if (!target) return null;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href.replace(/\/+$/, "");
}
