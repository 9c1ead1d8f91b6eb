/** A stored record as the get-records answer renders it in JSON (API.md "Records and cursors"). */
import { encodeBase64 } from "../util/base64";
import type { StoredRecord } from "./chunk-store";

/** One record of the get-records `records` array, as JSON text. */
export function recordJson(r: StoredRecord): string {
  const key = r.partitionKey === undefined ? "" : `"partition_key":${JSON.stringify(r.partitionKey)},`;
  return `{${key}"sequence_number":"${r.sequence}","data":"${encodeBase64(r.data)}","timestamp":${r.timestamp},"timestamp_type":"CreateTime"}`;
}

/** The get-records `records` array of these records, as UTF-8 JSON. */
export function recordsJson(records: readonly StoredRecord[]): Uint8Array {
  return new TextEncoder().encode(`[${records.map(recordJson).join(",")}]`);
}
