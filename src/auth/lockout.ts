/** The lockout middleware: refuses locked client addresses and counts authentication failures. */
import type { MiddlewareHandler } from "hono";
import type { Env } from "../env";
import { DisError, disError, errorResponse } from "../errors/dis-error";
import type { AppEnv } from "../http/context";
import { envNumber } from "../util/env-number";
import { TtlCache } from "../util/ttl-cache";
import type { LockoutPolicy } from "./client-guard";

const seenLocks = new TtlCache<number>(60 * 60_000);

function policyOf(env: Env): LockoutPolicy {
  return {
    failures: envNumber(env.LOCKOUT_FAILURES, 20, 1),
    windowMs: envNumber(env.LOCKOUT_WINDOW_SECONDS, 60, 1) * 1000,
    lockMs: envNumber(env.LOCKOUT_SECONDS, 300, 1) * 1000,
  };
}

/** The client's address as Cloudflare reports it. */
export function clientAddress(request: Request): string {
  return request.headers.get("cf-connecting-ip") ?? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "unknown";
}

function isAuthenticationFailure(error: unknown): boolean {
  return error instanceof DisError && (error.status === 441 || error.code === "DIS.4110");
}

function lockedError(until: number): DisError {
  return disError("DIS.4309", `Locked until ${new Date(until).toISOString()}.`);
}

export const lockout: MiddlewareHandler<AppEnv> = async (c, next) => {
  const address = clientAddress(c.req.raw);
  const known = seenLocks.get(address);
  if (known !== undefined && known > Date.now()) return errorResponse(lockedError(known));

  await next();

  if (!isAuthenticationFailure(c.error)) return;
  const guard = c.env.CLIENT_GUARDS.get(c.env.CLIENT_GUARDS.idFromName(address));
  const until = await guard.recordFailure(policyOf(c.env));
  if (until > Date.now()) {
    seenLocks.set(address, until);
    c.res = errorResponse(lockedError(until));
  }
};
