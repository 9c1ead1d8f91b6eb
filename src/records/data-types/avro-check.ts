/**
 * Checks a parsed JSON record against a stream's Avro `data_schema` (the Avro JSON encoding of
 * the record, read as plain JSON). A schema is compiled once into a tree of closures; checking a
 * record walks only the record. Union branches are chosen by the value's shape, so a record in a
 * union is plain JSON; Avro's `{"type": value}` wrapping is taken as well. Logical types are
 * checked as their underlying type. Record fields may be absent when they have a default or take
 * null; properties the schema does not name are allowed.
 */

/** Null when the value fits the schema, else a short message naming the failing field. */
export type AvroCheck = (value: unknown) => string | null;

/** Where a check failed (innermost step first: array indexes as numbers) and why. */
interface Failure {
  path: (string | number)[];
  problem: string;
}

type Check = (value: unknown) => Failure | null;

/** The kind of JSON value a type takes, to choose which union branches to try. */
type Shape = "null" | "boolean" | "number" | "bigint" | "string" | "array" | "object";

/** What a type is, beyond its check: enough for CSV columns to be read by type. */
export type AvroKind =
  | { kind: "primitive"; name: Primitive }
  | { kind: "enum"; name: string; symbols: readonly string[] }
  | { kind: "fixed"; name: string; size: number }
  | { kind: "record"; name: string; fields: readonly AvroField[] }
  | { kind: "array" }
  | { kind: "map" }
  | { kind: "union"; branches: readonly AvroNode[] };

/** A compiled type. */
export interface AvroNode {
  check: Check;
  /** The type in a message: `double`, `record "Reading"`, `null or string`. */
  expected: string;
  shapes: readonly Shape[];
  /** Takes null: a field of this type may be absent. */
  nullable: boolean;
  /** The names a union's `{"name": value}` wrapping may give this type. */
  wrapKeys: readonly string[];
  type: AvroKind;
}

export interface AvroField {
  name: string;
  node: AvroNode;
  /** Absent is allowed: the field has a default or takes null. */
  optional: boolean;
}

const PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"] as const;
type Primitive = (typeof PRIMITIVES)[number];

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
// A JSON long beyond 2^53 parses to the nearest double; 2^63 - 1 parses to 2^63, so 2^63 is let in.
const LONG_LIMIT = 2 ** 63;
const LONG_MIN_BIG = -(2n ** 63n);
const LONG_MAX_BIG = 2n ** 63n - 1n;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shapeOf(value: unknown): Shape | undefined {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "boolean" || t === "number" || t === "bigint" || t === "string" || t === "object" ? t : undefined;
}

function describe(value: unknown): string {
  const shape = shapeOf(value);
  if (shape === "number") return `number ${value as number}`;
  if (shape === "bigint") return `integer ${value as bigint}`;
  return shape ?? typeof value;
}

function fail(problem: string): Failure {
  return { path: [], problem };
}

/** The failure of a part, seen from its container. */
function at(failure: Failure, step: string | number): Failure {
  failure.path.push(step);
  return failure;
}

function mismatch(expected: string, value: unknown): Failure {
  return fail(`expected ${expected}, got ${describe(value)}`);
}

/** "a", "a or b", "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

const PRIMITIVE_TESTS: Record<Primitive, (value: unknown) => boolean> = {
  null: (v) => v === null,
  boolean: (v) => typeof v === "boolean",
  int: (v) => typeof v === "number" && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX,
  long: (v) =>
    typeof v === "number" ? Number.isInteger(v) && v >= -LONG_LIMIT && v <= LONG_LIMIT : typeof v === "bigint" && v >= LONG_MIN_BIG && v <= LONG_MAX_BIG,
  float: (v) => typeof v === "number" && Number.isFinite(v),
  double: (v) => typeof v === "number" && Number.isFinite(v),
  bytes: (v) => typeof v === "string",
  string: (v) => typeof v === "string",
};

const PRIMITIVE_SHAPES: Record<Primitive, Shape[]> = {
  null: ["null"],
  boolean: ["boolean"],
  int: ["number"],
  long: ["number", "bigint"],
  float: ["number"],
  double: ["number"],
  bytes: ["string"],
  string: ["string"],
};

function primitive(name: Primitive): AvroNode {
  const test = PRIMITIVE_TESTS[name];
  return {
    check: (value) => (test(value) ? null : mismatch(name, value)),
    expected: name,
    shapes: PRIMITIVE_SHAPES[name],
    nullable: name === "null",
    wrapKeys: [name],
    type: { kind: "primitive", name },
  };
}

function schemaError(message: string): never {
  throw new Error(`Avro schema: ${message}`);
}

/** Compiles one schema; named types are kept by full name for later references. */
class Compiler {
  private readonly named = new Map<string, AvroNode>();

