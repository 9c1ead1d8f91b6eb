/**
 * One event subscription's deliveries (named by subscription id): it reads the project's events
 * after the last one it delivered from D1, in order, and POSTs each it wants to the webhook,
 * signed; a failure is retried with backoff (its alarm) and nothing after it goes first. After
 * too many failures in a row, or a day of them, it pauses until the subscription is updated.
 */
import { DurableObject } from "cloudflare:workers";
import { decryptSecretKey } from "../auth/secrets";
import type { Env } from "../env";
import { envNumber } from "../util/env-number";
import { afterFailure, signature, SIGNATURE_HEADER, TIMESTAMP_HEADER, wants, webhookBody, type RetryPolicy, type SubscriptionFilter } from "./delivery";
import { openDb } from "../db/client";
import { eventsAfter } from "./repository";

export interface SubscriptionConfig extends SubscriptionFilter {
  id: string;
  projectId: string;
  webhookUrl: string;
  /** Encrypted with the credential key. */
  secret: string;
  enabled: boolean;
}

export interface DeliveryState {
  /** The last event delivered (or passed over as unwanted). */
  cursor: string;
  lastSuccessTime: number | null;
  consecutiveFailures: number;
  firstFailureTime: number | null;
  lastError: string | null;
  /** Why deliveries stopped; null while they run. */
  pausedReason: string | null;
}

const BATCH = 50;
const TIMEOUT_MS = 10_000;

export class EventSubscription extends DurableObject<Env> {
  private delivering: Promise<void> | null = null;

  private get config(): SubscriptionConfig | undefined {
    return this.ctx.storage.kv.get<SubscriptionConfig>("config");
  }

  private get state(): DeliveryState | undefined {
    return this.ctx.storage.kv.get<DeliveryState>("state");
  }

  private policy(): RetryPolicy {
    return {
      baseMs: envNumber(this.env.EVENT_SUB_RETRY_BASE_MS, 1000, 1),
      maxFailures: envNumber(this.env.EVENT_SUB_MAX_FAILURES, 36, 1),
      maxAgeMs: 24 * 3_600_000,
    };
  }

  /** Sets up or changes the subscription. A new one delivers events after `startAfter`; an update resumes a paused one. */
  async configure(config: SubscriptionConfig, startAfter: string): Promise<void> {
    this.ctx.storage.kv.put("config", config);
    const state = this.state ?? { cursor: startAfter, lastSuccessTime: null, consecutiveFailures: 0, firstFailureTime: null, lastError: null, pausedReason: null };
    this.ctx.storage.kv.put("state", { ...state, consecutiveFailures: 0, firstFailureTime: null, pausedReason: null });
    await this.nudge();
  }

  /** New events may be there: deliver soon (unless paused, or a retry is already set). */
  async nudge(): Promise<void> {
    const config = this.config;
    if (!config?.enabled || this.state?.pausedReason) return;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
  }

  deliveryState(): DeliveryState | null {
    return this.state ?? null;
  }

  /** The subscription was deleted. */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    this.delivering ??= this.deliver().finally(() => (this.delivering = null));
    await this.delivering;
  }

  private async deliver(): Promise<void> {
    const config = this.config;
    let state = this.state;
    if (!config || !state || !config.enabled || state.pausedReason) return;
    const secret = await decryptSecretKey(config.secret, this.env.CREDENTIAL_ENCRYPTION_KEY);
    if (secret === null) return this.save({ ...state, pausedReason: "the signing secret cannot be read" });
    const batch = await eventsAfter(openDb(this.env.DB), config.projectId, state.cursor, BATCH);
    for (const event of batch) {
      if (!wants(config, event)) {
        state = { ...state, cursor: event.id };
        continue;
      }
      const failure = await post(config, secret, webhookBody(event, config.id));
      const now = Date.now();
      if (failure === null) {
        state = { ...state, cursor: event.id, lastSuccessTime: now, consecutiveFailures: 0, firstFailureTime: null, lastError: null };
        continue;
      }
      const failures = state.consecutiveFailures + 1;
      const firstFailureTime = state.firstFailureTime ?? now;
      const next = afterFailure(failures, firstFailureTime, now, this.policy());
      state = { ...state, consecutiveFailures: failures, firstFailureTime, lastError: failure, pausedReason: "pause" in next ? next.pause : null };
      this.save(state);
      if ("retryAt" in next) await this.ctx.storage.setAlarm(next.retryAt);
      return;
    }
    this.save(state);
    if (batch.length === BATCH) await this.ctx.storage.setAlarm(Date.now());
  }

  private save(state: DeliveryState): void {
    this.ctx.storage.kv.put("state", state);
  }
}

/** POSTs one delivery; null on a 2xx answer, else why it failed. */
async function post(config: SubscriptionConfig, secret: string, body: string): Promise<string | null> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(config.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: await signature(secret, timestamp, body) },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
