/**
 * The OpenAPI 3.1 description of the public API, built from OPERATIONS and the zod schemas that
 * validate each request (zod's own JSON Schema output), so it cannot drift from what is checked.
 */
import { z } from "zod";
import { ERRORS } from "../errors/codes";
import { OPERATIONS, type Operation } from "./operations";

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Json;
  delete out.$schema;
  return out;
}

/** A query schema's fields as OpenAPI parameters. */
function queryParameters(schema: z.ZodObject): Json[] {
  const object = jsonSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

function pathParameters(path: string): Json[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
}

const ERROR_BODY = {
  type: "object",
  required: ["error_code", "error_msg", "errorCode", "message"],
  properties: {
    error_code: { type: "string", enum: Object.keys(ERRORS), description: "The DIS error code (docs/decisions.md lists when each is answered)." },
    error_msg: { type: "string" },
    errorCode: { type: "string", description: "The same code, in the spelling the Java SDK reads." },
    message: { type: "string" },
  },
};

function operationObject(op: Operation): Json {
  const parameters = [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : [])];
  const success: Json = { description: op.success.status === 101 ? "Switching to a WebSocket." : op.success.json ? "Success." : "Success, with no body." };
  if (op.success.json) success.content = { "application/json": { schema: { type: "object" } } };
  const object: Json = {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    responses: {
      [String(op.success.status)]: success,
      default: { description: "A DIS error; authentication failures answer 441.", content: { "application/json": { schema: { $ref: "#/components/schemas/DisError" } } } },
    },
  };
  if (op.section || op.action) {
    object.description = [op.section ? `Reference §${op.section}.` : "", op.action ? `Permission: \`${op.action}\`.` : ""].filter(Boolean).join(" ");
  }
  if (parameters.length > 0) object.parameters = parameters;
  if (op.body) object.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } };
  if (op.action) object.security = [{ token: [] }, { aksk: [] }];
  return object;
}

/** The whole document. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Data Ingestion Service (Huawei Cloud DIS API)",
      version: "2",
      description:
        "Streams, records, cursors, apps and checkpoints, transfer tasks, metrics and tags, as Huawei Cloud DIS clients call them. Every path also takes a trailing `/`.",
    },
    paths,
    components: {
      schemas: { DisError: ERROR_BODY },
      securitySchemes: {
        token: { type: "apiKey", in: "header", name: "X-Auth-Token", description: "A token from POST /v3/auth/tokens." },
        aksk: { type: "apiKey", in: "header", name: "Authorization", description: "An AK/SK signature (SDK-HMAC-SHA256 or V11-HMAC-SHA256) with X-Sdk-Date, as Huawei Cloud SDKs sign." },
      },
    },
  };
}