  compile(schema: unknown, namespace: string): AvroNode {
    if (typeof schema === "string") return this.reference(schema, namespace);
    if (Array.isArray(schema)) return this.union(schema, namespace);
    if (!isObject(schema)) return schemaError(`a schema is a name, an object or an array, not ${describe(schema)}`);
    const type = schema.type;
    if (isObject(type) || Array.isArray(type)) return this.compile(type, namespace);
    if (typeof type !== "string") return schemaError("an object schema needs a type");
    switch (type) {
      case "record":
      case "error":
        return this.record(schema, namespace);
      case "enum":
        return this.enumeration(schema, namespace);
      case "fixed":
        return this.fixed(schema, namespace);
      case "array":
        if (!("items" in schema)) return schemaError("an array needs items");
        return this.array(this.compile(schema.items, namespace));
      case "map":
        if (!("values" in schema)) return schemaError("a map needs values");
        return this.map(this.compile(schema.values, namespace));
      default:
        return this.reference(type, namespace);
    }
  }

  private reference(name: string, namespace: string): AvroNode {
    if ((PRIMITIVES as readonly string[]).includes(name)) return primitive(name as Primitive);
    const found = this.named.get(qualify(name, namespace)) ?? this.named.get(name);
    return found ?? schemaError(`unknown type "${name}"`);
  }

  /** Registers a named type before its children compile, so they may refer to it. */
  private declare(schema: Record<string, unknown>, namespace: string, make: (fullName: string, shortName: string) => AvroNode): AvroNode {
    const { name } = schema;
    if (typeof name !== "string" || name === "") return schemaError(`a ${String(schema.type)} needs a name`);
    const ns = typeof schema.namespace === "string" ? schema.namespace : namespace;
    const fullName = qualify(name, ns);
    if (this.named.has(fullName)) return schemaError(`type "${fullName}" is defined twice`);
    const shortName = fullName.slice(fullName.lastIndexOf(".") + 1);
    const node = make(fullName, shortName);
    this.named.set(fullName, node);
    return node;
  }

  private record(schema: Record<string, unknown>, namespace: string): AvroNode {
    if (!Array.isArray(schema.fields)) return schemaError(`record "${String(schema.name)}" needs a fields array`);
    const declared = schema.fields as unknown[];
    const fields: AvroField[] = [];
    let inner = "";
    const node = this.declare(schema, namespace, (fullName, shortName) => {
      inner = fullName.includes(".") ? fullName.slice(0, fullName.lastIndexOf(".")) : "";
      return recordNode(fullName, shortName, fields);
    });
    for (const field of declared) {
      if (!isObject(field) || typeof field.name !== "string") return schemaError(`record "${String(schema.name)}" has a field without a name`);
      if (!("type" in field)) return schemaError(`field "${field.name}" needs a type`);
      const type = this.compile(field.type, inner);
      fields.push({ name: field.name, node: type, optional: "default" in field || type.nullable });
    }
    return node;
  }

  private enumeration(schema: Record<string, unknown>, namespace: string): AvroNode {
    const { symbols } = schema;
    if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === "string")) return schemaError(`enum "${String(schema.name)}" needs symbols`);
    return this.declare(schema, namespace, (fullName, shortName) => enumNode(fullName, shortName, symbols as string[]));
  }

  private fixed(schema: Record<string, unknown>, namespace: string): AvroNode {
    const { size } = schema;
    if (typeof size !== "number" || !Number.isInteger(size) || size < 0) return schemaError(`fixed "${String(schema.name)}" needs a size`);
    return this.declare(schema, namespace, (fullName, shortName) => fixedNode(fullName, shortName, size));
  }

  private array(items: AvroNode): AvroNode {
    const check: Check = (value) => {
      if (!Array.isArray(value)) return mismatch("array", value);
      for (let i = 0; i < value.length; i++) {
        const failure = items.check(value[i]);
        if (failure) return at(failure, i);
      }
      return null;
    };
    return { check, expected: "array", shapes: ["array"], nullable: false, wrapKeys: ["array"], type: { kind: "array" } };
  }

  private map(values: AvroNode): AvroNode {
    const check: Check = (value) => {
      if (!isObject(value)) return mismatch("map", value);
      for (const key of Object.keys(value)) {
        const failure = values.check(value[key]);
        if (failure) return at(failure, key);
      }
      return null;
    };
    return { check, expected: "map", shapes: ["object"], nullable: false, wrapKeys: ["map"], type: { kind: "map" } };
  }

  private union(schemas: unknown[], namespace: string): AvroNode {
    if (schemas.length === 0) return schemaError("a union needs at least one branch");
    return unionNode(schemas.map((s) => this.compile(s, namespace)));
  }
}

