/** The JSON body of put records (reference table 5-66) turned into a PutInput. */
import { disError } from "../errors/dis-error";
import { validate } from "../http/body";
import { decodeBase64 } from "../util/base64";
import type { PutInput, PutInputRecord } from "./put";
import { putRecordsBody } from "./validation";

function optionalText(r: Record<string, unknown>, field: string, i: number): string | undefined {
  const value = r[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw disError("DIS.4200", `records[${i}].${field}: must be a string`);
  return value;
}

/**
 * One record, checked field by field. Written out rather than declared as a schema: it runs for
 * every record of every put, the hottest loop of the service.
 */
function parseRecord(value: unknown, i: number): PutInputRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw disError("DIS.4200", `records[${i}]: must be an object`);
  const r = value as Record<string, unknown>;
  if (typeof r.data !== "string") throw disError("DIS.4200", `records[${i}].data: must be a base64 string`);
  const data = decodeBase64(r.data);
  if (data === null) throw disError("DIS.4200", `records[${i}].data: data must be base64`);
  const record: PutInputRecord = { data };

  const partitionId = r.partition_id;
  if (typeof partitionId === "number" && Number.isInteger(partitionId) && partitionId >= 0) record.partitionId = String(partitionId);
  else if (typeof partitionId === "string") record.partitionId = partitionId;
  else if (partitionId !== undefined && partitionId !== null) throw disError("DIS.4200", `records[${i}].partition_id: must be a string`);

  const hashKey = optionalText(r, "explicit_hash_key", i);
  if (hashKey !== undefined) record.explicitHashKey = hashKey;
  const partitionKey = optionalText(r, "partition_key", i);
  if (partitionKey !== undefined) record.partitionKey = partitionKey;
  return record;
}

export function parsePutBody(json: Record<string, unknown>): PutInput {
  const body = validate(putRecordsBody, json);
  // An empty string is "not given": the old Python DIS SDK sends `"stream_id": ""` with every put,
  // and `"stream_name": ""` with a `stream_id`.
  const streamName = body.stream_name || undefined;
  const streamId = body.stream_id || undefined;
  if (streamName === undefined && streamId === undefined) throw disError("DIS.4200", "stream_name is required.");
  const input: PutInput = { records: body.records.map(parseRecord) };
  if (streamName !== undefined) input.streamName = streamName;
  if (streamId !== undefined) input.streamId = streamId;
  return input;
}
