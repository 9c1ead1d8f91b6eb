/** Reading and validating request bodies and queries, with DIS errors for every failure. */
import type { Context } from "hono";
import { z } from "zod";
import type { ErrorCode } from "../errors/codes";
import { disError } from "../errors/dis-error";
import { decompressBody, lengthHeaderOf } from "./compression";
import type { AppEnv } from "./context";

/** The body's bytes, read once (the authentication step may have read them already). */
export async function rawBodyOf(c: Context<AppEnv>): Promise<Uint8Array> {
  let raw = c.get("rawBody");
  if (!raw) {
    raw = new Uint8Array(await c.req.arrayBuffer());
    c.set("rawBody", raw);
  }
  return raw;
}

/** The body as the client wrote it: the received bytes, decompressed when a `Content-Encoding` says so. */
export async function bodyOf(c: Context<AppEnv>): Promise<Uint8Array> {
  let body = c.get("body");
  if (!body) {
    const encoding = c.req.header("content-encoding");
    const lengthHeader = lengthHeaderOf(encoding?.trim().toLowerCase() ?? "");
    body = decompressBody({ encoding, declaredLength: lengthHeader && c.req.header(lengthHeader), bytes: await rawBodyOf(c) });
    c.set("body", body);
  }
  return body;
}

/** The JSON body: empty is DIS.4202, malformed DIS.4300, anything but an object DIS.4200. */
export async function readJson(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await bodyOf(c)).trim();
  if (text === "") throw disError("DIS.4202");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw disError("DIS.4300", "The body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw disError("DIS.4200", "The body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** One line naming the first problem, e.g. `stream_name: must match ^[A-Za-z0-9_-]{1,64}$`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid value.";
  // One path style in every message: `records[0].data`.
  const path = issue.path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Validates against a schema; a mismatch is DIS.4200 naming the field (under `prefix`, when given). */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = describeIssue(result.error);
    throw disError("DIS.4200", prefix ? `${prefix}.${detail}` : detail);
  }
  return result.data;
}

/** Validates against a schema; a mismatch in a field named in `codes` is that code, any other DIS.4200. */
export function validateWithCodes<S extends z.ZodType>(schema: S, input: unknown, codes: Partial<Record<string, ErrorCode>>): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const field = String(result.error.issues[0]?.path[0] ?? "");
    throw disError(codes[field] ?? "DIS.4200", describeIssue(result.error));
  }
  return result.data;
}

/** Query parameters as a plain object (first value of each name). */
export function queryOf(c: Context<AppEnv>): Record<string, string> {
  return c.req.query();
}
