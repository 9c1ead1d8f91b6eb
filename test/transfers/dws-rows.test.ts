import { describe, expect, it } from "vitest";
import type { DwsOptions } from "../../src/transfers/destinations/dws/descriptor";
import { rowOf, type RowShape } from "../../src/transfers/destinations/dws/rows";

const off: DwsOptions = { fill_missing_fields: false, ignore_extra_data: false, compatible_illegal_chars: false, reject_limit: 0 };
const shape = (json: boolean, options: Partial<DwsOptions> = {}): RowShape => ({ columns: ["a", "b", "c"], json, delimiter: "|", options: { ...off, ...options } });
const bytes = (text: string) => new TextEncoder().encode(text);

describe("DWS rows", () => {
  it.each([
    ["a full line", shape(false), "1|x|", { values: ["1", "x", null] }],
    ["a quoted delimiter", shape(false), '1|"x|y"|2', { values: ["1", "x|y", "2"] }],
    ["a short line", shape(false), "1|x", { error: "the record has 2 fields, the table 3 columns (fill_missing_fields is off)" }],
    ["a short line, fill_missing_fields", shape(false, { fill_missing_fields: true }), "1|x", { values: ["1", "x", null] }],
    ["a long line", shape(false), "1|2|3|4", { error: "the record has 4 fields, the table 3 columns (ignore_extra_data is off)" }],
    ["a long line, ignore_extra_data", shape(false, { ignore_extra_data: true }), "1|2|3|4", { values: ["1", "2", "3"] }],
    ["broken quoting", shape(false), '1|"x|2', { error: "the record is not a well-formed delimited line" }],
    ["a JSON object", shape(true), '{"a":1,"b":{"x":[1]},"c":null}', { values: ["1", '{"x":[1]}', null] }],
    ["JSON lacking a field", shape(true), '{"a":1,"b":true}', { error: 'column "c" has no field (fill_missing_fields is off)' }],
    ["JSON lacking a field, fill_missing_fields", shape(true, { fill_missing_fields: true }), '{"a":1,"b":true}', { values: ["1", "true", null] }],
    ["JSON with another field", shape(true), '{"a":1,"b":2,"c":3,"d":4}', { error: 'field "d" is not a column (ignore_extra_data is off)' }],
    ["JSON that is no object", shape(true), "[1]", { error: "the record is not a JSON object" }],
    ["a NUL character", shape(false), "1|a\u0000b|2", { error: "the record holds a NUL character (compatible_illegal_chars is off)" }],
    ["a NUL character, compatible_illegal_chars", shape(false, { compatible_illegal_chars: true }), "1|a\u0000b|2", { values: ["1", "a?b", "2"] }],
  ])("%s", (_what, s, text, expected) => {
    expect(rowOf(s, bytes(text))).toEqual(expected);
  });

  it("refuses bytes that are not UTF-8 unless compatible_illegal_chars turns them into ?", () => {
    const data = Uint8Array.of(0x31, 0x7c, 0xff, 0x7c, 0x32);
    expect(rowOf(shape(false), data)).toEqual({ error: "the record is not UTF-8 text (compatible_illegal_chars is off)" });
    expect(rowOf(shape(false, { compatible_illegal_chars: true }), data)).toEqual({ values: ["1", "?", "2"] });
  });
});
