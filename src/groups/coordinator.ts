/**
 * The consumer group of one app, as the DIS coordinator protocol sees it: members join, sync
 * to learn their partitions, heartbeat, and leave; each completed rebalance is a generation.
 *
 * A rebalance (the group is JOINING) starts when a member joins or changes what it follows,
 * leaves, misses its heartbeats, or when a followed stream's partitions change. It completes
 * once every member of the current generation has joined again (after the join delay when the
 * group had no members), or at its deadline, which drops the members that did not. Until then,
 * the current generation's owners keep their partitions and may commit checkpoints on them, so
 * a hand-over commits before the next owner reads.
 *
 * Pure: the caller passes the time and persists `snapshot()` when `dirty` is set. When members
 * were last heard of is not persisted: a group loaded again gives each its full timeout anew.
 */
import { assign, parsePartitionKey, partitionKey, type PartitionKey } from "./assignment";

/** A stream a member follows, with the name the member gave it (a name or an id), as answers key it. */
export interface FollowedStreamRef {
  id: string;
  key: string;
}

/** A followed stream's partitions that are readable (ACTIVE, or read-only and not yet drained). */
export interface StreamPartitions {
  id: string;
  name: string;
  partitions: { index: number; readableUntil: number | null }[];
}

export interface MemberSnapshot {
  clientId: string;
  streams: FollowedStreamRef[];
  timeoutMs: number;
  /** Belongs to the current generation. */
  current: boolean;
  /** Has joined the pending rebalance. */
  rejoined: boolean;
}

export interface GroupSnapshot {
  generation: number;
  /** The pending rebalance: it may complete from `settleAt` once all have joined again, and does at `deadline`. */
  round: { settleAt: number; deadline: number } | null;
  members: MemberSnapshot[];
  streams: StreamPartitions[];
  /** The current generation's assignment. */
  owners: [PartitionKey, string][];
}

export interface GroupLimits {
  /** Members an app's group may hold (DIS.4339 beyond). */
  maxMembers: number;
  /** How long a rebalance of a group without members waits for more to join. */
  joinDelayMs: number;
}

export type JoinAnswer =
  | { state: "OK"; subscription: string[]; syncDelayedTimeMs: number }
  | { state: "ERR_CONSUMER_QUOTA" };
export type SyncAnswer = { state: "OK"; generation: number; assignment: Record<string, number[]> } | { state: "WAITING" | "REJOIN" };
export type HeartbeatState = "STABLE" | "JOINING" | "SYNCING";
/** Why a checkpoint commit of a group member is refused: unknown member, rebalance in progress, not the owner in this generation. */
export type CommitRefusal = "DIS.4702" | "DIS.4701" | "DIS.4703";

interface Member extends MemberSnapshot {
  lastSeen: number;
}

export interface JoinRequest {
  clientId: string;
  streams: (StreamPartitions & { key: string })[];
  timeoutMs: number;
  /** The adapter's `accelerateAssignEnabled`: no join delay (meant for a group of one). */
  accelerate: boolean;
}

export class ConsumerGroupState {
  generation: number;
  private round: GroupSnapshot["round"];
  private readonly members = new Map<string, Member>();
  private readonly streams = new Map<string, StreamPartitions>();
  private owners = new Map<PartitionKey, string>();
  /** Set by any change `snapshot()` would show; the caller clears it once persisted. */
  dirty = false;

  constructor(snapshot: GroupSnapshot, loadedAt: number, private readonly limits: GroupLimits) {
    this.generation = snapshot.generation;
    this.round = snapshot.round;
    for (const m of snapshot.members) this.members.set(m.clientId, { ...m, lastSeen: loadedAt });
    for (const s of snapshot.streams) this.streams.set(s.id, s);
    this.owners = new Map(snapshot.owners);
  }

  static empty(): GroupSnapshot {
    return { generation: 0, round: null, members: [], streams: [], owners: [] };
  }

  snapshot(): GroupSnapshot {
    return {
      generation: this.generation,
      round: this.round,
      members: [...this.members.values()].map(({ lastSeen: _, ...m }) => m),
      streams: [...this.streams.values()],
      owners: [...this.owners],
    };
  }

  get rebalancing(): boolean {
    return this.round !== null;
  }

  join(request: JoinRequest, now: number): JoinAnswer {
    this.advance(now);
    let member = this.members.get(request.clientId);
    if (!member && this.members.size >= this.limits.maxMembers) return { state: "ERR_CONSUMER_QUOTA" };
    const refs = request.streams.map((s) => ({ id: s.id, key: s.key }));
    let changed = false;
    for (const s of request.streams) changed = this.setPartitions({ id: s.id, name: s.name, partitions: s.partitions }) || changed;
    if (!member) {
      member = { clientId: request.clientId, streams: refs, timeoutMs: request.timeoutMs, current: false, rejoined: false, lastSeen: now };
      this.members.set(member.clientId, member);
      changed = true;
    } else if (!sameStreams(member.streams, refs) || member.timeoutMs !== request.timeoutMs) {
      member.streams = refs;
      member.timeoutMs = request.timeoutMs;
      changed = true;
    }
    member.lastSeen = now;
    if (changed) this.startRound(now);
    if (this.round) {
      member.rejoined = true;
      if (request.accelerate) this.round.settleAt = Math.min(this.round.settleAt, now);
      this.dirty = true;
    }
    this.advance(now);
    const subscription = member.streams.map((s) => this.streams.get(s.id)?.name ?? s.key);
    return { state: "OK", subscription, syncDelayedTimeMs: this.round ? Math.max(0, this.round.settleAt - now) : 0 };
  }

