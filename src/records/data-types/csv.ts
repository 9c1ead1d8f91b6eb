/**
 * CSV records (RFC 4180): one line per record, fields split by the stream's delimiter. A field
 * may be double-quoted, and then holds delimiters, line breaks and `""` (one quote) as data; an
 * unquoted field holds no quote and no line break. With an Avro record as `data_schema`, the
 * line has one field per record field, each readable as that field's type.
 */
import { compileAvroNode, orList, quote, type AvroNode } from "./avro-check";

/** Null when a line fits, else why not. */
export type CsvCheck = (text: string) => string | null;
/** Null when a line's fields fit the schema, else why not. */
export type CsvFieldsCheck = (fields: readonly string[]) => string | null;

export const MALFORMED_CSV = "not a well-formed CSV line";

const QUOTE = 34;
const UNQUOTED_FORBIDDEN = /["\r\n]/;

/** A delimiter is non-empty and holds no quote or line break. */
export function isCsvDelimiter(delimiter: string): boolean {
  return delimiter !== "" && !UNQUOTED_FORBIDDEN.test(delimiter);
}

function checkDelimiter(delimiter: string): void {
  if (!isCsvDelimiter(delimiter)) throw new Error(`CSV delimiter ${JSON.stringify(delimiter)}: it must be non-empty, with no quote or line break`);
}

/** The fields of one CSV line, or null when its quoting is broken. A single trailing line break is not part of the line. */
export function splitCsvRecord(text: string, delimiter: string): string[] | null {
  checkDelimiter(delimiter);
  const line = text.endsWith("\r\n") ? text.slice(0, -2) : text.endsWith("\n") ? text.slice(0, -1) : text;
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      let value = "";
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q < 0) return null;
        if (line.charCodeAt(q + 1) !== QUOTE) {
          value += line.slice(from, q);
          i = q + 1;
          break;
        }
        value += line.slice(from, q + 1);
        from = q + 2;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (!line.startsWith(delimiter, i)) return null;
      i += delimiter.length;
    } else {
      const next = line.indexOf(delimiter, i);
      const stop = next < 0 ? line.length : next;
      const value = line.slice(i, stop);
      if (UNQUOTED_FORBIDDEN.test(value)) return null;
      fields.push(value);
      if (stop === line.length) return fields;
      i = stop + delimiter.length;
    }
  }
}

/** How a column's text is read: what it must be, and the test. */
interface TextRule {
  /** In a message: `"abc" is not <expected>`. */
  expected: string;
  test: (text: string) => boolean;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

const anything: TextRule = { expected: "anything", test: () => true };
const number: (expected: string) => TextRule = (expected) => ({ expected, test: (t) => DECIMAL.test(t) && Number.isFinite(Number(t)) });

const PRIMITIVE_RULES: Record<string, TextRule> = {
  null: { expected: "empty", test: (t) => t === "" },
  boolean: { expected: "a boolean", test: (t) => t === "true" || t === "false" },
  int: { expected: "an int", test: (t) => INTEGER.test(t) && Number(t) >= -(2 ** 31) && Number(t) <= 2 ** 31 - 1 },
  long: {
    expected: "a long",
    test: (t) => {
      if (!INTEGER.test(t)) return false;
      const n = BigInt(t);
      return n >= LONG_MIN && n <= LONG_MAX;
    },
  },
  float: number("a float"),
  double: number("a double"),
  bytes: anything,
  string: anything,
};

function ruleOf(node: AvroNode): TextRule {
  const type = node.type;
  switch (type.kind) {
    case "primitive":
      return PRIMITIVE_RULES[type.name] ?? anything;
    case "enum": {
      const symbols = new Set(type.symbols);
      return { expected: `a symbol of enum "${type.name}"`, test: (t) => symbols.has(t) };
    }
    case "union": {
      const rules = type.branches.filter((b) => !b.nullable).map(ruleOf);
      if (rules.length === 0) return PRIMITIVE_RULES.null!;
      const expected = orList(rules.map((r) => r.expected));
      return { expected, test: (t) => (node.nullable && t === "") || rules.some((r) => r.test(t)) };
    }
    default:
      // A column cannot hold structure, and fixed is bytes: its text is taken as it is.
      return anything;
  }
}

/** Compiles the field checks of an Avro record schema; throws an Error when it is not a record schema. */
export function compileCsvFieldsCheck(schema: unknown): CsvFieldsCheck {
  const root = compileAvroNode(schema);
  if (root.type.kind !== "record") throw new Error("Avro schema: a CSV data_schema must be a record");
  const columns = root.type.fields.map((f, i) => ({ label: `column ${i + 1} (${JSON.stringify(f.name)})`, rule: ruleOf(f.node) }));
  return (fields) => {
    if (fields.length !== columns.length) return `the line has ${fields.length} fields, the data_schema has ${columns.length}`;
    for (let i = 0; i < columns.length; i++) {
      const { label, rule } = columns[i]!;
      const text = fields[i]!;
      if (!rule.test(text)) return `${label}: ${quote(text)} is not ${rule.expected}`;
    }
    return null;
  };
}

/**
 * Compiles the check of CSV lines: well-formed, and when `schema` (a parsed Avro record schema)
 * is given, fitting it. Throws an Error for a delimiter or schema it cannot use.
 */
export function compileCsvCheck(schema: unknown | null, delimiter: string): CsvCheck {
  checkDelimiter(delimiter);
  const fieldsCheck = schema === null ? null : compileCsvFieldsCheck(schema);
  return (text) => {
    const fields = splitCsvRecord(text, delimiter);
    if (fields === null) return MALFORMED_CSV;
    return fieldsCheck ? fieldsCheck(fields) : null;
  };
}