function qualify(name: string, namespace: string): string {
  return name.includes(".") || namespace === "" ? name : `${namespace}.${name}`;
}

function recordNode(fullName: string, shortName: string, fields: readonly AvroField[]): AvroNode {
  const expected = `record "${shortName}"`;
  const check: Check = (value) => {
    if (!isObject(value)) return mismatch(expected, value);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (!Object.hasOwn(value, field.name)) {
        if (field.optional) continue;
        return { path: [field.name], problem: "missing" };
      }
      const failure = field.node.check(value[field.name]);
      if (failure) return at(failure, field.name);
    }
    return null;
  };
  return { check, expected, shapes: ["object"], nullable: false, wrapKeys: [fullName, shortName], type: { kind: "record", name: shortName, fields } };
}

function enumNode(fullName: string, shortName: string, symbols: readonly string[]): AvroNode {
  const expected = `enum "${shortName}"`;
  const known = new Set(symbols);
  const check: Check = (value) => {
    if (typeof value !== "string") return mismatch(expected, value);
    return known.has(value) ? null : fail(`${quote(value)} is not a symbol of ${expected}`);
  };
  return { check, expected, shapes: ["string"], nullable: false, wrapKeys: [fullName, shortName], type: { kind: "enum", name: shortName, symbols } };
}

function fixedNode(fullName: string, shortName: string, size: number): AvroNode {
  const expected = `fixed "${shortName}"`;
  const check: Check = (value) => {
    if (typeof value !== "string") return mismatch(expected, value);
    return value.length === size ? null : fail(`expected ${expected} of ${size} bytes, got ${value.length} characters`);
  };
  return { check, expected, shapes: ["string"], nullable: false, wrapKeys: [fullName, shortName], type: { kind: "fixed", name: shortName, size } };
}

function unionNode(branches: readonly AvroNode[]): AvroNode {
  const expected = orList(branches.map((b) => b.expected));
  const byShape = new Map<Shape, AvroNode[]>();
  const byKey = new Map<string, AvroNode>();
  for (const branch of branches) {
    for (const shape of branch.shapes) byShape.set(shape, [...(byShape.get(shape) ?? []), branch]);
    for (const key of branch.wrapKeys) if (!byKey.has(key)) byKey.set(key, branch);
  }
  const check: Check = (value) => {
    const shape = shapeOf(value);
    const candidates = shape === undefined ? undefined : byShape.get(shape);
    if (candidates) for (const branch of candidates) if (branch.check(value) === null) return null;
    if (isObject(value)) {
      const keys = Object.keys(value);
      const wrapped = keys.length === 1 ? byKey.get(keys[0]!) : undefined;
      if (wrapped && wrapped.check(value[keys[0]!]) === null) return null;
    }
    // One branch takes values of this shape: its own failure says more than the union's.
    if (candidates?.length === 1) return candidates[0]!.check(value);
    return mismatch(expected, value);
  };
  const shapes = [...byShape.keys()];
  return { check, expected, shapes, nullable: branches.some((b) => b.nullable), wrapKeys: [], type: { kind: "union", branches } };
}

export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function render(failure: Failure): string {
  if (failure.path.length === 0) return failure.problem;
  let path = "";
  for (let i = failure.path.length - 1; i >= 0; i--) {
    const step = failure.path[i]!;
    path += typeof step === "number" ? `[${step}]` : path === "" ? step : `.${step}`;
  }
  return `field ${JSON.stringify(path)}: ${failure.problem}`;
}

/** Compiles a parsed Avro schema (or a bare type name); throws an Error when it is not one. */
export function compileAvroNode(schema: unknown): AvroNode {
  return new Compiler().compile(schema, "");
}

/** Compiles a parsed Avro schema into a check of JSON values; throws an Error when it is not a schema. */
export function compileAvroCheck(schema: unknown): AvroCheck {
  const { check } = compileAvroNode(schema);
  return (value) => {
    const failure = check(value);
    return failure ? render(failure) : null;
  };
}
