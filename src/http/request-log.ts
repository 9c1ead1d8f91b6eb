/**
 * One id per request, answered in `X-Request-Id`, and one structured log line for each request
 * that fails: its id, method, path, operation (the route), status, DIS code and reason. An
 * unexpected error also logs its stack, once.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { DisError } from "../errors/dis-error";
import type { AppEnv } from "./context";

export const REQUEST_ID_HEADER = "X-Request-Id";

export interface FailureLine {
  level: "warn" | "error";
  request_id: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  error_code: string;
  reason: string;
  stack?: string;
}

/** The log line for a failed request. */
export function failureLine(c: Context<AppEnv>, failure: DisError | undefined, unexpected: unknown): FailureLine {
  const line: FailureLine = {
    level: c.res.status >= 500 ? "error" : "warn",
    request_id: c.get("requestId"),
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    operation: `${c.req.method} ${c.req.routePath}`,
    status: failure && c.res.status < 400 ? failure.status : c.res.status,
    error_code: failure?.code ?? "",
    reason: failure?.message ?? "",
  };
  if (unexpected instanceof Error && unexpected.stack) line.stack = unexpected.stack;
  return line;
}

export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, c.get("requestId"));
  // A refused subscription is answered 101 and closed with its error: its failure is logged all the same.
  if (c.res.status < 400 && !c.get("failure")) return;
  const line = failureLine(c, c.get("failure"), c.get("unexpected"));
  (line.level === "error" ? console.error : console.log)(JSON.stringify(line));
};
