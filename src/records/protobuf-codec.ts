/** The protobuf bodies of old DIS SDKs (proto/dis.proto), mapped to and from the JSON-shaped model. */
import $protobuf from "protobufjs/minimal.js";
import { disError } from "../errors/dis-error";
import type { ReadRecord } from "../partition/log-contract";
import { dis } from "./protobuf/messages.js";
import type { PutInput, PutOutcome } from "./put";
import { MAX_RECORDS_PER_PUT } from "./validation";

// Plain Uint8Array readers and writers: the Buffer of the Workers runtime's Node compatibility
// layer does not behave as protobufjs's Buffer fast paths expect.
($protobuf.util as { Buffer: unknown }).Buffer = null;
$protobuf.configure();

export const PROTOBUF_TYPE = "application/x-protobuf";

/** Whether a Content-Type header asks for protobuf (`; charset=…` may follow). */
export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === PROTOBUF_TYPE;
}

function text(value: string | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : value;
}

export function decodePutRequest(body: Uint8Array): PutInput {
  if (body.length === 0) throw disError("DIS.4202");
  let message: dis.PutRecordsRequest;
  try {
    message = dis.PutRecordsRequest.decode(body);
  } catch {
    throw disError("DIS.4300", "The body does not decode as a protobuf PutRecordsRequest (proto/dis.proto); send JSON without Content-Type: application/x-protobuf.");
  }
  const records = message.records ?? [];
  if (records.length < 1 || records.length > MAX_RECORDS_PER_PUT) {
    throw disError("DIS.4200", `records: between 1 and ${MAX_RECORDS_PER_PUT} records are required.`);
  }
  const input: PutInput = {
    records: records.map((r) => {
      const record: PutInput["records"][number] = { data: r.data ?? new Uint8Array(0) };
      const id = text(r.partitionId);
      const hash = text(r.explicitHashKey);
      const key = text(r.partitionKey);
      if (id !== undefined) record.partitionId = id;
      if (hash !== undefined) record.explicitHashKey = hash;
      if (key !== undefined) record.partitionKey = key;
      return record;
    }),
  };
  if (message.streamName) input.streamName = message.streamName;
  if (message.streamId) input.streamId = message.streamId;
  return input;
}

export function encodePutResult(outcome: PutOutcome): Uint8Array {
  return dis.PutRecordsResult.encode({
    failedRecordCount: outcome.failedRecordCount,
    records: outcome.records.map((e) =>
      "errorCode" in e ? { errorCode: e.errorCode, errorMessage: e.errorMessage } : { shardId: e.partitionId, sequenceNumber: e.sequenceNumber },
    ),
  }).finish();
}

export function encodeGetResult(records: readonly ReadRecord[], nextCursor: string): Uint8Array {
  return dis.GetRecordsResult.encode({
    nextShardIterator: nextCursor,
    records: records.map((r) => ({
      sequenceNumber: String(r.sequence),
      data: r.data,
      timestamp: r.timestamp,
      timestampType: "CreateTime",
      ...(r.partitionKey !== undefined ? { partitionKey: r.partitionKey } : {}),
    })),
  }).finish();
}
