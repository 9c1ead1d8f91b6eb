/** Hash routes (`#/streams/name/records`), so the console is one page under /console/ and needs no server routing. Pure. */
export type Route =
  | { page: "streams" }
  | { page: "stream"; stream: string; tab: StreamTab };

export const STREAM_TABS = ["overview", "records", "consumers", "tasks", "settings"] as const;
export type StreamTab = (typeof STREAM_TABS)[number];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "streams" && parts[1]) {
    const tab = (STREAM_TABS as readonly string[]).includes(parts[2] ?? "") ? (parts[2] as StreamTab) : "overview";
    return { page: "stream", stream: parts[1], tab };
  }
  return { page: "streams" };
}

export function hrefOf(route: Route): string {
  if (route.page === "streams") return "#/streams";
  return `#/streams/${encodeURIComponent(route.stream)}${route.tab === "overview" ? "" : `/${route.tab}`}`;
}

