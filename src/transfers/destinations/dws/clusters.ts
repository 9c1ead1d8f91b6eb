/**
 * Which PostgreSQL-compatible server a `dws_cluster_name` names. The deployment lists its
 * clusters in `DWS_CLUSTERS` as `name=postgresql://host:port` pairs (comma-separated), or
 * `name=hyperdrive:BINDING` for a Hyperdrive binding of wrangler.toml (which then carries its own
 * credentials); any other name is DIS.4350.
 */
import type { Env } from "../../../env";

export type DwsCluster = { host: string; port: number; ssl: boolean } | { connectionString: string };

function isHyperdrive(value: unknown): value is Hyperdrive {
  return typeof value === "object" && value !== null && typeof (value as Hyperdrive).connectionString === "string";
}

/** Cluster name → the pair's right-hand side, from `DWS_CLUSTERS`. */
export function clusterSpecs(spec: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (spec ?? "").split(",")) {
    const at = pair.indexOf("=");
    const name = pair.slice(0, at).trim();
    const target = pair.slice(at + 1).trim();
    if (at > 0 && name && target) map.set(name, target);
  }
  return map;
}

/** The server behind a cluster name, or null when the deployment provides no such cluster. */
export function clusterFor(env: Env, name: string): DwsCluster | null {
  const target = clusterSpecs(env.DWS_CLUSTERS).get(name);
  if (!target) return null;
  if (target.startsWith("hyperdrive:")) {
    const binding = (env as unknown as Record<string, unknown>)[target.slice("hyperdrive:".length)];
    return isHyperdrive(binding) ? { connectionString: binding.connectionString } : null;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") return null;
  return { host: url.hostname, port: Number(url.port || 5432), ssl: url.searchParams.get("sslmode") === "require" };
}
