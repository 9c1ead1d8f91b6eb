import { describe, expect, it } from "vitest";
import { AckQueue } from "../../src/mqtt/ack-queue";
import { ackFor, type Ack } from "../../src/mqtt/acks";
import { connackCode, pubackCode } from "../../src/mqtt/reason-codes";

describe("answers in publish order", () => {
  it("releases answers oldest first, however the puts finish", () => {
    const queue = new AckQueue<string>();
    const [one, two, three] = [queue.take(), queue.take(), queue.take()];
    expect(queue.settle(three, "3")).toEqual([]);
    expect(queue.settle(two, "2")).toEqual([]);
    expect(queue.settle(one, "1")).toEqual(["1", "2", "3"]);
    expect(queue.size).toBe(0);
  });
});

describe("PUBACK", () => {
  const durable: Ack = { qos: 1, messageId: 7, bytes: 3, result: { ok: true } };
  const refused: Ack = { qos: 1, messageId: 8, bytes: 3, result: { ok: false, code: "DIS.4301", message: "DIS.4301: nosuch" } };

  it("acknowledges a durable record: MQTT 5 with reason code 0, 3.1.1 plainly; QoS 0 goes unanswered", () => {
    expect(ackFor(durable, 5, true)).toEqual({ kind: "puback", packet: { cmd: "puback", messageId: 7, reasonCode: 0 } });
    expect(ackFor(durable, 4, true)).toEqual({ kind: "puback", packet: { cmd: "puback", messageId: 7 } });
    expect(ackFor({ ...durable, qos: 0 }, 5, true)).toEqual({ kind: "none" });
  });

  it("refuses a record with its reason code and DIS error in MQTT 5, and closes a 3.1.1 connection", () => {
    expect(ackFor(refused, 5, true)).toEqual({
      kind: "puback",
      packet: { cmd: "puback", messageId: 8, reasonCode: 0x90, properties: { reasonString: "DIS.4301: nosuch", userProperties: { error_code: "DIS.4301" } } },
    });
    expect(ackFor(refused, 5, false)).toEqual({ kind: "puback", packet: { cmd: "puback", messageId: 8, reasonCode: 0x90 } });
    expect(ackFor(refused, 4, true)).toEqual({ kind: "close", reason: "DIS.4301: nosuch" });
    expect(ackFor({ ...refused, qos: 0 }, 5, true)).toEqual({ kind: "none" });
    expect(ackFor({ ...refused, qos: 0 }, 4, true).kind).toBe("close");
  });

  it.each([
    ["DIS.4301", 0x90],
    ["DIS.4116", 0x87],
    ["DIS.4303", 0x97],
    ["DIS.4200", 0x83],
    ["DIS.5000", 0x80],
  ] as const)("%s → 0x%s", (code, reason) => {
    expect(pubackCode(code)).toBe(reason);
  });
});

describe("CONNACK codes", () => {
  it.each([
    ["bad-credentials", 4, 0x86],
    ["not-authorized", 5, 0x87],
    ["banned", 5, 0x8a],
    ["unavailable", 3, 0x88],
    ["client-id", 2, 0x85],
    ["protocol-version", 1, 0x84],
  ] as const)("%s: %i in 3.1.1, 0x%s in 5.0", (refusal, v4, v5) => {
    expect(connackCode(refusal, 4)).toBe(v4);
    expect(connackCode(refusal, 5)).toBe(v5);
  });
});
