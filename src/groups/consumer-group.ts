/**
 * The coordinator of one app's consumer group (named by app id): the group's state in SQLite,
 * the protocol's decisions in `ConsumerGroupState`. Heartbeats change nothing durable, so they
 * cost no write.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { envNumber } from "../util/env-number";
import { ConsumerGroupState, type CommitRefusal, type HeartbeatState, type JoinAnswer, type JoinRequest, type StreamPartitions, type SyncAnswer } from "./coordinator";
import { GroupStore } from "./group-store";

/** Members an app's group holds at most unless CONSUMERS_PER_APP says otherwise. */
export const DEFAULT_CONSUMERS_PER_APP = 100;
/** How long a group without members waits for more to join before it shares out partitions. */
export const DEFAULT_JOIN_DELAY_MS = 3000;

export class ConsumerGroup extends DurableObject<Env> {
  private store: GroupStore;
  private group: ConsumerGroupState;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new GroupStore(ctx.storage);
    this.group = this.loadGroup();
  }

  private loadGroup(): ConsumerGroupState {
    return new ConsumerGroupState(this.store.load(), Date.now(), {
      maxMembers: envNumber(this.env.CONSUMERS_PER_APP, DEFAULT_CONSUMERS_PER_APP, 1),
      joinDelayMs: envNumber(this.env.CONSUMER_JOIN_DELAY_MS, DEFAULT_JOIN_DELAY_MS),
    });
  }

  /** A member joins (or rejoins) with the streams it follows and their readable partitions. */
  join(request: JoinRequest): JoinAnswer {
    return this.persisting(this.group.join(request, Date.now()));
  }

  /** The member's partitions once the group is balanced; WAITING until then. */
  sync(clientId: string): SyncAnswer {
    return this.persisting(this.group.sync(clientId, Date.now()));
  }

  heartbeat(clientId: string, generation: number): HeartbeatState {
    return this.persisting(this.group.heartbeat(clientId, generation, Date.now()));
  }

  leave(clientId: string): void {
    this.persisting(this.group.leave(clientId, Date.now()));
  }

  /** A followed stream was scaled (its readable partitions now) or deleted (`partitions: null`). */
  streamChanged(stream: StreamPartitions | { id: string; partitions: null }): void {
    this.persisting(this.group.streamChanged(stream, Date.now()));
  }

  /** Why a group member may not commit a checkpoint on the partition; null when it may. */
  commitRefusal(clientId: string, generation: number, streamId: string, index: number): CommitRefusal | null {
    return this.persisting(this.group.commitRefusal(clientId, generation, streamId, index, Date.now()));
  }

  /** The generation, whether a rebalance is under way, and each member with its partitions. */
  describe() {
    const members = this.persisting(this.group.describe(Date.now()));
    return { generation: this.group.generation, rebalancing: this.group.rebalancing, members };
  }

  /** The app was deleted: the group goes with it (a late call finds an empty group). */
  async dissolve(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.store = new GroupStore(this.ctx.storage);
    this.group = this.loadGroup();
  }

  private persisting<T>(answer: T): T {
    if (this.group.dirty) {
      this.store.save(this.group.snapshot());
      this.group.dirty = false;
    }
    return answer;
  }
}
