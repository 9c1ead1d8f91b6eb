import { describe, expect, it } from "vitest";
import type { StoredRecord } from "../../src/partition/chunk-store";
import { takeRecords, type RecordSource } from "../../src/partition/log-reader";
import { recordJson, recordsJson } from "../../src/partition/record-json";

/** Records 0–9, record n holding n + 1 bytes. */
const source = {
  *recordsFrom(sequence: number): Generator<StoredRecord> {
    for (let s = sequence; s < 10; s++) yield { sequence: s, data: new Uint8Array(s + 1), timestamp: 1000 + s };
  },
};

describe("taking records within a read's limits", () => {
  it.each([
    // from, maxBytes, maxRecords → sequences taken, bytes, next
    [0, 100, 100, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 55, 10],
    [0, 6, 100, [0, 1, 2], 6, 3],
    [0, 5, 100, [0, 1], 3, 2],
    [3, 100, 2, [3, 4], 9, 5],
    [9, 1, 100, [9], 10, 10],
    [5, 0, 100, [5], 6, 6],
    [10, 100, 100, [], 0, 10],
  ])("from %i within %i bytes and %i records", async (from, maxBytes, maxRecords, sequences, bytes, next) => {
    const taken = await takeRecords(source, from, { maxBytes, maxRecords });
    expect(taken.records.map((r) => r.sequence)).toEqual(sequences);
    expect(taken.bytes).toBe(bytes);
    expect(taken.next).toBe(next);
  });

  it("stops reading the source once a limit is reached", async () => {
    let pulled = 0;
    const counting: RecordSource = {
      *recordsFrom(sequence) {
        for (const record of source.recordsFrom(sequence)) {
          pulled++;
          yield record;
        }
      },
    };
    await takeRecords(counting, 0, { maxBytes: 100, maxRecords: 3 });
    expect(pulled).toBe(4);
  });
});

describe("records rendered as get records answers them", () => {
  const record: StoredRecord = { sequence: 42, data: new TextEncoder().encode("hello"), timestamp: 1700000000000 };

  it("renders every field, the partition key only when the record has one", () => {
    expect(JSON.parse(recordJson(record))).toEqual({ sequence_number: "42", data: "aGVsbG8=", timestamp: 1700000000000, timestamp_type: "CreateTime" });
    expect(JSON.parse(recordJson({ ...record, partitionKey: 'dev "7"' }))).toEqual({
      partition_key: 'dev "7"',
      sequence_number: "42",
      data: "aGVsbG8=",
      timestamp: 1700000000000,
      timestamp_type: "CreateTime",
    });
  });

  it("renders the records array as UTF-8 JSON", () => {
    expect(JSON.parse(new TextDecoder().decode(recordsJson([record, { ...record, sequence: 43 }]))).map((r: { sequence_number: string }) => r.sequence_number)).toEqual(["42", "43"]);
    expect(new TextDecoder().decode(recordsJson([]))).toBe("[]");
  });
});
