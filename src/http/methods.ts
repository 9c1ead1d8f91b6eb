/** Which methods a path takes, from the app's own routes: for 405 answers with `Allow`. */

interface RouteEntry {
  method: string;
  path: string;
}

function patternOf(path: string): RegExp {
  const body = path
    .replace(/\/\*$/, "(?:/.*)?")
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${body}/?$`);
}

interface CompiledRoutes {
  from: readonly RouteEntry[];
  count: number;
  patterns: [RegExp, string][];
}
let compiled: CompiledRoutes | undefined;

/** The routes' patterns, compiled once (the app's routes do not change once it is built). */
function patternsOf(routes: readonly RouteEntry[]): [RegExp, string][] {
  if (compiled?.from !== routes || compiled.count !== routes.length) {
    const patterns = routes.filter((r) => r.method !== "ALL" && !r.path.endsWith("*")).map((r) => [patternOf(r.path), r.method] as [RegExp, string]);
    compiled = { from: routes, count: routes.length, patterns };
  }
  return compiled.patterns;
}

/** The methods of the routes (not middleware, which answers every method) whose pattern matches the path. */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const [pattern, method] of patternsOf(routes)) if (pattern.test(path)) methods.add(method);
  return [...methods].sort();
}

/** Whether a known path refuses this method (HEAD goes where GET does; OPTIONS is CORS's). */
export function refusesMethod(allowed: readonly string[], method: string): boolean {
  if (allowed.length === 0 || method === "OPTIONS") return false;
  return !allowed.includes(method === "HEAD" ? "GET" : method);
}
