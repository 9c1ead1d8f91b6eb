/**
 * The door of every `/{version}/{project_id}/…` path: a token (`X-Auth-Token`) or an AK/SK
 * signature, then the path's project checked against the credential (DIS.4117).
 */
import { isWebSocketUpgrade, offeredProtocols } from "../http/websocket";
import type { MiddlewareHandler } from "hono";
import { openDb, type Db } from "../db/client";
import { disError } from "../errors/dis-error";
import { rawBodyOf } from "../http/body";
import type { AppEnv, Caller } from "../http/context";
import { findAccessKey, findProject } from "../identity/directory";
import { sha256Hex, timingSafeEqualText } from "./crypto";
import { canonicalQueryForms, canonicalRequest, canonicalUriForms, computeSignature, parseAuthorization, parseSdkDate } from "./signature";
import { verifyToken } from "./token";

/** How far X-Sdk-Date may be from the server clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

interface Identity {
  userId: string;
  domainId: string;
  /** Tokens are scoped to one project; signatures reach every project of the domain. */
  tokenProjectId?: string;
}

async function identityFromToken(token: string, secret: string): Promise<Identity> {
  const check = await verifyToken(token, secret);
  if (!check.ok) throw check.reason === "expired" ? disError("DIS.4108") : disError("DIS.4107");
  return { userId: check.claims.userId, domainId: check.claims.domainId, tokenProjectId: check.claims.projectId };
}

/**
 * A signed header's value as the client sent it. `Accept-Encoding` reaches the worker normalized
 * by the runtime (`br, gzip`); the client's own value, which it signed, is in `cf.clientAcceptEncoding`.
 */
function signedHeaderValue(request: Request, name: string): string | null {
  if (name === "accept-encoding") {
    const own = (request.cf as { clientAcceptEncoding?: unknown } | undefined)?.clientAcceptEncoding;
    if (typeof own === "string") return own;
  }
  return request.headers.get(name);
}

/**
 * The signed headers as sent, and, when `Host` carries a port, with the port left out: the old
 * Python DIS SDK signs the host without its port and sends it with it. Everything else it signs
 * stays covered, so this admits no request that was not signed with the secret key.
 */
function headerForms(headers: [string, string][]): [string, string][][] {
  const host = headers.findIndex(([name]) => name === "host");
  const value = host < 0 ? "" : headers[host]![1];
  const withoutPort = value.replace(/:\d+$/, "");
  if (host < 0 || withoutPort === value) return [headers];
  return [headers, headers.map(([name, v], i) => [name, i === host ? withoutPort : v])];
}

async function identityFromSignature(request: Request, authorization: string, body: Uint8Array, db: Db, encryptionSecret: string): Promise<Identity> {
  const parsed = parseAuthorization(authorization);
  if (!parsed.ok) {
    throw parsed.reason === "algorithm" ? disError("DIS.4102", authorization.split(" ")[0]) : disError("DIS.4101");
  }
  const auth = parsed.value;

  const sdkDate = request.headers.get("x-sdk-date");
  const signedAt = sdkDate === null ? null : parseSdkDate(sdkDate);
  if (sdkDate === null || signedAt === null) throw disError("DIS.4105");
  if (Math.abs(Date.now() - signedAt) > MAX_CLOCK_SKEW_MS) throw disError("DIS.4106");

  const headers: [string, string][] = [];
  for (const name of auth.signedHeaders) {
    const value = signedHeaderValue(request, name);
    if (value === null) throw disError("DIS.4109", name);
    headers.push([name, value]);
  }

  const bodyHash = await sha256Hex(body);
  const declaredHash = request.headers.get("x-sdk-content-sha256");
  if (declaredHash !== null && declaredHash !== "UNSIGNED-PAYLOAD" && declaredHash.toLowerCase() !== bodyHash) {
    throw disError("DIS.4111");
  }

  const owner = await findAccessKey(db, auth.accessKey, encryptionSecret);
  if (!owner) throw disError("DIS.4103");

  const url = new URL(request.url);
  const payloadHash = declaredHash === "UNSIGNED-PAYLOAD" ? "UNSIGNED-PAYLOAD" : bodyHash;
  const signature = auth.signature.toLowerCase();
  let matched = false;
  // Every canonical form some DIS client signs for what it sent; the usual one first, the others only
  // when it does not match. Each covers the same method, path, query, headers and body.
  search: for (const canonicalUri of canonicalUriForms(url.pathname)) {
    for (const canonicalQuery of canonicalQueryForms(url.search)) {
      for (const signedHeaders of headerForms(headers)) {
        const expected = await computeSignature({
          variant: auth.variant,
          accessKey: auth.accessKey,
          secretKey: owner.secretKey,
          date: sdkDate,
          scope: auth.scope,
          canonicalRequest: canonicalRequest({ method: request.method, canonicalUri, canonicalQuery, headers: signedHeaders, payloadHash }),
        });
        if (timingSafeEqualText(expected, signature)) {
          matched = true;
          break search;
        }
      }
    }
  }
  if (!matched) throw disError("DIS.4104");
  return { userId: owner.userId, domainId: owner.domainId };
}

/** The subprotocol prefix of a token offered by a WebSocket upgrade: `dis-token.<token>`. */
export const TOKEN_PROTOCOL_PREFIX = "dis-token.";

/**
 * A browser's WebSocket cannot send headers: it offers its token as the subprotocol
 * `dis-token.<token>` (README "Live push"), which no URL or log line carries.
 */
function subprotocolToken(request: Request): string | undefined {
  if (!isWebSocketUpgrade(request)) return undefined;
  return offeredProtocols(request).find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) || undefined;
}

/** Authenticates the caller and binds it to the `project_id` path parameter. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const projectId = c.req.param("project_id") ?? "";
  const db = openDb(c.env.DB);
  const token = c.req.header("x-auth-token") ?? subprotocolToken(c.req.raw);
  const authorization = c.req.header("authorization");

  let identity: Identity;
  if (token) {
    identity = await identityFromToken(token, c.env.AUTH_SECRET);
  } else if (authorization) {
    const body = await rawBodyOf(c);
    identity = await identityFromSignature(c.req.raw, authorization, body, db, c.env.CREDENTIAL_ENCRYPTION_KEY);
  } else {
    throw disError("DIS.4100");
  }

  if (identity.tokenProjectId !== undefined && identity.tokenProjectId !== projectId) {
    throw disError("DIS.4117", `The token is scoped to another project than ${projectId}.`);
  }
  const project = await findProject(db, projectId);
  if (!project || project.domainId !== identity.domainId) {
    throw disError("DIS.4117", `${projectId} is not a project of the caller's account.`);
  }

  const caller: Caller = {
    userId: identity.userId,
    domainId: identity.domainId,
    projectId,
  };
  c.set("caller", caller);
  await next();
};
