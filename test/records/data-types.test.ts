import { gzipSync, strToU8, zipSync } from "fflate";
import { compress as snappyCompress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { compileAvroCheck } from "../../src/records/data-types/avro-check";
import { COMPRESSION_FORMATS, decompressRecord, DecompressionError } from "../../src/records/data-types/compression";
import { compileCsvCheck, splitCsvRecord } from "../../src/records/data-types/csv";
import { compileRecordCheck, decodedRecord, recordCheckFor, type RecordStream } from "../../src/records/data-types/record-check";

const record = (name: string, fields: unknown[], extra: object = {}) => ({ type: "record", name, fields, ...extra });
const field = (name: string, type: unknown, extra: object = {}) => ({ name, type, ...extra });

describe("Avro check: primitives", () => {
  it.each<[unknown, unknown, string | null]>([
    ["null", null, null],
    ["null", 0, "expected null, got number 0"],
    ["boolean", true, null],
    ["boolean", "true", "expected boolean, got string"],
    ["int", 42, null],
    ["int", -(2 ** 31), null],
    ["int", 2 ** 31 - 1, null],
    ["int", 2 ** 31, "expected int, got number 2147483648"],
    ["int", 1.5, "expected int, got number 1.5"],
    ["int", "1", "expected int, got string"],
    ["long", 2 ** 53 - 1, null],
    ["long", JSON.parse("9223372036854775807"), null],
    ["long", JSON.parse("-9223372036854775808"), null],
    ["long", 2 ** 64, "expected long, got number 18446744073709552000"],
    ["long", 9223372036854775807n, null],
    ["long", 9223372036854775808n, "expected long, got integer 9223372036854775808"],
    ["long", 0.5, "expected long, got number 0.5"],
    ["float", 1.25, null],
    ["float", 3, null],
    ["double", -1e300, null],
    ["double", Number.NaN, "expected double, got number NaN"],
    ["double", Infinity, "expected double, got number Infinity"],
    ["double", "1.0", "expected double, got string"],
    ["string", "", null],
    ["string", 1, "expected string, got number 1"],
    ["string", null, "expected string, got null"],
    ["bytes", "\u00ff\u0000", null],
    ["bytes", [1, 2], "expected bytes, got array"],
    [{ type: "string" }, "x", null],
    [{ type: "int", logicalType: "date" }, 19000, null],
    [{ type: "int", logicalType: "date" }, "2024-01-01", "expected int, got string"],
    [{ type: "long", logicalType: "timestamp-millis" }, 1_700_000_000_000, null],
    [{ type: "bytes", logicalType: "decimal", precision: 4, scale: 2 }, "\u0001", null],
    [{ type: "string", logicalType: "uuid" }, "3c1e2f2e-0000-4000-8000-000000000000", null],
  ])("%j with %s", (schema, value, expected) => {
    expect(compileAvroCheck(schema)(value)).toBe(expected);
  });
});

describe("Avro check: complex types", () => {
  const color = { type: "enum", name: "Color", symbols: ["RED", "GREEN"] };
  const md5 = { type: "fixed", name: "Md5", size: 4 };
  it.each<[string, unknown, unknown, string | null]>([
    ["enum symbol", color, "RED", null],
    ["enum unknown symbol", color, "BLUE", '"BLUE" is not a symbol of enum "Color"'],
    ["enum not a string", color, 1, 'expected enum "Color", got number 1'],
    ["fixed of its size", md5, "abcd", null],
    ["fixed of another size", md5, "abc", 'expected fixed "Md5" of 4 bytes, got 3 characters'],
    ["fixed not a string", md5, null, 'expected fixed "Md5", got null'],
    ["array", { type: "array", items: "int" }, [1, 2, 3], null],
    ["empty array", { type: "array", items: "int" }, [], null],
    ["array item", { type: "array", items: "int" }, [1, "2"], 'field "[1]": expected int, got string'],
    ["array not an array", { type: "array", items: "int" }, { 0: 1 }, "expected array, got object"],
    ["map", { type: "map", values: "double" }, { a: 1, b: 2.5 }, null],
    ["map value", { type: "map", values: "double" }, { a: 1, b: "x" }, 'field "b": expected double, got string'],
    ["map not an object", { type: "map", values: "double" }, [1], "expected map, got array"],
    ["map of arrays", { type: "map", values: { type: "array", items: "string" } }, { a: ["x", 3] }, 'field "a[1]": expected string, got number 3'],
    ["nested object type", { type: { type: "array", items: "boolean" } }, [true], null],
  ])("%s", (_label, schema, value, expected) => {
    expect(compileAvroCheck(schema)(value)).toBe(expected);
  });
});

describe("Avro check: records", () => {
  const reading = record("Reading", [field("temp", "double"), field("unit", "string", { default: "C" }), field("note", ["null", "string"])]);
  const device = record("Device", [field("id", "string"), field("reading", reading), field("tags", { type: "array", items: "string" }, { default: [] })]);

  it.each<[string, unknown, string | null]>([
    ["all fields", { id: "d1", reading: { temp: 21.5, unit: "C", note: "ok" }, tags: ["a"] }, null],
    ["defaulted and nullable fields absent", { id: "d1", reading: { temp: 21.5 } }, null],
    ["nullable field null", { id: "d1", reading: { temp: 21.5, note: null } }, null],
    ["extra properties", { id: "d1", reading: { temp: 1, extra: true }, more: [1] }, null],
    ["required field absent", { id: "d1", reading: { unit: "C" } }, 'field "reading.temp": missing'],
    ["nested type mismatch", { id: "d1", reading: { temp: "hot" } }, 'field "reading.temp": expected double, got string'],
    ["defaulted field of the wrong type", { id: "d1", reading: { temp: 1, unit: 3 } }, 'field "reading.unit": expected string, got number 3'],
    ["defaulted field null", { id: "d1", reading: { temp: 1, unit: null } }, 'field "reading.unit": expected string, got null'],
    ["array in a record", { id: "d1", reading: { temp: 1 }, tags: ["a", 1] }, 'field "tags[1]": expected string, got number 1'],
    ["nested record not an object", { id: "d1", reading: [1] }, 'field "reading": expected record "Reading", got array'],
    ["not an object", "d1", 'expected record "Device", got string'],
    ["null", null, 'expected record "Device", got null'],
    ["top-level required field", { reading: { temp: 1 } }, 'field "id": missing'],
  ])("%s", (_label, value, expected) => {
    expect(compileAvroCheck(device)(value)).toBe(expected);
  });

  it("takes a field named like an Object property only when present", () => {
    const check = compileAvroCheck(record("R", [field("constructor", "string")]));
    expect(check({})).toBe('field "constructor": missing');
    expect(check({ constructor: "x" })).toBeNull();
  });

  it("takes an `error` like a record", () => {
    expect(compileAvroCheck({ type: "error", name: "Oops", fields: [field("code", "int")] })({ code: "x" })).toBe('field "code": expected int, got string');
  });
});

describe("Avro check: unions", () => {
  const point = record("Point", [field("x", "double"), field("y", "double")]);
  const label = record("Label", [field("text", "string")]);
  it.each<[string, unknown, unknown, string | null]>([
    ["null branch", ["null", "string"], null, null],
    ["string branch", ["null", "string"], "a", null],
    ["no branch", ["null", "string"], 3, "expected null or string, got number 3"],
    ["three branches", ["null", "int", "string"], true, "expected null, int or string, got boolean"],
    ["the only branch of the shape explains", ["null", "int"], 1.5, "expected int, got number 1.5"],
    ["record as plain JSON", ["null", point], { x: 1, y: 2 }, null],
    ["record branch failure explains", ["null", point], { x: 1, y: "2" }, 'field "y": expected double, got string'],
    ["two record branches", [point, label], { text: "hi" }, null],
    ["two record branches, neither", [point, label], { z: 1 }, 'expected record "Point" or record "Label", got object'],
    ["Avro wrapping of a primitive", ["null", "string"], { string: "a" }, null],
    ["Avro wrapping of a record", ["null", point], { Point: { x: 1, y: 2 } }, null],
    ["Avro wrapping by full name", ["null", { ...point, namespace: "geo" }], { "geo.Point": { x: 1, y: 2 } }, null],
    ["Avro wrapping of the wrong value", ["null", "string"], { string: 1 }, "expected null or string, got object"],
    ["int or long", ["int", "long"], 2 ** 40, null],
    ["array or map", [{ type: "array", items: "int" }, { type: "map", values: "int" }], { a: 1 }, null],
    ["map branch failure", ["null", { type: "map", values: "int" }], { a: "x" }, 'field "a": expected int, got string'],
    ["enum in a union", ["null", { type: "enum", name: "E", symbols: ["A"] }], "B", '"B" is not a symbol of enum "E"'],
  ])("%s", (_label, schema, value, expected) => {
    expect(compileAvroCheck(schema)(value)).toBe(expected);
  });

  it("a union field with null may be absent, even without a default", () => {
    const check = compileAvroCheck(record("R", [field("a", ["string", "null"])]));
    expect(check({})).toBeNull();
    expect(check({ a: 1 })).toBe('field "a": expected string or null, got number 1');
  });
});

describe("Avro check: named types", () => {
  it("refers to a type by its name and by its full name", () => {
    const schema = record("Outer", [
      field("a", { type: "enum", name: "Kind", symbols: ["X", "Y"] }),
      field("b", "Kind"),
      field("c", "com.example.Kind"),
      field("d", { type: "array", items: "Kind" }),
    ], { namespace: "com.example" });
    const check = compileAvroCheck(schema);
    expect(check({ a: "X", b: "Y", c: "X", d: ["X"] })).toBeNull();
    expect(check({ a: "X", b: "Z", c: "X", d: [] })).toBe('field "b": "Z" is not a symbol of enum "Kind"');
    expect(check({ a: "X", b: "X", c: "X", d: ["X", "Q"] })).toBe('field "d[1]": "Q" is not a symbol of enum "Kind"');
  });

  it("a dotted name sets the namespace of the types inside it", () => {
    const schema = record("org.acme.Event", [
      field("where", record("Place", [field("city", "string")])),
      field("from", "org.acme.Place"),
      field("to", "Place"),
    ]);
    expect(compileAvroCheck(schema)({ where: { city: "A" }, from: { city: "B" }, to: { city: 3 } })).toBe('field "to.city": expected string, got number 3');
  });

  it("a type in another namespace is reached by its full name", () => {
    const schema = record("R", [
      field("a", { type: "fixed", name: "Id", namespace: "ids", size: 2 }),
      field("b", "ids.Id"),
    ], { namespace: "app" });
    expect(compileAvroCheck(schema)({ a: "ab", b: "abc" })).toBe('field "b": expected fixed "Id" of 2 bytes, got 3 characters');
    expect(() => compileAvroCheck(record("R", [field("a", { type: "fixed", name: "Id", namespace: "ids", size: 2 }), field("b", "Idx")], { namespace: "app" }))).toThrow('unknown type "Idx"');
  });

  it("checks recursive types", () => {
    const list = record("Node", [field("value", "int"), field("next", ["null", "Node"])]);
    const check = compileAvroCheck(list);
    expect(check({ value: 1, next: { value: 2, next: { value: 3, next: null } } })).toBeNull();
    expect(check({ value: 1, next: { value: 2, next: { value: "3" } } })).toBe('field "next.next.value": expected int, got string');
    const tree = record("Tree", [field("name", "string"), field("children", { type: "array", items: "Tree" })]);
    expect(compileAvroCheck(tree)({ name: "r", children: [{ name: "a", children: [] }, { name: "b", children: [{ name: 1, children: [] }] }] })).toBe('field "children[1].children[0].name": expected string, got number 1');
  });
});

describe("Avro check: schemas that do not compile", () => {
  it.each<[string, unknown, string]>([
    ["unknown type name", "strin", 'unknown type "strin"'],
    ["unknown field type", record("R", [field("a", "Missing")]), 'unknown type "Missing"'],
    ["record without fields", { type: "record", name: "R" }, 'record "R" needs a fields array'],
    ["record without name", { type: "record", fields: [] }, "a record needs a name"],
    ["field without name", record("R", [{ type: "int" }]), 'record "R" has a field without a name'],
    ["field without type", record("R", [{ name: "a" }]), 'field "a" needs a type'],
    ["enum without symbols", { type: "enum", name: "E" }, 'enum "E" needs symbols'],
    ["fixed without size", { type: "fixed", name: "F" }, 'fixed "F" needs a size'],
    ["array without items", { type: "array" }, "an array needs items"],
    ["map without values", { type: "map" }, "a map needs values"],
    ["empty union", [], "a union needs at least one branch"],
    ["a number", 42, "a schema is a name, an object or an array, not number 42"],
    ["object without type", { name: "x" }, "an object schema needs a type"],
    ["type defined twice", record("R", [field("a", { type: "fixed", name: "F", size: 1 }), field("b", { type: "fixed", name: "F", size: 2 })]), 'type "F" is defined twice'],
  ])("%s", (_label, schema, message) => {
    expect(() => compileAvroCheck(schema)).toThrow(`Avro schema: ${message}`);
  });
});

describe("splitCsvRecord", () => {
  it.each<[string, string, string[] | null]>([
    ["a,b,c", ",", ["a", "b", "c"]],
    ["a,b,c\n", ",", ["a", "b", "c"]],
    ["a,b,c\r\n", ",", ["a", "b", "c"]],
    ["a,b,c\n\n", ",", null],
    ["", ",", [""]],
    [",", ",", ["", ""]],
    ["a,,c,", ",", ["a", "", "c", ""]],
    ['"a,b",c', ",", ["a,b", "c"]],
    ['"say ""hi""",x', ",", ['say "hi"', "x"]],
    ['""', ",", [""]],
    ['"",""', ",", ["", ""]],
    ['"line\nbreak",x\n', ",", ["line\nbreak", "x"]],
    ['"a"', ",", ["a"]],
    ['"a",', ",", ["a", ""]],
    ['"a', ",", null],
    ['"a""', ",", null],
    ['"a"b,c', ",", null],
    ['a"b,c', ",", null],
    ['a,b"', ",", null],
    ["a\nb", ",", null],
    ["a\rb", ",", null],
    ["a;b;c", ";", ["a", "b", "c"]],
    ['"a;b";c', ";", ["a;b", "c"]],
    ["a,b;c", ";", ["a,b", "c"]],
    ["a|b|c", "|", ["a", "b", "c"]],
    ['"x|y"|z', "|", ["x|y", "z"]],
    ["a\tb\t\tc", "\t", ["a", "b", "", "c"]],
    ['"a\tb"\tc', "\t", ["a\tb", "c"]],
    ["a::b::c", "::", ["a", "b", "c"]],
  ])("%j split by %j", (text, delimiter, fields) => {
    expect(splitCsvRecord(text, delimiter)).toEqual(fields);
  });

  it.each(["", '"', "\n"])("refuses the delimiter %j", (delimiter) => {
    expect(() => splitCsvRecord("a", delimiter)).toThrow("CSV delimiter");
  });
});

describe("compileCsvCheck", () => {
  const schema = record("Row", [
    field("id", "int"),
    field("big", "long"),
    field("temp", "double"),
    field("ratio", "float"),
    field("ok", "boolean"),
    field("name", "string"),
    field("color", { type: "enum", name: "Color", symbols: ["RED", "GREEN"] }),
    field("note", ["null", "int"]),
    field("raw", "bytes"),
  ]);
  const check = compileCsvCheck(schema, ",");

  it.each<[string, string | null]>([
    ["1,9223372036854775807,21.5,1e3,true,Ann,RED,7,xyz", null],
    ["-2147483648,-9223372036854775808,-0.5,.5,false,,GREEN,,", null],
    ['+5,0,1E-3,3.,true,"a, b",RED,,"q""q"', null],
    ["1,2,3,4,true,n,RED,5,r\r\n", null],
    ["2147483648,0,1,1,true,n,RED,,r", 'column 1 ("id"): "2147483648" is not an int'],
    ["1.0,0,1,1,true,n,RED,,r", 'column 1 ("id"): "1.0" is not an int'],
    [",0,1,1,true,n,RED,,r", 'column 1 ("id"): "" is not an int'],
    [" 1,0,1,1,true,n,RED,,r", 'column 1 ("id"): " 1" is not an int'],
    ["1,9223372036854775808,1,1,true,n,RED,,r", 'column 2 ("big"): "9223372036854775808" is not a long'],
    ["1,0x10,1,1,true,n,RED,,r", 'column 2 ("big"): "0x10" is not a long'],
    ["1,0,abc,1,true,n,RED,,r", 'column 3 ("temp"): "abc" is not a double'],
    ["1,0,NaN,1,true,n,RED,,r", 'column 3 ("temp"): "NaN" is not a double'],
    ["1,0,1e999,1,true,n,RED,,r", 'column 3 ("temp"): "1e999" is not a double'],
    ["1,0,1,Infinity,true,n,RED,,r", 'column 4 ("ratio"): "Infinity" is not a float'],
    ["1,0,1,1,TRUE,n,RED,,r", 'column 5 ("ok"): "TRUE" is not a boolean'],
    ["1,0,1,1,yes,n,RED,,r", 'column 5 ("ok"): "yes" is not a boolean'],
    ["1,0,1,1,true,n,BLUE,,r", 'column 7 ("color"): "BLUE" is not a symbol of enum "Color"'],
    ["1,0,1,1,true,n,RED,x,r", 'column 8 ("note"): "x" is not an int'],
    ["1,0,1,1,true,n,RED,,r,extra", "the line has 10 fields, the data_schema has 9"],
    ["1,0,1,1", "the line has 4 fields, the data_schema has 9"],
    ['1,0,1,1,true,"n,RED,,r', "not a well-formed CSV line"],
  ])("%j", (line, expected) => {
    expect(check(line)).toBe(expected);
  });

  it("shortens a long value in its message", () => {
    const long = "x".repeat(100);
    expect(compileCsvCheck(record("R", [field("n", "int")]), ",")(long)).toBe(`column 1 ("n"): "${"x".repeat(40)}…" is not an int`);
  });

  it.each([";", "|", "\t"])("reads fields split by %j", (delimiter) => {
    const check = compileCsvCheck(record("R", [field("a", "int"), field("b", "string"), field("c", "double")]), delimiter);
    expect(check(["1", `"x${delimiter}y"`, "2.5"].join(delimiter))).toBeNull();
    expect(check(["1", "x", "y"].join(delimiter))).toBe('column 3 ("c"): "y" is not a double');
    expect(check(["1", "x"].join(delimiter))).toBe("the line has 2 fields, the data_schema has 3");
  });

  it("without a schema takes any well-formed line", () => {
    const check = compileCsvCheck(null, ",");
    expect(check("anything, at all,\"q\"")).toBeNull();
    expect(check("")).toBeNull();
    expect(check('broken "quote')).toBe("not a well-formed CSV line");
  });

  it("takes unions of several types, named references and structured columns", () => {
    const check = compileCsvCheck(record("R", [
      field("e", { type: "enum", name: "E", symbols: ["A"] }),
      field("again", "E"),
      field("either", ["int", "boolean"]),
      field("nested", record("In", [field("x", "int")])),
      field("empty", "null"),
    ]), ",");
    expect(check("A,A,true,{anything},")).toBeNull();
    expect(check("A,A,x,y,")).toBe('column 3 ("either"): "x" is not an int or a boolean');
    expect(check("A,B,1,y,")).toBe('column 2 ("again"): "B" is not a symbol of enum "E"');
    expect(check("A,A,1,y,z")).toBe('column 5 ("empty"): "z" is not empty');
  });

  it("refuses a schema that is not a record", () => {
    expect(() => compileCsvCheck("string", ",")).toThrow("a CSV data_schema must be a record");
  });
});

describe("decompressRecord", () => {
  const text = strToU8(JSON.stringify({ id: 1, reading: { temp: 21.5 }, filler: "abc".repeat(200) }));
  const compressed: Record<(typeof COMPRESSION_FORMATS)[number], Uint8Array> = {
    snappy: snappyCompress(text),
    gzip: gzipSync(text),
    zip: zipSync({ "record.json": text }),
  };

  it.each(COMPRESSION_FORMATS)("%s gives back the data", (format) => {
    expect(decompressRecord(format, compressed[format])).toEqual(text);
  });

  it.each(COMPRESSION_FORMATS)("%s gives back empty data", (format) => {
    const empty = new Uint8Array(0);
    const data = format === "snappy" ? snappyCompress(empty) : format === "gzip" ? gzipSync(empty) : zipSync({ "e.txt": empty });
    expect(decompressRecord(format, data)).toEqual(empty);
  });

  it("takes stored zip entries and ignores directories", () => {
    const data = zipSync({ "dir/": {}, "dir/a.txt": [text, { level: 0 }] });
    expect(decompressRecord("zip", data)).toEqual(text);
  });

  const flipped = (data: Uint8Array, at: number): Uint8Array => {
    const copy = data.slice();
    copy[at] = copy[at]! ^ 0xff;
    return copy;
  };

  it.each<[string, (typeof COMPRESSION_FORMATS)[number], () => Uint8Array, string]>([
    ["snappy garbage", "snappy", () => strToU8("not snappy at all"), "data is not valid snappy: "],
    ["snappy truncated", "snappy", () => compressed.snappy.subarray(0, compressed.snappy.length - 5), "data is not valid snappy: "],
    ["snappy with a longer declared length", "snappy", () => new Uint8Array([10, 0x08, 0x61, 0x62, 0x63]), "data is not valid snappy: the stream does not decode to the 10 bytes it declares"],
    ["snappy copying before its start", "snappy", () => new Uint8Array([8, 0x01, 0x10]), "data is not valid snappy: "],
    ["snappy without a preamble", "snappy", () => new Uint8Array([0x80, 0x80]), "data is not valid snappy: no length preamble"],
    ["snappy too large", "snappy", () => new Uint8Array([0x80, 0x80, 0x80, 0x08]), "data declares 16777216 bytes once decompressed (snappy), more than the 8388608 taken"],
    ["gzip garbage", "gzip", () => strToU8("not gzip data, not at all"), "data is not valid gzip: no gzip header"],
    ["gzip too short", "gzip", () => compressed.gzip.subarray(0, 10), "data is not valid gzip: too short"],
    // Its last bytes are read as the trailer, so the check may fail on the length it seems to declare.
    ["gzip truncated", "gzip", () => compressed.gzip.subarray(0, compressed.gzip.length - 12), "data "],
    ["gzip truncated before the trailer", "gzip", () => new Uint8Array([...compressed.gzip.subarray(0, 20), ...compressed.gzip.subarray(-8)]), "data is not valid gzip: "],
    ["gzip with a changed CRC", "gzip", () => flipped(compressed.gzip, compressed.gzip.length - 6), "data is not valid gzip: the CRC-32 or length does not match the data"],
    ["gzip with a changed length", "gzip", () => flipped(compressed.gzip, compressed.gzip.length - 4), "data is "],
    ["zip garbage", "zip", () => strToU8("not a zip archive"), "data is not valid zip: no end of central directory"],
    ["zip of two files", "zip", () => zipSync({ "a.txt": text, "b.txt": text }), "data is not valid zip: the archive holds 2 files, a record holds exactly one"],
    ["zip of no file", "zip", () => zipSync({}), "data is not valid zip: the archive holds 0 files, a record holds exactly one"],
    ["zip with a changed byte of data", "zip", () => flipped(zipSync({ "a.txt": [text, { level: 0 }] }), 40), "data is not valid zip: the CRC-32 or length does not match the data"],
  ])("%s fails", (_label, format, data, message) => {
    let error: unknown;
    try {
      decompressRecord(format, data());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecompressionError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it("refuses data past the limit before inflating it", () => {
    expect(() => decompressRecord("gzip", gzipSync(new Uint8Array(2000)), 1000)).toThrow("data declares 2000 bytes once decompressed (gzip), more than the 1000 taken");
    expect(() => decompressRecord("zip", zipSync({ a: new Uint8Array(2000) }), 1000)).toThrow("data declares 2000 bytes once decompressed (zip), more than the 1000 taken");
  });
});

describe("record checks", () => {
  const stream = (settings: Partial<RecordStream>): RecordStream => ({ dataType: "BLOB", dataSchema: null, csvDelimiter: null, compressionFormat: null, ...settings });
  const bytes = (text: string) => new TextEncoder().encode(text);
  const readingSchema = JSON.stringify(record("Reading", [field("id", "string"), field("reading", record("R", [field("temp", "double")]))]));

  it("a BLOB stream without compression has nothing to check", () => {
    expect(compileRecordCheck(stream({}))).toBeNull();
  });

  it("a BLOB stream with gzip checks that records decompress", () => {
    const check = compileRecordCheck(stream({ compressionFormat: "gzip" }))!;
    expect(check(gzipSync(new Uint8Array([0, 1, 2, 255])))).toBeNull();
    expect(check(bytes("plain text, not gzip"))?.startsWith("data is not valid gzip: ")).toBe(true);
  });

  it("checks JSON records against the data_schema", () => {
    const check = compileRecordCheck(stream({ dataType: "JSON", dataSchema: readingSchema }))!;
    expect(check(bytes('{"id":"a","reading":{"temp":21.5}}'))).toBeNull();
    expect(check(bytes('\ufeff{"id":"a","reading":{"temp":1}}'))).toBeNull();
    expect(check(bytes('{"id":"a","reading":{"temp":"warm"}}'))).toBe('data does not fit the data_schema: field "reading.temp": expected double, got string');
    expect(check(bytes('{"id":"a"'))?.startsWith("data is not JSON: ")).toBe(true);
    expect(check(new Uint8Array([0x7b, 0xff, 0x7d]))).toBe("data is not UTF-8 text");
  });

  it("a JSON stream without a schema takes any JSON", () => {
    const check = compileRecordCheck(stream({ dataType: "JSON" }))!;
    expect(check(bytes("[1, 2]"))).toBeNull();
    expect(check(bytes("nope"))?.startsWith("data is not JSON: ")).toBe(true);
  });

  it("takes a bare type name as the data_schema", () => {
    const check = compileRecordCheck(stream({ dataType: "JSON", dataSchema: "string" }))!;
    expect(check(bytes('"x"'))).toBeNull();
    expect(check(bytes("1"))).toBe("data does not fit the data_schema: expected string, got number 1");
  });

  it("a data_schema that does not compile checks nothing but JSON", () => {
    const check = compileRecordCheck(stream({ dataType: "JSON", dataSchema: '{"type":"record","name":"R","fields":[{"name":"a","type":"Nope"}]}' }))!;
    expect(check(bytes('{"a": 1}'))).toBeNull();
    expect(check(bytes("{"))?.startsWith("data is not JSON: ")).toBe(true);
  });

  it("decompresses JSON records before checking them", () => {
    const check = compileRecordCheck(stream({ dataType: "JSON", dataSchema: readingSchema, compressionFormat: "snappy" }))!;
    expect(check(snappyCompress(bytes('{"id":"a","reading":{"temp":2}}')))).toBeNull();
    expect(check(snappyCompress(bytes('{"id":"a","reading":{}}')))).toBe('data does not fit the data_schema: field "reading.temp": missing');
    expect(check(bytes('{"id":"a","reading":{"temp":2}}'))?.startsWith("data is not valid snappy: ")).toBe(true);
  });

  it("checks CSV records with the stream's delimiter", () => {
    const schema = JSON.stringify(record("Row", [field("id", "int"), field("name", "string"), field("temp", "double")]));
    const check = compileRecordCheck(stream({ dataType: "CSV", dataSchema: schema, csvDelimiter: ";" }))!;
    expect(check(bytes('1;"a;b";2.5\n'))).toBeNull();
    expect(check(bytes("1;a;abc"))).toBe('data does not fit the data_schema: column 3 ("temp"): "abc" is not a double');
    expect(check(bytes("1;a"))).toBe("data does not fit the data_schema: the line has 2 fields, the data_schema has 3");
    expect(check(bytes('1;"a;2.5'))).toBe("data is not a well-formed CSV line");
  });

  it("a CSV stream without a delimiter splits on commas, and without a schema checks the quoting", () => {
    const check = compileRecordCheck(stream({ dataType: "CSV" }))!;
    expect(check(bytes('a,"b,c",d'))).toBeNull();
    expect(check(bytes('a,b"c'))).toBe("data is not a well-formed CSV line");
  });

  it("decompresses CSV records before checking them", () => {
    const schema = JSON.stringify(record("Row", [field("n", "long")]));
    const check = compileRecordCheck(stream({ dataType: "CSV", dataSchema: schema, compressionFormat: "zip" }))!;
    expect(check(zipSync({ "r.csv": bytes("12\n") }))).toBeNull();
    expect(check(zipSync({ "r.csv": bytes("x\n") }))).toBe('data does not fit the data_schema: column 1 ("n"): "x" is not a long');
  });

  it("decodedRecord gives the data as it was before compression", () => {
    const data = bytes("hello");
    expect(decodedRecord(stream({}), data)).toBe(data);
    expect(decodedRecord(stream({ compressionFormat: "gzip" }), gzipSync(data))).toEqual(data);
    expect(() => decodedRecord(stream({ compressionFormat: "gzip" }), data)).toThrow(DecompressionError);
  });

  it("recordCheckFor keeps a check per key and compiles again when the stream changes", () => {
    const json = stream({ dataType: "JSON", dataSchema: '"int"' });
    const first = recordCheckFor("stream-cache-test", json);
    expect(recordCheckFor("stream-cache-test", { ...json })).toBe(first);
    const changed = recordCheckFor("stream-cache-test", { ...json, dataSchema: '"string"' });
    expect(changed).not.toBe(first);
    expect(changed!(bytes('"x"'))).toBeNull();
    expect(recordCheckFor("stream-cache-blob", stream({}))).toBeNull();
    for (let i = 0; i < 300; i++) recordCheckFor(`stream-cache-fill-${i}`, json);
    expect(recordCheckFor("stream-cache-test", { ...json, dataSchema: '"string"' })).not.toBe(changed);
  });
});
