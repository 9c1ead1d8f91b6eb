/**
 * Avro schema checking (Avro 1.11 specification, "Schema Declaration") for `data_schema`.
 *
 * Written here because the Avro libraries for JavaScript (avsc, avro-js) generate code with
 * `new Function`, which the Workers runtime forbids. Tests hold this checker to avsc's verdicts
 * on a corpus of schemas, running avsc under Node (test/node/avro-schema.test.ts).
 */

const PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A parsed type, enough to check defaults and union branches. */
type AvroType =
  | { kind: "primitive"; name: string }
  | { kind: "record"; name: string; fields: { name: string; type: AvroType }[] }
  | { kind: "enum"; name: string; symbols: string[] }
  | { kind: "fixed"; name: string; size: number }
  | { kind: "array"; items: AvroType }
  | { kind: "map"; values: AvroType }
  | { kind: "union"; branches: AvroType[] };

class SchemaError extends Error {}

function fail(message: string): never {
  throw new SchemaError(message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class Parser {
  private readonly named = new Map<string, AvroType>();

  parse(schema: unknown, namespace: string): AvroType {
    if (typeof schema === "string") return this.reference(schema, namespace);
    if (Array.isArray(schema)) return this.union(schema, namespace);
    if (!isObject(schema)) return fail("a schema is a string, an object or an array");
    const type = schema.type;
    if (typeof type !== "string") {
      if (isObject(type) || Array.isArray(type)) return this.parse(type, namespace);
      return fail("missing type");
    }
    switch (type) {
      case "record":
      case "error":
        return this.record(schema, namespace);
      case "enum":
        return this.enumeration(schema, namespace);
      case "fixed":
        return this.fixed(schema, namespace);
      case "array":
        if (!("items" in schema)) fail("array without items");
        return { kind: "array", items: this.parse(schema.items, namespace) };
      case "map":
        if (!("values" in schema)) fail("map without values");
        return { kind: "map", values: this.parse(schema.values, namespace) };
      default:
        return this.reference(type, namespace);
    }
  }

  private reference(name: string, namespace: string): AvroType {
    if (PRIMITIVES.has(name)) return { kind: "primitive", name };
    const found = this.named.get(this.fullName(name, namespace)) ?? this.named.get(name);
    return found ?? fail(`undefined type ${name}`);
  }

  private fullName(name: string, namespace: string): string {
    return name.includes(".") || namespace === "" ? name : `${namespace}.${name}`;
  }

  /** Declares a named type; returns its full name and the namespace its children inherit. */
  private declare(schema: Record<string, unknown>, namespace: string): { fullName: string; inner: string } {
    const { name } = schema;
    if (typeof name !== "string") return fail("named type without a name");
    let ns = namespace;
    if (schema.namespace !== undefined) {
      if (typeof schema.namespace !== "string") fail("namespace must be a string");
      ns = schema.namespace as string;
    }
    const fullName = this.fullName(name, ns);
    const parts = fullName.split(".");
    if (!parts.every((p) => NAME.test(p))) fail(`invalid name ${fullName}`);
    if (PRIMITIVES.has(parts[parts.length - 1]!) && parts.length === 1) fail(`${fullName} is a primitive type name`);
    if (this.named.has(fullName)) fail(`duplicate type ${fullName}`);
    return { fullName, inner: parts.slice(0, -1).join(".") };
  }

  private record(schema: Record<string, unknown>, namespace: string): AvroType {
    const { fullName, inner } = this.declare(schema, namespace);
    if (!Array.isArray(schema.fields)) return fail(`record ${fullName} without fields`);
    const record: AvroType & { kind: "record" } = { kind: "record", name: fullName, fields: [] };
    this.named.set(fullName, record);
    const seen = new Set<string>();
    for (const field of schema.fields as unknown[]) {
      if (!isObject(field) || typeof field.name !== "string" || !NAME.test(field.name)) fail(`invalid field in ${fullName}`);
      const f = field as Record<string, unknown> & { name: string };
      if (seen.has(f.name)) fail(`duplicate field ${f.name}`);
      seen.add(f.name);
      if (!("type" in f)) fail(`field ${f.name} without type`);
      const type = this.parse(f.type, inner);
      if ("default" in f && !isValidDefault(type, f.default)) fail(`invalid default for field ${f.name}`);
      if (f.order !== undefined && !["ascending", "descending", "ignore"].includes(f.order as string)) fail(`invalid order for field ${f.name}`);
      record.fields.push({ name: f.name, type });
    }
    return record;
  }

  private enumeration(schema: Record<string, unknown>, namespace: string): AvroType {
    const { fullName } = this.declare(schema, namespace);
    const symbols = schema.symbols;
    if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === "string" && NAME.test(s))) {
      return fail(`enum ${fullName} needs symbols`);
    }
    if (new Set(symbols).size !== symbols.length) fail(`duplicate symbol in ${fullName}`);
    if (schema.default !== undefined && !symbols.includes(schema.default)) fail(`invalid default for ${fullName}`);
    const type: AvroType = { kind: "enum", name: fullName, symbols: symbols as string[] };
    this.named.set(fullName, type);
    return type;
  }

  private fixed(schema: Record<string, unknown>, namespace: string): AvroType {
    const { fullName } = this.declare(schema, namespace);
    const size = schema.size;
    if (typeof size !== "number" || !Number.isInteger(size) || size < 0) return fail(`fixed ${fullName} needs a size`);
    const type: AvroType = { kind: "fixed", name: fullName, size };
    this.named.set(fullName, type);
    return type;
  }

  private union(schemas: unknown[], namespace: string): AvroType {
    const branches = schemas.map((s) => this.parse(s, namespace));
    const keys = new Set<string>();
    for (const branch of branches) {
      if (branch.kind === "union") fail("unions may not contain unions");
      const key = branch.kind === "primitive" ? branch.name : "name" in branch ? branch.name : branch.kind;
      if (keys.has(key)) fail(`union holds ${key} twice`);
      keys.add(key);
    }
    return { kind: "union", branches };
  }
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Whether a JSON default value fits the type (a union's default fits its first branch). */
function isValidDefault(type: AvroType, value: unknown): boolean {
  switch (type.kind) {
    case "primitive":
      switch (type.name) {
        case "null":
          return value === null;
        case "boolean":
          return typeof value === "boolean";
        case "int":
          return typeof value === "number" && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
        case "long":
          return typeof value === "number" && Number.isInteger(value);
        case "float":
        case "double":
          return typeof value === "number";
        default:
          return typeof value === "string";
      }
    case "record":
      return isObject(value) && type.fields.every((f) => !(f.name in value) || isValidDefault(f.type, value[f.name]));
    case "enum":
      return typeof value === "string" && type.symbols.includes(value);
    case "fixed":
      return typeof value === "string" && value.length === type.size;
    case "array":
      return Array.isArray(value) && value.every((v) => isValidDefault(type.items, v));
    case "map":
      return isObject(value) && Object.values(value).every((v) => isValidDefault(type.values, v));
    case "union":
      return type.branches.length > 0 && isValidDefault(type.branches[0]!, value);
  }
}

/** Null when `schema` (parsed JSON) is a valid Avro schema, else the reason. */
export function avroSchemaProblem(schema: unknown): string | null {
  try {
    new Parser().parse(schema, "");
    return null;
  } catch (error) {
    if (error instanceof SchemaError) return error.message;
    throw error;
  }
}
