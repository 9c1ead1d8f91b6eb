/**
 * The check a stream's records pass at put time, from its declared data type: a compressed
 * record must decompress; a JSON record must be UTF-8 JSON fitting the `data_schema`, when one
 * is set; a CSV record must be one well-formed line of the delimiter, with the schema's fields
 * when one is set. A schema that does not compile checks nothing: schemas were checked when
 * the stream was created, and a put never fails on the stream's own settings.
 */
import { compileAvroCheck } from "./avro-check";
import { compressionFormat, decompressRecord, DecompressionError } from "./compression";
import { compileCsvFieldsCheck, isCsvDelimiter, splitCsvRecord, type CsvFieldsCheck } from "./csv";

/** Null when a record's data fits the stream, else why not. */
export type RecordCheck = (data: Uint8Array) => string | null;

/** The settings of a stream that say what its records hold. */
export interface RecordStream {
  dataType: "BLOB" | "JSON" | "CSV";
  dataSchema: string | null;
  csvDelimiter: string | null;
  compressionFormat: string | null;
}

type ContentCheck = (bytes: Uint8Array) => string | null;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const NOT_TEXT = "data is not UTF-8 text";
const MISFIT = "data does not fit the data_schema: ";

function decode(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** A `data_schema` as the stream holds it: JSON text of a schema, or a bare type name. */
function parseSchema(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.trim();
  }
}

/** `make()`, or null when it throws. */
function compiled<T>(make: () => T): T | null {
  try {
    return make();
  } catch {
    return null;
  }
}

function jsonCheck(dataSchema: string | null): ContentCheck {
  const schemaCheck = dataSchema ? compiled(() => compileAvroCheck(parseSchema(dataSchema))) : null;
  return (bytes) => {
    const text = decode(bytes);
    if (text === null) return NOT_TEXT;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return `data is not JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
    const problem = schemaCheck ? schemaCheck(value) : null;
    return problem === null ? null : MISFIT + problem;
  };
}

function csvCheck(dataSchema: string | null, csvDelimiter: string | null): ContentCheck {
  const delimiter = csvDelimiter && isCsvDelimiter(csvDelimiter) ? csvDelimiter : ",";
  const fieldsCheck: CsvFieldsCheck | null = dataSchema ? compiled(() => compileCsvFieldsCheck(parseSchema(dataSchema))) : null;
  return (bytes) => {
    const text = decode(bytes);
    if (text === null) return NOT_TEXT;
    const fields = splitCsvRecord(text, delimiter);
    if (fields === null) return "data is not a well-formed CSV line";
    const problem = fieldsCheck ? fieldsCheck(fields) : null;
    return problem === null ? null : MISFIT + problem;
  };
}

/** The check of a stream's records, or null when they need none (BLOB, not compressed). */
export function compileRecordCheck(stream: RecordStream): RecordCheck | null {
  const format = compressionFormat(stream.compressionFormat);
  const content = stream.dataType === "JSON" ? jsonCheck(stream.dataSchema) : stream.dataType === "CSV" ? csvCheck(stream.dataSchema, stream.csvDelimiter) : null;
  if (format === null) return content;
  return (data) => {
    let bytes: Uint8Array;
    try {
      bytes = decompressRecord(format, data);
    } catch (error) {
      if (error instanceof DecompressionError) return error.message;
      throw error;
    }
    return content ? content(bytes) : null;
  };
}

/** A record's data as delivered: decompressed when the stream has a compression format. Throws a DecompressionError when it does not decompress. */
export function decodedRecord(stream: RecordStream, data: Uint8Array): Uint8Array {
  const format = compressionFormat(stream.compressionFormat);
  return format === null ? data : decompressRecord(format, data);
}

const CACHE_ENTRIES = 256;

interface CachedCheck {
  stream: RecordStream;
  check: RecordCheck | null;
}

const cache = new Map<string, CachedCheck>();

function sameSettings(a: RecordStream, b: RecordStream): boolean {
  return a.dataType === b.dataType && a.dataSchema === b.dataSchema && a.csvDelimiter === b.csvDelimiter && a.compressionFormat === b.compressionFormat;
}

/**
 * The compiled check of a stream's records, kept by `key` (such as the stream id) for the next
 * puts. A stream whose settings changed since is compiled again. The least recently used of
 * more than 256 checks is dropped.
 */
export function recordCheckFor(key: string, stream: RecordStream): RecordCheck | null {
  const cached = cache.get(key);
  if (cached) cache.delete(key);
  const entry = cached && sameSettings(cached.stream, stream) ? cached : { stream: { ...stream }, check: compileRecordCheck(stream) };
  cache.set(key, entry);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return entry.check;
}
