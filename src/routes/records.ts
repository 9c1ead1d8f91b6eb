/** Put records and get records (reference §5.4.1–5.4.2), in JSON or the old SDKs' protobuf. */
import { Hono, type Context } from "hono";
import { authorize } from "../auth/authorize";
import { disError, unwrap } from "../errors/dis-error";
import { bodyOf, queryOf, readJson, validateWithCodes } from "../http/body";
import type { AppEnv } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { decodeCursor, encodeCursor } from "../records/cursor";
import { decodePutRequest, encodeGetResult, encodePutResult, isProtobuf, PROTOBUF_TYPE } from "../records/protobuf-codec";
import { noteLatency, partitionKey, takeLatency } from "../metrics/latency-ledger";
import { policyAllows } from "../policies/access";
import { parsePutBody } from "../records/json-body";
import { putRecords } from "../records/put";
import { DEFAULT_FETCH_BYTES, GET_RECORDS_CODES, getRecordsQuery, MAX_FETCH_BYTES, MAX_FETCH_RECORDS } from "../records/validation";

export const recordRoutes = new Hono<AppEnv>();

function protobufResponse(c: Context<AppEnv>, bytes: Uint8Array): Response {
  c.header("content-type", PROTOBUF_TYPE);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
}

recordRoutes.post("/", authorize("dis:records:write"), async (c) => {
  const protobuf = isProtobuf(c.req.header("content-type"));
  const input = protobuf ? decodePutRequest(await bodyOf(c)) : parsePutBody(await readJson(c));
  const outcome = await putRecords(c.env, c.get("caller"), input);
  const counting = outcome.countedBy ?? outcome.uncountedAt;
  if (counting) noteLatency(counting, "put", Date.now(), Date.now() - c.get("receivedAt"), outcome.countedBy === undefined);
  if (c.env.STORAGE_STATS === "on") c.header("X-Storage-Rows-Written", String(outcome.rowsWritten));
  if (protobuf) return protobufResponse(c, encodePutResult(outcome));
  return c.json({
    failed_record_count: outcome.failedRecordCount,
    records: outcome.records.map((e) =>
      "errorCode" in e
        ? { error_code: e.errorCode, error_message: e.errorMessage }
        : { partition_id: e.partitionId, sequence_number: e.sequenceNumber },
    ),
  });
});

recordRoutes.get("/", authorize("dis:records:read"), async (c) => {
  const q = validateWithCodes(getRecordsQuery, queryOf(c), GET_RECORDS_CODES);
  const bytesText = q.max_fetch_bytes || q.max_fetch_by_bytes;
  const maxBytes = bytesText ? Number(bytesText) : DEFAULT_FETCH_BYTES;
  if (maxBytes < 1) throw disError("DIS.4200", "max_fetch_bytes: must be a positive integer (bytes).");
  const maxRecords = q.limit ? Number(q.limit) : MAX_FETCH_RECORDS;
  if (maxRecords < 1 || maxRecords > MAX_FETCH_RECORDS) throw disError("DIS.4200", `limit: must be an integer from 1 to ${MAX_FETCH_RECORDS}.`);
  const cursorText = q["partition-cursor"];

  const checked = await decodeCursor(cursorText, c.env.AUTH_SECRET);
  if (!checked.ok) throw disError(checked.code);
  const cursor = checked.cursor;
  const caller = c.get("caller");
  if (cursor.projectId !== caller.projectId) throw disError("DIS.4217", "The cursor belongs to another project.");
  if (cursor.granted && !(await policyAllows(c.env, caller, cursor.streamId, "getRecords"))) {
    throw disError("DIS.4116", "No stream policy grants the caller this stream any more.");
  }

  const protobuf = isProtobuf(c.req.header("content-type"));
  const stub = partitionStub(c.env, cursor.streamId, cursor.partitionIndex);
  const partition = partitionKey(cursor.streamId, cursor.partitionIndex);
  const format = protobuf ? "records" : "json";
  const result = unwrap(await stub.read(cursor.sequence, Math.min(maxBytes, MAX_FETCH_BYTES), maxRecords, format, takeLatency(partition)));
  const next = await encodeCursor({ ...cursor, sequence: result.next, issuedAt: Date.now() }, c.env.AUTH_SECRET);

  noteLatency(partition, "get", Date.now(), Date.now() - c.get("receivedAt"));
  const stats = c.env.STORAGE_STATS === "on" ? { "X-Storage-Segment-Records": String(result.fromSegments) } : undefined;
  if (stats) c.header("X-Storage-Segment-Records", stats["X-Storage-Segment-Records"]);
  if (protobuf) return protobufResponse(c, encodeGetResult(result.records, next));
  // The partition log renders the records as JSON bytes itself: one buffer crosses, not thousands of
  // objects, and the answer is streamed around it without copying it into one string.
  const answer = new Blob(['{"records":', result.json as Uint8Array<ArrayBuffer>, `,"next_partition_cursor":${JSON.stringify(next)}}`]);
  return new Response(answer, { status: 200, headers: { "content-type": "application/json", ...stats } });
});
