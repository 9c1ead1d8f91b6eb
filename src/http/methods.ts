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
function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const [pattern, method] of patternsOf(routes)) if (pattern.test(path)) methods.add(method);
  return [...methods].sort();
}

/**
 * The methods a known path takes when it refuses this one (HEAD goes where GET does; OPTIONS is
 * CORS's); null when the method is taken or the path is unknown. The usual case, a route of this
 * method matching, stops at that route.
 */
export function refusedMethod(routes: readonly RouteEntry[], path: string, method: string): string[] | null {
  if (method === "OPTIONS") return null;
  const wanted = method === "HEAD" ? "GET" : method;
  for (const [pattern, routeMethod] of patternsOf(routes)) if (routeMethod === wanted && pattern.test(path)) return null;
  const allowed = allowedMethods(routes, path);
  return allowed.length > 0 ? allowed : null;
}
