/** The subscribe protocol's messages and flow control, as pure code. */
import { describe, expect, it } from "vitest";
import { disError } from "../../src/errors/dis-error";
import { hasRoom, noteAck, noteSent, type Flow } from "../../src/push/flow";
import { closeCodeOf, closeReason, endFrame, errorFrame, parseClientMessage, recordsFrame, subscribedFrame } from "../../src/push/frames";

describe("client messages", () => {
  it("reads acks and commits, with the sequence number as a string or a number", () => {
    expect(parseClientMessage('{"action":"ack","sequence_number":"12"}')).toEqual({ ok: true, value: { action: "ack", sequence: 12 } });
    expect(parseClientMessage('{"action":"ack","sequence_number":12}')).toEqual({ ok: true, value: { action: "ack", sequence: 12 } });
    expect(parseClientMessage('{"action":"commit","sequence_number":"3","metadata":"m"}')).toEqual({ ok: true, value: { action: "commit", sequence: 3, metadata: "m" } });
    expect(parseClientMessage('{"action":"commit","sequence_number":"3"}')).toEqual({ ok: true, value: { action: "commit", sequence: 3, metadata: "" } });
  });

  it.each([
    ["not JSON", "nope", "DIS.4200"],
    ["an array", "[1]", "DIS.4200"],
    ["an unknown action", '{"action":"seek","sequence_number":"1"}', "DIS.4200"],
    ["no sequence number", '{"action":"ack"}', "DIS.4216"],
    ["a negative sequence number", '{"action":"ack","sequence_number":"-1"}', "DIS.4216"],
    ["metadata that is not a string", '{"action":"commit","sequence_number":"1","metadata":5}', "DIS.4200"],
  ])("refuses %s", (_, text, code) => {
    expect(parseClientMessage(text)).toMatchObject({ ok: false, code });
  });
});

describe("server frames", () => {
  it("renders records with get records' fields", () => {
    const data = new TextEncoder().encode("hi");
    expect(JSON.parse(recordsFrame([{ sequence: 7, timestamp: 1000, data, partitionKey: "k" }]))).toEqual({
      type: "records",
      records: [{ partition_key: "k", sequence_number: "7", data: "aGk=", timestamp: 1000, timestamp_type: "CreateTime" }],
    });
    expect(JSON.parse(subscribedFrame({ partitionId: "shardId-0000000000", start: 5, window: 4 }))).toEqual({
      type: "subscribed",
      partition_id: "shardId-0000000000",
      sequence_number: "5",
      window: 4,
    });
    expect(JSON.parse(endFrame("shardId-0000000002", ["shardId-0000000000"]))).toEqual({ type: "end", partition_id: "shardId-0000000002", child_partitions: ["shardId-0000000000"] });
    expect(JSON.parse(errorFrame(disError("DIS.4301", "s")))).toMatchObject({ type: "error", error_code: "DIS.4301", error_msg: "The stream does not exist. s" });
  });

  it("closes with 4000 + the error's HTTP status and a reason within 123 bytes", () => {
    expect(closeCodeOf("DIS.4116")).toBe(4403);
    expect(closeCodeOf("DIS.4224")).toBe(4400);
    expect(closeCodeOf("DIS.4100")).toBe(4441);
    expect(closeCodeOf("DIS.5000")).toBe(4500);
    const long = closeReason("é".repeat(200));
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(123);
    expect(long.endsWith("...")).toBe(true);
    expect(closeReason("short")).toBe("short");
  });
});

describe("flow control", () => {
  it("sends while fewer frames than the window await an ack; an ack frees the frames it covers", () => {
    const flow: Flow = { next: 10, unacked: [], window: 2 };
    expect(hasRoom(flow)).toBe(true);
    noteSent(flow, 14);
    noteSent(flow, 20);
    expect(flow).toEqual({ next: 21, unacked: [14, 20], window: 2 });
    expect(hasRoom(flow)).toBe(false);
    // Within the first frame: nothing freed yet.
    expect(noteAck(flow, 12)).toEqual({ ok: true, value: 0 });
    expect(noteAck(flow, 14)).toEqual({ ok: true, value: 1 });
    expect(hasRoom(flow)).toBe(true);
    expect(noteAck(flow, 21)).toMatchObject({ ok: false, code: "DIS.4224" });
    expect(noteAck(flow, 20)).toEqual({ ok: true, value: 1 });
    expect(flow.unacked).toEqual([]);
  });
});
