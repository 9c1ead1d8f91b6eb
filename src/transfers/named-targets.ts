/**
 * The deployment's lists of what transfer tasks may name (`OBS_BUCKETS`, `MRS_CLUSTERS`,
 * `DLI_DATABASES`, `DWS_CLUSTERS`, `CLOUDTABLE_CLUSTERS`): `name=target` pairs, comma-separated.
 */

/** Name → target, from a `name=target,…` list (the target may itself hold `=`). */
export function namedTargets(spec: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (spec ?? "").split(",")) {
    const at = pair.indexOf("=");
    const name = pair.slice(0, at).trim();
    const target = pair.slice(at + 1).trim();
    if (at > 0 && name && target) map.set(name, target);
  }
  return map;
}

/** A target that is a URL of one of `protocols` (`"http:"`, …), or null. */
export function urlTarget(target: string, protocols: readonly string[]): URL | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  return protocols.includes(url.protocol) ? url : null;
}
