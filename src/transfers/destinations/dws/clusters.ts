/**
 * Which PostgreSQL-compatible server a `dws_cluster_name` names. The deployment lists its
 * clusters in `DWS_CLUSTERS` as `name=postgresql://host:port` pairs (comma-separated), or
 * `name=hyperdrive:BINDING` for a Hyperdrive binding of wrangler.toml (which then carries its own
 * credentials); any other name is DIS.4350.
 */
import type { Env } from "../../../env";
import { namedTargets, urlTarget } from "../../named-targets";

export type DwsCluster = { host: string; port: number; ssl: boolean } | { connectionString: string };

function isHyperdrive(value: unknown): value is Hyperdrive {
  return typeof value === "object" && value !== null && typeof (value as Hyperdrive).connectionString === "string";
}

/** The server behind a cluster name, or null when the deployment provides no such cluster. */
export function clusterFor(env: Env, name: string): DwsCluster | null {
  const target = namedTargets(env.DWS_CLUSTERS).get(name);
  if (!target) return null;
  if (target.startsWith("hyperdrive:")) {
    const binding = (env as unknown as Record<string, unknown>)[target.slice("hyperdrive:".length)];
    return isHyperdrive(binding) ? { connectionString: binding.connectionString } : null;
  }
  const url = urlTarget(target, ["postgresql:", "postgres:"]);
  if (!url) return null;
  return { host: url.hostname, port: Number(url.port || 5432), ssl: url.searchParams.get("sslmode") === "require" };
}
