import { ERRORS, type ErrorCode } from "./codes";

/** A failure that answers with a DIS error body; thrown anywhere, rendered once by the app. */
export class DisError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, detail = "") {
    const message = ERRORS[code].message.replace("%s", detail).trim();
    super(message);
    this.code = code;
    this.status = ERRORS[code].status;
  }
}

export function disError(code: ErrorCode, detail?: string): DisError {
  return new DisError(code, detail);
}

/** The body shape every DIS client reads: both spellings of code and message. */
export function errorBody(err: DisError): Record<string, string> {
  return { error_code: err.code, error_msg: err.message, errorCode: err.code, message: err.message };
}

/** Renders a DisError as a JSON response. */
export function errorResponse(err: DisError): Response {
  return new Response(JSON.stringify(errorBody(err)), {
    status: err.status,
    headers: { "content-type": "application/json;charset=UTF-8" },
  });
}

/**
 * Result values that cross Durable Object RPC (exceptions lose their class there):
 * `{ ok: true, value }` or `{ ok: false, code, detail }`.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; detail: string };

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw disError(outcome.code, outcome.detail);
}
