/**
 * CORS for browser clients: preflights are answered (204) before authentication, so they never
 * count as failures, for the origins in CORS_ORIGINS (comma-separated, `*` within one matching any
 * characters: `http://localhost:*`); answers expose the headers clients read.
 */
import { cors } from "hono/cors";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context";

/** Allowed when CORS_ORIGINS is not set: pages served from this machine. */
export const DEFAULT_CORS_ORIGINS = "http://localhost:*,http://127.0.0.1:*";

/** Whether an origin matches one of the patterns. */
export function originAllowed(origin: string, patterns: string): boolean {
  return patterns
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .some((p) => new RegExp("^" + p.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*") + "$").test(origin));
}

export const corsPolicy: MiddlewareHandler<AppEnv> = cors({
  origin: (origin, c) => (origin !== "" && originAllowed(origin, (c.env as AppEnv["Bindings"]).CORS_ORIGINS ?? DEFAULT_CORS_ORIGINS) ? origin : null),
  allowMethods: ["GET", "POST", "PUT", "DELETE"],
  allowHeaders: ["Content-Type", "X-Auth-Token", "X-Sdk-Date", "Authorization", "X-Project-Id", "X-Sdk-Content-Sha256", "Content-Encoding"],
  exposeHeaders: ["X-Subject-Token", "X-Request-Id"],
  maxAge: 600,
});
