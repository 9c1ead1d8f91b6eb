/**
 * `GET /console/…`: the web console, the static files `npm run build:console` writes
 * (scripts/build-console.ts → `build/console/console/`), served from the Workers static assets
 * binding. Unauthenticated: the page signs in and then makes ordinary DIS API calls with a token.
 */
import { Hono } from "hono";
import { disError } from "../errors/dis-error";
import type { AppEnv } from "../http/context";

export const consoleRoutes = new Hono<AppEnv>();

consoleRoutes.get("/*", async (c) => {
  if (!c.env.ASSETS) throw disError("DIS.4040", "The console is not built into this deployment (npm run build:console).");
  const response = await c.env.ASSETS.fetch(c.req.raw);
  if (response.status === 404) throw disError("DIS.4040", "No such console page.");
  const headers = new Headers(response.headers);
  // The page runs only its own scripts and talks only to this origin.
  headers.set("content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'");
  headers.set("x-content-type-options", "nosniff");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
});
