/**
 * Lockout of client addresses that keep failing authentication (DIS.4309). One Durable Object
 * per address counts failures in a sliding window and keeps the lock, so the count holds across
 * the worker's isolates; each isolate also remembers locks it has seen, so a locked client is
 * refused without a call.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

export interface LockoutPolicy {
  /** Failures within the window that lock the address. */
  failures: number;
  windowMs: number;
  lockMs: number;
}

/** Drops failures older than the window and decides whether the address is now locked. */
export function afterFailure(failures: readonly number[], now: number, policy: LockoutPolicy): { failures: number[]; lockedUntil: number } {
  const recent = [...failures.filter((t) => t > now - policy.windowMs), now];
  return recent.length >= policy.failures ? { failures: [], lockedUntil: now + policy.lockMs } : { failures: recent, lockedUntil: 0 };
}

/** Loopback client addresses: the machine's own clients, which a local service may exempt. */
export function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === "::1" || address === "::ffff:127.0.0.1";
}

export class ClientGuard extends DurableObject<Env> {
  private failures: number[] = [];

  /** Counts one failed authentication; returns until when the address is locked (0 when it is not). */
  recordFailure(policy: LockoutPolicy): number {
    const now = Date.now();
    const locked = this.lockedUntil();
    if (locked > now) return locked;
    const next = afterFailure(this.failures, now, policy);
    this.failures = next.failures;
    if (next.lockedUntil > 0) this.ctx.storage.kv.put("lockedUntil", next.lockedUntil);
    return next.lockedUntil;
  }

  /** Until when the address is locked (0 when it is not). */
  lockedUntil(): number {
    return this.ctx.storage.kv.get<number>("lockedUntil") ?? 0;
  }

  /** Lifts the lock and forgets the failures counted so far (operators' `lockouts clear`). */
  clear(): void {
    this.failures = [];
    this.ctx.storage.kv.delete("lockedUntil");
  }
}
