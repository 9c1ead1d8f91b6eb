/**
 * Which OpenTSDB HTTP API a `cloudtable_cluster_name` names. The deployment lists its clusters in
 * `CLOUDTABLE_CLUSTERS` as `name=http://host:port` pairs (comma-separated; `https` too); any
 * other name is DIS.4341.
 */
import type { Env } from "../../../env";
import { namedTargets, urlTarget } from "../../named-targets";

/** The cluster's OpenTSDB base URL (no trailing `/`), or null when the deployment provides no such cluster. */
export function openTsdbEndpoint(env: Env, name: string): string | null {
  const target = namedTargets(env.CLOUDTABLE_CLUSTERS).get(name);
  const url = target ? urlTarget(target, ["http:", "https:"]) : null;
  return url ? url.href.replace(/\/+$/, "") : null;
}
