/**
 * Holds the Workers-side Avro schema checker to avsc's verdicts (avsc cannot run inside the
 * Workers runtime, which forbids `new Function`; here it runs under Node).
 */
import avro from "avsc";
import { describe, expect, it } from "vitest";
import { avroSchemaProblem } from "../../src/streams/avro-schema";

const corpus: [string, unknown][] = [
  ["primitive name", "string"],
  ["primitive object", { type: "long" }],
  ["unknown name", "strin"],
  ["record", { type: "record", name: "RecordName", fields: [{ name: "key1", type: "string" }, { name: "key2", type: "string" }] }],
  ["record without fields", { type: "record", name: "R" }],
  ["record without name", { type: "record", fields: [] }],
  ["record with bad name", { type: "record", name: "1R", fields: [] }],
  ["duplicate field", { type: "record", name: "R", fields: [{ name: "a", type: "int" }, { name: "a", type: "int" }] }],
  ["field without type", { type: "record", name: "R", fields: [{ name: "a" }] }],
  ["bad field name", { type: "record", name: "R", fields: [{ name: "a-b", type: "int" }] }],
  ["int default", { type: "record", name: "R", fields: [{ name: "a", type: "int", default: 3 }] }],
  ["wrong default", { type: "record", name: "R", fields: [{ name: "a", type: "int", default: "x" }] }],
  ["union default first branch", { type: "record", name: "R", fields: [{ name: "a", type: ["null", "string"], default: null }] }],
  ["union default other branch", { type: "record", name: "R", fields: [{ name: "a", type: ["null", "string"], default: "x" }] }],
  ["nested record", { type: "record", name: "R", fields: [{ name: "in", type: { type: "record", name: "In", fields: [{ name: "x", type: "double" }] } }] }],
  ["recursive record", { type: "record", name: "Node", fields: [{ name: "next", type: ["null", "Node"] }] }],
  ["named reference", { type: "record", name: "R", fields: [{ name: "a", type: { type: "fixed", name: "F", size: 4 } }, { name: "b", type: "F" }] }],
  ["redefined name", { type: "record", name: "R", fields: [{ name: "a", type: { type: "fixed", name: "F", size: 4 } }, { name: "b", type: { type: "fixed", name: "F", size: 2 } }] }],
  ["namespaced", { type: "record", name: "R", namespace: "com.example", fields: [{ name: "e", type: { type: "enum", name: "E", symbols: ["A"] } }, { name: "f", type: "com.example.E" }] }],
  ["enum", { type: "enum", name: "Suit", symbols: ["SPADES", "HEARTS"] }],
  ["enum duplicate symbol", { type: "enum", name: "Suit", symbols: ["A", "A"] }],
  ["enum bad symbol", { type: "enum", name: "Suit", symbols: ["a-b"] }],
  ["enum without symbols", { type: "enum", name: "Suit" }],
  ["array", { type: "array", items: "string" }],
  ["array without items", { type: "array" }],
  ["map", { type: "map", values: { type: "array", items: "int" } }],
  ["map without values", { type: "map" }],
  ["fixed", { type: "fixed", name: "md5", size: 16 }],
  ["fixed without size", { type: "fixed", name: "md5" }],
  ["union", ["null", "string", { type: "array", items: "int" }]],
  ["union duplicate", ["string", "string"]],
  ["union of union", ["null", ["int", "string"]]],
  ["union of two arrays", [{ type: "array", items: "int" }, { type: "array", items: "string" }]],
  ["not a schema", 42],
  ["object without type", { name: "x" }],
];

describe("Avro schema checker agrees with avsc", () => {
  it.each(corpus)("%s", (_label, schema) => {
    let avscAccepts = true;
    try {
      // The Avro specification (and the Java implementation) require names on named types.
      avro.Type.forSchema(schema as avro.Schema, { noAnonymousTypes: true });
    } catch {
      avscAccepts = false;
    }
    expect(avroSchemaProblem(schema) === null).toBe(avscAccepts);
  });
});
