/** The current hash route, following changes. */
import { useEffect, useState } from "preact/hooks";
import { parseRoute, type Route } from "./routes";

export { hrefOf, STREAM_TABS, type Route, type StreamTab } from "./routes";

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}