  sync(clientId: string, now: number): SyncAnswer {
    this.advance(now);
    const member = this.members.get(clientId);
    if (!member) return { state: "REJOIN" };
    member.lastSeen = now;
    if (this.round) return { state: member.rejoined ? "WAITING" : "REJOIN" };
    if (!member.current) return { state: "REJOIN" };
    return { state: "OK", generation: this.generation, assignment: this.assignmentOf(member) };
  }

  heartbeat(clientId: string, generation: number, now: number): HeartbeatState {
    this.advance(now);
    const member = this.members.get(clientId);
    if (!member) return "JOINING";
    member.lastSeen = now;
    if (this.round) return member.rejoined ? "SYNCING" : "JOINING";
    return member.current && generation === this.generation ? "STABLE" : "SYNCING";
  }

  leave(clientId: string, now: number): void {
    this.advance(now);
    if (this.drop(clientId)) this.startRound(now);
    this.advance(now);
  }

  /** A followed stream's partitions changed (scaling); `null` partitions: the stream is gone. */
  streamChanged(stream: StreamPartitions | { id: string; partitions: null }, now: number): void {
    this.advance(now);
    const changed =
      stream.partitions === null ? this.streams.delete(stream.id) : this.streams.has(stream.id) && this.setPartitions(stream as StreamPartitions);
    if (changed) {
      this.dirty = true;
      if ([...this.members.values()].some((m) => m.streams.some((s) => s.id === stream.id))) this.startRound(now);
    }
    this.advance(now);
  }

  /** Whether `clientId` of `generation` may commit a checkpoint on the partition. */
  commitRefusal(clientId: string, generation: number, streamId: string, index: number, now: number): CommitRefusal | null {
    this.advance(now);
    const member = this.members.get(clientId);
    if (!member) return "DIS.4702";
    member.lastSeen = now;
    if (!member.current) return "DIS.4701";
    if (generation !== this.generation) return "DIS.4703";
    return this.owners.get(partitionKey(streamId, index)) === clientId ? null : "DIS.4703";
  }

  /** The members with their partitions in the current generation, by client id. */
  describe(now: number) {
    this.advance(now);
    return [...this.members.values()]
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1))
      .map((m) => ({ clientId: m.clientId, current: m.current, lastSeen: m.lastSeen, timeoutMs: m.timeoutMs, assignment: m.current ? this.assignmentOf(m) : {} }));
  }

  /** Expires silent members and completes a rebalance that is due. */
  advance(now: number): void {
    for (const m of [...this.members.values()]) {
      if (now - m.lastSeen > m.timeoutMs && this.drop(m.clientId)) this.startRound(now);
    }
    const round = this.round;
    if (!round) return;
    const waiting = [...this.members.values()].filter((m) => m.current && !m.rejoined);
    if (now >= round.deadline || (now >= round.settleAt && waiting.length === 0)) this.completeRound(now);
  }

  private completeRound(now: number): void {
    for (const m of [...this.members.values()]) if (!m.rejoined) this.members.delete(m.clientId);
    const followers = new Map([...this.members.values()].map((m) => [m.clientId, new Set(m.streams.map((s) => s.id))]));
    const followed = new Set([...followers.values()].flatMap((s) => [...s]));
    for (const id of [...this.streams.keys()]) if (!followed.has(id)) this.streams.delete(id);
    const partitions = [...this.streams.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .flatMap((s) => s.partitions.filter((p) => p.readableUntil === null || p.readableUntil > now).map((p) => partitionKey(s.id, p.index)));
    this.owners = assign({ members: followers, partitions, previous: this.owners });
    for (const m of this.members.values()) {
      m.current = true;
      m.rejoined = false;
    }
    this.generation += 1;
    this.round = null;
    this.dirty = true;
  }

  private startRound(now: number): void {
    this.dirty = true;
    if (this.round) return;
    const current = [...this.members.values()].filter((m) => m.current);
    const settleAt = current.length === 0 ? now + this.limits.joinDelayMs : now;
    const deadline = now + Math.max(this.limits.joinDelayMs, ...current.map((m) => m.timeoutMs));
    this.round = { settleAt, deadline };
  }

  /** Removes a member; true when it belonged to the current generation (its partitions need new owners). */
  private drop(clientId: string): boolean {
    const member = this.members.get(clientId);
    if (!member) return false;
    this.members.delete(clientId);
    this.dirty = true;
    return member.current;
  }

  private setPartitions(stream: StreamPartitions): boolean {
    const before = this.streams.get(stream.id);
    this.streams.set(stream.id, stream);
    if (before && JSON.stringify(before) === JSON.stringify(stream)) return false;
    this.dirty = true;
    return true;
  }

  private assignmentOf(member: Member): Record<string, number[]> {
    const keyOf = new Map(member.streams.map((s) => [s.id, s.key]));
    const assignment: Record<string, number[]> = {};
    for (const [p, owner] of this.owners) {
      if (owner !== member.clientId) continue;
      const { streamId, index } = parsePartitionKey(p);
      const key = keyOf.get(streamId);
      if (key === undefined) continue;
      (assignment[key] ??= []).push(index);
    }
    for (const list of Object.values(assignment)) list.sort((a, b) => a - b);
    return assignment;
  }
}

function sameStreams(a: readonly FollowedStreamRef[], b: readonly FollowedStreamRef[]): boolean {
  const text = (refs: readonly FollowedStreamRef[]) => JSON.stringify([...refs].sort((x, y) => (x.id < y.id ? -1 : 1)));
  return text(a) === text(b);
}
