/** Hash routes (`#/streams/name/records`), so the console is one page under /console/ and needs no server routing. */
import { useEffect, useState } from "preact/hooks";

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

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}
