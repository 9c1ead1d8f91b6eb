/**
 * Who a CONNECT is from (credentials.ts), and whether it may connect at all: its credentials good,
 * the project its account's, and `dis:records:write` or `dis:records:read` held there. Streams are
 * checked later, each once per connection for publishes (publish-grants.ts), and at SUBSCRIBE.
 */
import { findAccessKey, findGrants, findProject, findProjectsOfDomain } from "../identity/directory";
import { isAllowed } from "../auth/permissions";
import { verifyToken } from "../auth/token";
import { openDb } from "../db/client";
import type { Env } from "../env";
import type { Caller } from "../http/context";
import { checkSignature, parseCredentials } from "./credentials";
import type { ConnectRefusal } from "./reason-codes";

/** What a connection keeps of its credential, to check again later. */
export type HeldCredential = { kind: "token"; expiresAt: number } | { kind: "signature"; accessKey: string };

export interface DeviceIdentity {
  caller: Caller;
  credential: HeldCredential;
}

export type DeviceAuthentication =
  | { ok: true; identity: DeviceIdentity }
  /** `failure`: the refusal counts toward the address lockout (credentials that did not check out). */
  | { ok: false; refusal: ConnectRefusal; reason: string; failure: boolean };

export interface ConnectCredentials {
  clientId: string;
  username?: string;
  password?: Uint8Array;
  /** The project named in the endpoint's URL (`/mqtt?project_id=…`), if any. */
  projectHint: string | null;
}

const badCredentials = (reason: string): DeviceAuthentication => ({ ok: false, refusal: "bad-credentials", reason, failure: true });
const notAuthorized = (reason: string): DeviceAuthentication => ({ ok: false, refusal: "not-authorized", reason, failure: false });

export async function authenticateDevice(env: Env, connect: ConnectCredentials, now = Date.now()): Promise<DeviceAuthentication> {
  const credentials = parseCredentials(connect.username, connect.password);
  if (!credentials) return badCredentials("CONNECT needs a username and a password.");
  const db = openDb(env.DB);
  let userId: string;
  let domainId: string;
  let projectId: string;
  let credential: HeldCredential;
  if (credentials.kind === "token") {
    const check = await verifyToken(credentials.token, env.AUTH_SECRET, now);
    if (!check.ok) return badCredentials(check.reason === "expired" ? "The token has expired." : "Invalid token.");
    if (check.claims.projectId !== credentials.projectId) return notAuthorized("The token is scoped to another project than the username.");
    if (connect.projectHint !== null && connect.projectHint !== credentials.projectId) return notAuthorized("The URL names another project than the username.");
    ({ userId, domainId, projectId } = check.claims);
    credential = { kind: "token", expiresAt: check.claims.expiresAt };
  } else {
    const owner = await findAccessKey(db, credentials.accessKey, env.CREDENTIAL_ENCRYPTION_KEY);
    if (!owner) return badCredentials("The access key does not exist or is disabled.");
    const signature = await checkSignature(credentials, owner.secretKey, connect.clientId, now);
    if (signature === "skewed") return badCredentials("The signature's time is more than 15 minutes away from the server time.");
    if (signature === "mismatch") return badCredentials("The signature does not match.");
    ({ userId, domainId } = owner);
    if (connect.projectHint !== null) {
      projectId = connect.projectHint;
    } else {
      const projects = await findProjectsOfDomain(db, domainId);
      if (projects.length !== 1) return notAuthorized("The account has several projects: name one in the URL, /mqtt?project_id=<project_id>.");
      projectId = projects[0]!.id;
    }
    credential = { kind: "signature", accessKey: credentials.accessKey };
  }
  const project = await findProject(db, projectId);
  if (!project || project.domainId !== domainId) return notAuthorized(`${projectId} is not a project of the caller's account.`);
  // A device publishes (dis:records:write, checked again per stream) or subscribes (dis:records:read, likewise).
  const grants = await findGrants(db, userId, projectId);
  if (!isAllowed(grants, "dis:records:write") && !isAllowed(grants, "dis:records:read")) return notAuthorized("The caller may neither dis:records:write nor dis:records:read.");
  return { ok: true, identity: { caller: { userId, domainId, projectId }, credential } };
}

/** Whether a connection's credential still holds: the token not expired, the access key not disabled. */
export async function credentialHolds(env: Env, credential: HeldCredential, now = Date.now()): Promise<boolean> {
  if (credential.kind === "token") return credential.expiresAt > now;
  return (await findAccessKey(openDb(env.DB), credential.accessKey, env.CREDENTIAL_ENCRYPTION_KEY)) !== null;
}
