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

/** The methods of the routes (not middleware, which answers every method) whose pattern matches the path. */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || route.path.endsWith("*")) continue;
    if (patternOf(route.path).test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
