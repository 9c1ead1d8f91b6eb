import { describe, expect, it } from "vitest";
import { call, expectError } from "../helpers/http";
import { newStream } from "../helpers/records";
import { tasksPath } from "../helpers/transfers";

/** The reference's examples (§5.5.10), HBase with its `CLOUDBASE` spelling. */
function hbaseBody(change: Record<string, unknown> = {}, type = "CLOUDBASE") {
  return {
    destination_type: type,
    cloudtable_destination_descriptor: {
      task_name: "hbasetask",
      consumer_strategy: "TRIM_HORIZON",
      agency_name: "dis_admin_agency",
      cloudtable_cluster_name: "cloudtablecluster",
      cloudtable_cluster_id: "b8c095e2-db5f-4732-8a1d-eacd662e35dc",
      cloudtable_table_name: "cloudtabletable",
      cloudtable_row_key_delimiter: "|",
      retry_duration: 1800,
      obs_backup_bucket_path: "obsbucket",
      backup_file_prefix: "",
      cloudtable_schema: {
        row_key: [{ value: "datavalue", type: "String" }],
        columns: [
          { column_family_name: "cfname1", column_name: "ID", value: "datavalue1", type: "String" },
          { column_family_name: "cfname2", column_name: "VALUE", value: "datavalue2", type: "String" },
        ],
      },
      ...change,
    },
  };
}

function openTsdbBody(change: Record<string, unknown> = {}) {
  return {
    destination_type: "CLOUDTABLE",
    cloudtable_destination_descriptor: {
      task_name: "opentsdbtask",
      consumer_strategy: "LATEST",
      agency_name: "dis_admin_agency",
      cloudtable_cluster_name: "cloudtablecluster",
      cloudtable_cluster_id: "b8c095e2-db5f-4732-8a1d-eacd662e35dc",
      retry_duration: 1800,
      obs_backup_bucket_path: "obsbucket",
      backup_file_prefix: "",
      opentsdb_schema: [
        {
          metric: [{ type: "Constant", value: "age" }],
          timestamp: { value: "date", type: "String", format: "yyyy/MM/dd HH:mm:ss" },
          value: { value: "value", type: "Bigint" },
          tags: [{ name: "name", value: "name", type: "Bigint" }],
        },
      ],
      ...change,
    },
  };
}

async function create(body: unknown) {
  return call("POST", tasksPath(await newStream(1, { data_type: "JSON" })), { body });
}

describe("CloudTable transfer tasks", () => {
  it("checks the reference's HBase example in full, then refuses it with DIS.4200 saying what CloudTable tasks take", async () => {
    for (const type of ["CLOUDBASE", "CLOUDTABLE"]) {
      const reply = await create(hbaseBody({}, type));
      expectError(reply, "DIS.4200");
      expect(reply.json.error_msg).toContain("cloudtable_schema: CloudTable HBase tasks cannot be delivered by this deployment");
      expect(reply.json.error_msg).toContain("CloudTable tasks take opentsdb_schema");
    }
  });

  it("takes the reference's OpenTSDB example", async () => {
    const reply = await create(openTsdbBody());
    expect(reply.status, reply.text).toBe(201);
  });

  it.each([
    ["a row key field type", { cloudtable_schema: { row_key: [{ value: "v", type: "Int" }], columns: [{ column_family_name: "f", column_name: "c", value: "v", type: "String" }] } }, "cloudtable_schema.row_key[0].type"],
    ["no row key", { cloudtable_schema: { row_key: [], columns: [{ column_family_name: "f", column_name: "c", value: "v", type: "String" }] } }, "cloudtable_schema.row_key"],
    ["a column name", { cloudtable_schema: { row_key: [{ value: "v", type: "String" }], columns: [{ column_family_name: "f", column_name: "a-b", value: "v", type: "String" }] } }, "cloudtable_schema.columns[0].column_name"],
    ["no columns field", { cloudtable_schema: { row_key: [{ value: "v", type: "String" }] } }, "cloudtable_schema.columns"],
  ])("refuses an HBase schema with %s with DIS.4345", async (_what, change, field) => {
    const reply = await create(hbaseBody(change));
    expectError(reply, "DIS.4345");
    expect(reply.json.error_msg).toContain(field);
  });

  it.each([
    ["a metric type", { metric: [{ type: "Field", value: "m" }] }, "opentsdb_schema[0].metric[0].type"],
    ["a String timestamp without format", { timestamp: { value: "t", type: "String" } }, "opentsdb_schema[0].timestamp.format"],
    ["a value type", { value: { value: "v", type: "Int" } }, "opentsdb_schema[0].value.type"],
    ["a tag name", { tags: [{ name: "a b", value: "v", type: "String" }] }, "opentsdb_schema[0].tags[0].name"],
    ["a field name for a tag", { tags: [{ name: "a", value: "a.b", type: "String" }] }, "opentsdb_schema[0].tags[0].value"],
    ["a Constant tag OpenTSDB refuses", { tags: [{ name: "a", value: "a b", type: "Constant" }] }, "opentsdb_schema[0].tags[0].value"],
    ["a Constant value that is no number", { value: { value: "warm", type: "Constant" } }, "opentsdb_schema[0].value.value"],
  ])("refuses an OpenTSDB schema with %s with DIS.4348", async (_what, change, field) => {
    const base = openTsdbBody().cloudtable_destination_descriptor.opentsdb_schema[0]!;
    const reply = await create(openTsdbBody({ opentsdb_schema: [{ ...base, ...change }] }));
    expectError(reply, "DIS.4348");
    expect(reply.json.error_msg).toContain(field);
  });

  it.each([
    ["both schemas", { opentsdb_schema: openTsdbBody().cloudtable_destination_descriptor.opentsdb_schema }],
    ["neither schema", { cloudtable_schema: null }],
    ["HBase without cloudtable_table_name", { cloudtable_table_name: null }],
    ["a row key delimiter", { cloudtable_row_key_delimiter: "#" }],
    ["retry_duration", { retry_duration: 7201 }],
    ["without cloudtable_cluster_id", { cloudtable_cluster_id: null }],
    ["a backup_file_prefix", { backup_file_prefix: "/abs" }],
  ])("refuses %s with DIS.4200", async (_what, change) => {
    const reply = await create(hbaseBody(change));
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("cloudtable_destination_descriptor");
  });

  it("refuses CLOUDTABLE without its descriptor", async () => {
    const reply = await create({ destination_type: "CLOUDTABLE" });
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("cloudtable_destination_descriptor: is required");
  });
});
