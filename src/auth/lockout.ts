/** The lockout middleware: refuses locked client addresses and counts authentication failures. */
import type { MiddlewareHandler } from "hono";
import { eq, gt, lte } from "drizzle-orm";
import { openDb } from "../db/client";
import { lockouts } from "../db/schema";
import type { Env } from "../env";
import { DisError, disError, errorResponse } from "../errors/dis-error";
import type { AppEnv } from "../http/context";
import { envNumber } from "../util/env-number";
import { TtlCache } from "../util/ttl-cache";
import { isLoopback, type LockoutPolicy } from "./client-guard";

/** Locks this isolate has seen, until when, and when it last asked the address's guard. */
const seenLocks = new TtlCache<{ until: number; checkedAt: number }>(60 * 60_000);
/** How long an isolate trusts a lock it has seen before asking again (so a cleared lock lifts everywhere). */
const RECHECK_MS = 10_000;

function policyOf(env: Env): LockoutPolicy {
  return {
    failures: envNumber(env.LOCKOUT_FAILURES, 20, 1),
    windowMs: envNumber(env.LOCKOUT_WINDOW_SECONDS, 60, 1) * 1000,
    lockMs: envNumber(env.LOCKOUT_SECONDS, 300, 1) * 1000,
  };
}

/**
 * The client's address as Cloudflare reports it; a request that came straight to the runtime's own
 * socket carries none, and is from `directAddress` (the local service's socket is on loopback only).
 */
export function clientAddress(request: Request, directAddress = "unknown"): string {
  return request.headers.get("cf-connecting-ip") ?? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? directAddress;
}

function isAuthenticationFailure(error: unknown): boolean {
  return error instanceof DisError && (error.status === 441 || error.code === "DIS.4110");
}

function lockedError(until: number): DisError {
  return disError("DIS.4309", `Locked until ${new Date(until).toISOString()}.`);
}

function guardOf(env: Env, address: string) {
  return env.CLIENT_GUARDS.get(env.CLIENT_GUARDS.idFromName(address));
}

/** Whether the isolate's memory says the address is locked, asking its guard again when that memory is old. */
async function knownLock(env: Env, address: string, now: number): Promise<number> {
  const seen = seenLocks.get(address);
  if (seen === undefined || seen.until <= now) return 0;
  if (now - seen.checkedAt < RECHECK_MS) return seen.until;
  const until = await guardOf(env, address).lockedUntil();
  if (until > now) seenLocks.set(address, { until, checkedAt: now });
  else seenLocks.delete(address);
  return until > now ? until : 0;
}

function exempt(env: Env, address: string): boolean {
  // A local service may exempt the machine's own clients (npm start does), so nobody locks themselves out by typos.
  return env.LOCKOUT_LOOPBACK === "exempt" && isLoopback(address);
}

/** When the address's lock ends (0: not locked), as far as this isolate knows: for callers other than HTTP (MQTT's CONNECT). */
export async function addressLockedUntil(env: Env, address: string, now = Date.now()): Promise<number> {
  return exempt(env, address) ? 0 : knownLock(env, address, now);
}

/** Counts an authentication failure of the address; returns when the lock it caused ends (0: none). */
export async function countAuthenticationFailure(env: Env, address: string): Promise<number> {
  if (exempt(env, address)) return 0;
  const until = await guardOf(env, address).recordFailure(policyOf(env));
  if (until <= Date.now()) return 0;
  if (seenLocks.get(address)?.until !== until) await noteLock(env, address, until);
  seenLocks.set(address, { until, checkedAt: Date.now() });
  return until;
}

export const lockout: MiddlewareHandler<AppEnv> = async (c, next) => {
  const address = clientAddress(c.req.raw, c.env.DIRECT_CLIENT_ADDRESS);
  const known = await addressLockedUntil(c.env, address, Date.now());
  // Thrown, so that the app renders it as it renders any refusal (a subscription's too).
  if (known > 0) throw lockedError(known);

  await next();

  if (!isAuthenticationFailure(c.error)) return;
  const until = await countAuthenticationFailure(c.env, address);
  // A refused subscription keeps its answer (the socket already closed with the failure).
  if (until > 0 && c.res.status !== 101) {
    const error = lockedError(until);
    c.set("failure", error);
    c.res = errorResponse(error);
  }
};

/** Records a lock for the operators' list (once per lock and isolate). */
async function noteLock(env: Env, address: string, until: number): Promise<void> {
  await openDb(env.DB)
    .insert(lockouts)
    .values({ address, lockedUntil: until, lockedAt: Date.now() })
    .onConflictDoUpdate({ target: lockouts.address, set: { lockedUntil: until, lockedAt: Date.now() } });
}

export interface LockoutEntry {
  address: string;
  locked_until: string;
  locked_at: string;
}

/** The addresses locked now. */
export async function listLockouts(env: Env, now = Date.now()): Promise<LockoutEntry[]> {
  const rows = await openDb(env.DB).select().from(lockouts).where(gt(lockouts.lockedUntil, now)).orderBy(lockouts.address);
  return rows.map((r) => ({ address: r.address, locked_until: new Date(r.lockedUntil).toISOString(), locked_at: new Date(r.lockedAt).toISOString() }));
}

/** Lifts the lock of an address (at once in this isolate, within 10 seconds in the others); whether it was locked. */
export async function clearLockout(env: Env, address: string, now = Date.now()): Promise<boolean> {
  const db = openDb(env.DB);
  const guard = guardOf(env, address);
  const wasLocked = (await guard.lockedUntil()) > now;
  await guard.clear();
  await db.delete(lockouts).where(eq(lockouts.address, address));
  seenLocks.delete(address);
  return wasLocked;
}

/** Drops records of locks that ended (the cron trigger's tidy-up). */
export async function forgetEndedLockouts(env: Env, now = Date.now()): Promise<void> {
  await openDb(env.DB).delete(lockouts).where(lte(lockouts.lockedUntil, now));
}
