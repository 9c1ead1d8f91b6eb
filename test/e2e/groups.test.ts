/**
 * A consumer group end to end: consumers built on the coordinator calls, as the DIS Kafka
 * adapter makes them (join, sync until OK, heartbeat between batches, rejoin when the group
 * rebalances, leave), signed by the real Huawei client, share a stream while records arrive and
 * members come and go; every record is read exactly once, thanks to checkpoints committed by
 * each partition's owner before it hands the partition over.
 */
import type { HcClient } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import { describe, expect, it } from "vitest";
import { disClient, send } from "./dis-client";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  consumer: string;
  partition: number;
  sequence: number;
  data: string;
}

class GroupConsumer {
  generation = -1;
  private assignment: number[] = [];
  private stopped = false;
  private left = false;
  readonly done: Promise<void>;

  constructor(
    private readonly client: HcClient,
    private readonly app: string,
    private readonly stream: string,
    readonly id: string,
    private readonly seen: Seen[],
  ) {
    this.done = this.run();
  }

  get partitions(): readonly number[] {
    return this.assignment;
  }

  /** Stops after the batch in hand; `leave` also tells the group, which rebalances at once. */
  async stop(leave: boolean): Promise<void> {
    this.stopped = true;
    this.left = leave;
    await this.done;
  }

  private async run(): Promise<void> {
    await this.join();
    while (!this.stopped) {
      for (const partition of this.assignment) {
        if (this.stopped) break;
        await this.consume(partition);
      }
      const beat = await send(this.client, { method: "POST", url: `/v2/{project_id}/apps/${this.app}/consumers/${this.id}/heartbeats/`, data: { clientId: this.id, groupId: this.app, generation: this.generation } });
      // Anything but STABLE: the partitions are revoked (every batch read was committed already) and the consumer joins again.
      if (beat.state !== "STABLE" && !this.stopped) await this.join();
      await sleep(50);
    }
    if (this.left) await send(this.client, { method: "DELETE", url: `/v2/{project_id}/apps/${this.app}/consumers/${this.id}/` });
  }

  private async join(): Promise<void> {
    for (;;) {
      const joined = await send(this.client, {
        method: "POST",
        url: `/v2/{project_id}/apps/${this.app}/consumers/`,
        data: { groupId: this.app, clientId: this.id, interestedStream: [this.stream], rebalanceTimeoutMs: 20000, accelerateAssignEnabled: false },
      });
      expect(joined.state).toBe("OK");
      await sleep(joined.syncDelayedTimeMs);
      for (;;) {
        const synced = await send(this.client, { method: "POST", url: `/v2/{project_id}/apps/${this.app}/consumers/${this.id}/partitions/`, data: { clientId: this.id, groupId: this.app, generation: this.generation } });
        if (synced.state === "OK") {
          this.generation = synced.generation;
          this.assignment = synced.assignment[this.stream] ?? [];
          return;
        }
        if (synced.state === "REJOIN") break;
        expect(synced.state).toBe("WAITING");
        await sleep(100);
      }
    }
  }

  /** One batch of a partition: from after the app's checkpoint, read, note, commit as this member of this generation. */
  private async consume(partition: number): Promise<void> {
    const checkpoint = await send(this.client, {
      method: "GET",
      url: "/v2/{project_id}/checkpoints",
      query: { app_name: this.app, stream_name: this.stream, partition_id: String(partition), checkpoint_type: "LAST_READ" },
    });
    const after = Number(checkpoint.sequence_number);
    const cursorQuery: Record<string, string> =
      after < 0
        ? { "stream-name": this.stream, "partition-id": String(partition), "cursor-type": "TRIM_HORIZON" }
        : { "stream-name": this.stream, "partition-id": String(partition), "cursor-type": "AFTER_SEQUENCE_NUMBER", "starting-sequence-number": String(after) };
    const cursor = await send(this.client, { method: "GET", url: "/v2/{project_id}/cursors", query: cursorQuery });
    const got = await send(this.client, { method: "GET", url: "/v2/{project_id}/records", query: { "partition-cursor": cursor.partition_cursor, max_fetch_bytes: 1024 * 8 } });
    const records = got.records as { sequence_number: string; data: string }[];
    if (records.length === 0) return;
    for (const r of records) this.seen.push({ consumer: this.id, partition, sequence: Number(r.sequence_number), data: Buffer.from(r.data, "base64").toString() });
    await send(this.client, {
      method: "POST",
      url: "/v2/{project_id}/checkpoints",
      data: { app_name: this.app, stream_name: this.stream, partition_id: String(partition), sequence_number: records.at(-1)!.sequence_number, checkpoint_type: "LAST_READ", client_id: this.id, generation_id: this.generation },
    });
  }
}

describe("a consumer group through @huaweicloud/huaweicloud-sdk-core", () => {
  const client = disClient();
  const stream = `e2e-group-${Date.now().toString(36)}`;
  const app = `e2e-group-app-${Date.now().toString(36)}`;

  it("consumers sharing an app read every record exactly once across rebalances (a member joins, one leaves)", async () => {
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: stream, partition_count: 4 } })).httpStatusCode).toBe(201);
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/apps", data: { app_name: app } })).httpStatusCode).toBe(201);
    const seen: Seen[] = [];
    let sent = 0;
    const produce = async (batches: number) => {
      for (let b = 0; b < batches; b++) {
        const records = Array.from({ length: 20 }, () => ({ data: Buffer.from(`record-${sent++}`).toString("base64"), partition_key: `k${sent}` }));
        expect((await send(client, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, records } })).failed_record_count).toBe(0);
        await sleep(100);
      }
    };

    const readSome = async (id: string) => {
      for (let i = 0; i < 300 && !seen.some((s) => s.consumer === id); i++) await sleep(100);
    };

    const a = new GroupConsumer(client, app, stream, "consumer-a", seen);
    const b = new GroupConsumer(client, app, stream, "consumer-b", seen);
    await produce(5);
    await Promise.all([readSome("consumer-a"), readSome("consumer-b")]);
    const first = a.generation;
    // c joins a formed group: a and b hand over what c gets.
    const c = new GroupConsumer(client, app, stream, "consumer-c", seen);
    await produce(5);
    await readSome("consumer-c");
    const second = c.generation;
    expect(second).toBeGreaterThan(first);
    // a leaves: b and c share all four partitions.
    await a.stop(true);
    await produce(5);
    for (let i = 0; i < 300 && seen.length < sent; i++) await sleep(100);
    // Records put after a left reached a's partitions too: read only once b and c took them over.
    expect(b.generation).toBe(c.generation);
    expect(b.generation).toBeGreaterThan(second);
    expect([...b.partitions, ...c.partitions].sort()).toEqual([0, 1, 2, 3]);
    await Promise.all([b.stop(true), c.stop(true)]);

    const keys = seen.map((s) => `${s.partition}/${s.sequence}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(seen.map((s) => s.data).sort()).toEqual(Array.from({ length: sent }, (_, i) => `record-${i}`).sort());
    // The work was shared: every consumer read some of the records.
    for (const id of ["consumer-a", "consumer-b", "consumer-c"]) expect(seen.some((s) => s.consumer === id)).toBe(true);
  });
});
