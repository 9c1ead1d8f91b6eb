/**
 * `npm run admin -- <command>`: manage accounts, projects, users, access keys and grants of a
 * running service, local or deployed, through its operators' API, and look at the objects its
 * transfer tasks delivered.
 *
 * Options: --endpoint URL (default: the local service `npm start` runs with the same PORT and
 * DIS_STATE_DIR, as it recorded in its state directory), --secret S (default $DIS_ADMIN_SECRET,
 * or ADMIN_SECRET of .dev.vars for a local endpoint).
 */
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { ensureDevVars, localEndpoint } from "./local-state";

const USAGE = `Usage: npm run admin -- [--endpoint URL] [--secret S] <command>

  domains list
  domains create <domain>
  projects list [--domain D]
  projects create <domain> <project-name> [--id PROJECT_ID]
  users list [--domain D]
  users create <domain> <user> --password P
  users set-password <domain> <user> --password P
  keys create <domain> <user>          prints the new secret key, once
  keys list <domain> <user>            access keys and their status, never secrets
  keys revoke <access-key>
  grants list <domain> <user>
  grants add <domain> <user> <project-id> <role-or-action>      e.g. "DIS ReadOnlyAccess", dis:records:*
  grants revoke <domain> <user> <project-id> <role-or-action>
  lockouts list                        client addresses locked out for failed authentication
  lockouts clear <address>             lifts an address's lock
  objects list <bucket> [--prefix P] [--cursor C]   delivered objects, 1000 per call (then the cursor for more)
  objects get <bucket> <key> [--raw]   an object's content on stdout, gzip undone unless --raw`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    endpoint: { type: "string" },
    secret: { type: "string" },
    domain: { type: "string" },
    password: { type: "string" },
    id: { type: "string" },
    prefix: { type: "string" },
    cursor: { type: "string" },
    raw: { type: "boolean" },
    help: { type: "boolean" },
  },
});

const endpoint = (values.endpoint ?? localEndpoint()).replace(/\/$/, "");
const isLocal = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(endpoint);
const secret = values.secret ?? process.env.DIS_ADMIN_SECRET ?? (isLocal ? ensureDevVars().ADMIN_SECRET : undefined);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** A request to the service; a service that does not answer is said plainly, not as a stack trace. */
async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    fail(
      values.endpoint
        ? `Nothing answers at ${endpoint}.`
        : `No local service is running at ${endpoint} (start it with npm start, with the same PORT and DIS_STATE_DIR), or name one with --endpoint.`,
    );
  }
}

async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await reach(`${endpoint}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) fail(`${response.status} ${String(json.error_code ?? "")}: ${String(json.error_msg ?? text)}`);
  return json;
}

const enc = encodeURIComponent;
const need = (count: number) => {
  if (positionals.length < count) fail(USAGE);
  return positionals.slice(2, count) as string[];
};
const q = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries)}` : "";
};

async function run(): Promise<unknown> {
  const [group, action] = positionals;
  switch (`${group} ${action}`) {
    case "domains list":
      return api("GET", "/domains");
    case "domains create":
      return api("POST", "/domains", { name: need(3)[0] });
    case "projects list":
      return api("GET", `/projects${q({ domain: values.domain })}`);
    case "projects create": {
      const [domain, name] = need(4);
      return api("POST", "/projects", { domain, name, ...(values.id ? { id: values.id } : {}) });
    }
    case "users list":
      return api("GET", `/users${q({ domain: values.domain })}`);
    case "users create": {
      const [domain, name] = need(4);
      if (!values.password) fail("--password is required");
      return api("POST", "/users", { domain, name, password: values.password });
    }
    case "users set-password": {
      const [domain, user] = need(4);
      if (!values.password) fail("--password is required");
      await api("PUT", `/users/${enc(domain!)}/${enc(user!)}/password`, { password: values.password });
      return { updated: `${domain}.${user}` };
    }
    case "keys create": {
      const [domain, user] = need(4);
      return api("POST", `/users/${enc(domain!)}/${enc(user!)}/keys`);
    }
    case "keys list": {
      const [domain, user] = need(4);
      return api("GET", `/users/${enc(domain!)}/${enc(user!)}/keys`);
    }
    case "keys revoke": {
      const [accessKey] = need(3);
      await api("DELETE", `/keys/${enc(accessKey!)}`);
      return { revoked: accessKey };
    }
    case "grants list": {
      const [domain, user] = need(4);
      return api("GET", `/users/${enc(domain!)}/${enc(user!)}/grants`);
    }
    case "grants add": {
      const [domain, user, project, permission] = need(6);
      await api("POST", `/users/${enc(domain!)}/${enc(user!)}/grants`, { project, permission });
      return { granted: permission, user: `${domain}.${user}`, project };
    }
    case "grants revoke": {
      const [domain, user, project, permission] = need(6);
      await api("DELETE", `/users/${enc(domain!)}/${enc(user!)}/grants${q({ project, permission })}`);
      return { revoked: permission, user: `${domain}.${user}`, project };
    }
    case "lockouts list":
      return api("GET", "/lockouts");
    case "lockouts clear": {
      const [address] = need(3);
      return api("DELETE", `/lockouts/${enc(address!)}`);
    }
    case "objects list": {
      const [bucket] = need(3);
      return api("GET", `/buckets/${enc(bucket!)}/objects${q({ prefix: values.prefix, cursor: values.cursor, limit: "1000" })}`);
    }
    default:
      fail(USAGE);
  }
}

/** Writes an object's content to stdout: bytes, not JSON. */
async function getObject(): Promise<void> {
  const [bucket, key] = need(4);
  const response = await reach(`${endpoint}/admin/v1/buckets/${enc(bucket!)}/objects/${key!.split("/").map(enc).join("/")}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  if (!response.ok) {
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    fail(`${response.status} ${String(json.error_code ?? "")}: ${String(json.error_msg ?? "")}`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const gzip = response.headers.get("x-object-content-encoding") === "gzip";
  process.stdout.write(gzip && !values.raw ? gunzipSync(bytes) : bytes);
}

if (values.help || positionals.length < 2) fail(USAGE);
if (!secret) fail("No operator secret: pass --secret or set DIS_ADMIN_SECRET.");
if (positionals[0] === "objects" && positionals[1] === "get") await getObject();
else console.log(JSON.stringify(await run(), null, 2));
