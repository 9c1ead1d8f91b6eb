/** `text` files: the records' data joined by the task's `record_delimiter`, gzip-compressed. */
import { gzipSync } from "fflate";

export const TEXT_FILE = { extension: "txt.gz", contentType: "text/plain", contentEncoding: "gzip" } as const;

/** The records joined by `delimiter` (none after the last), uncompressed. */
export function joinRecords(records: readonly Uint8Array[], delimiter: string): Uint8Array {
  const separator = new TextEncoder().encode(delimiter);
  const size = records.reduce((sum, r) => sum + r.length, 0) + separator.length * Math.max(0, records.length - 1);
  const out = new Uint8Array(size);
  let at = 0;
  records.forEach((record, i) => {
    if (i > 0) {
      out.set(separator, at);
      at += separator.length;
    }
    out.set(record, at);
    at += record.length;
  });
  return out;
}

/** The gzip file of the records. */
export function encodeText(records: readonly Uint8Array[], delimiter: string): Uint8Array {
  return gzipSync(joinRecords(records, delimiter));
}
