/** `data_schema`: an Avro schema (reference §4) describing the records of JSON and CSV streams. */
import { avroSchemaProblem } from "./avro-schema";

/** Null when the text is an Avro schema (JSON text of a schema, or a bare type name), else why not. */
export function dataSchemaProblem(text: string): string | null {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    schema = text.trim();
  }
  return avroSchemaProblem(schema);
}
