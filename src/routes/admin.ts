/**
 * The operators' API (`/admin/v1`), used by `npm run admin`: accounts, projects, users, access
 * keys and grants, delivered objects (admin-objects.ts) and lockouts (admin-lockouts.ts). Authenticated by the ADMIN_SECRET Worker secret as a bearer token; without
 * that secret the API is closed.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { timingSafeEqualText } from "../auth/crypto";
import { SYSTEM_ROLES } from "../auth/permissions";
import { isUniqueViolation } from "../db/batch";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { queryOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import * as accounts from "../identity/accounts";
import { findDomainByName, findProject, findUser, forgetAccessKey, forgetGrants } from "../identity/directory";
import { adminLockoutRoutes } from "./admin-lockouts";
import { adminObjectRoutes } from "./admin-objects";

const name = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'");
const password = z.string().min(8, "at least 8 characters").max(128);
const permission = z
  .string()
  .refine((p) => Object.hasOwn(SYSTEM_ROLES, p) || /^dis:[A-Za-z*]+:[A-Za-z*]+$/.test(p), "a system role or an action pattern such as dis:streams:*");

const operatorOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const secret = c.env.ADMIN_SECRET;
  const given = c.req.header("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (!secret || !timingSafeEqualText(given, secret)) throw disError("DIS.4116", "The operator secret is required.");
  await next();
};

async function domainNamed(c: Context<AppEnv>, domainName: string) {
  const domain = await findDomainByName(openDb(c.env.DB), domainName);
  if (!domain) throw disError("DIS.4200", `No account ${domainName}.`);
  return domain;
}

async function userNamed(c: Context<AppEnv>) {
  const domain = await domainNamed(c, c.req.param("domain") ?? "");
  const user = await findUser(openDb(c.env.DB), { id: domain.id }, c.req.param("user") ?? "");
  if (!user) throw disError("DIS.4200", `No user ${c.req.param("user")} in ${domain.name}.`);
  return user;
}

async function created<T>(work: () => Promise<T>, what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw disError("DIS.4200", `${what} already exists.`);
    throw error;
  }
}

export const adminRoutes = new Hono<AppEnv>();
adminRoutes.use("*", operatorOnly);
adminRoutes.route("/buckets", adminObjectRoutes);
adminRoutes.route("/lockouts", adminLockoutRoutes);

adminRoutes.get("/domains", async (c) => {
  const rows = await accounts.listDomains(openDb(c.env.DB));
  return c.json({ domains: rows.map((d) => ({ id: d.id, name: d.name, created_at: d.createdAt })) });
});

adminRoutes.post("/domains", async (c) => {
  const body = validate(z.object({ name }), await readJson(c));
  const row = await created(() => accounts.createDomain(openDb(c.env.DB), body.name), `Account ${body.name}`);
  return c.json({ id: row.id, name: row.name }, 201);
});

adminRoutes.get("/projects", async (c) => {
  const query = validate(z.object({ domain: z.string().optional() }), queryOf(c));
  const domainId = query.domain === undefined ? undefined : (await domainNamed(c, query.domain)).id;
  const rows = await accounts.listProjects(openDb(c.env.DB), domainId);
  return c.json({ projects: rows.map((p) => ({ id: p.id, name: p.name, domain_id: p.domainId })) });
});

adminRoutes.post("/projects", async (c) => {
  const body = validate(z.object({ domain: z.string(), name, id: name.optional() }), await readJson(c));
  const domain = await domainNamed(c, body.domain);
  const row = await created(() => accounts.createProject(openDb(c.env.DB), domain.id, body.name, body.id), `Project ${body.name}`);
  return c.json({ id: row.id, name: row.name, domain_id: row.domainId }, 201);
});

adminRoutes.get("/users", async (c) => {
  const query = validate(z.object({ domain: z.string().optional() }), queryOf(c));
  const domainId = query.domain === undefined ? undefined : (await domainNamed(c, query.domain)).id;
  const rows = await accounts.listUsers(openDb(c.env.DB), domainId);
  return c.json({ users: rows.map((u) => ({ id: u.id, name: u.name, domain_id: u.domainId, created_at: u.createdAt })) });
});

adminRoutes.post("/users", async (c) => {
  const body = validate(z.object({ domain: z.string(), name, password }), await readJson(c));
  const domain = await domainNamed(c, body.domain);
  const user = await created(() => accounts.createUser(openDb(c.env.DB), domain.id, body.name, body.password), `User ${body.name}`);
  return c.json({ id: user.id, name: user.name, domain_id: user.domainId }, 201);
});

adminRoutes.put("/users/:domain/:user/password", async (c) => {
  const body = validate(z.object({ password }), await readJson(c));
  const user = await userNamed(c);
  await accounts.setPassword(openDb(c.env.DB), user.id, body.password);
  return c.body(null, 204);
});

adminRoutes.post("/users/:domain/:user/keys", async (c) => {
  const user = await userNamed(c);
  const key = await accounts.createAccessKey(openDb(c.env.DB), user.id, c.env.CREDENTIAL_ENCRYPTION_KEY);
  return c.json({ access_key: key.accessKey, secret_key: key.secretKey }, 201);
});

adminRoutes.get("/users/:domain/:user/keys", async (c) => {
  const user = await userNamed(c);
  const keys = await accounts.listAccessKeys(openDb(c.env.DB), user.id);
  return c.json({ keys: keys.map((k) => ({ access_key: k.accessKey, status: k.status, created_at: k.createdAt })) });
});

adminRoutes.delete("/keys/:access_key", async (c) => {
  const accessKey = c.req.param("access_key");
  if (!(await accounts.revokeAccessKey(openDb(c.env.DB), accessKey))) throw disError("DIS.4200", `No access key ${accessKey}.`);
  forgetAccessKey(accessKey);
  return c.body(null, 204);
});

adminRoutes.get("/users/:domain/:user/grants", async (c) => {
  const user = await userNamed(c);
  const rows = await accounts.listGrants(openDb(c.env.DB), user.id);
  return c.json({ grants: rows.map((g) => ({ project_id: g.projectId, permission: g.permission })) });
});

const grantBody = z.object({ project: z.string(), permission });

async function grantTarget(c: Context<AppEnv>, input: unknown) {
  const body = validate(grantBody, input);
  const user = await userNamed(c);
  const project = await findProject(openDb(c.env.DB), body.project);
  if (!project || project.domainId !== user.domainId) throw disError("DIS.4200", `No project ${body.project} in the user's account.`);
  return { user, project, permission: body.permission };
}

adminRoutes.post("/users/:domain/:user/grants", async (c) => {
  const { user, project, permission: granted } = await grantTarget(c, await readJson(c));
  await accounts.addGrant(openDb(c.env.DB), user.id, project.id, granted);
  forgetGrants(user.id, project.id);
  return c.body(null, 201);
});

adminRoutes.delete("/users/:domain/:user/grants", async (c) => {
  const { user, project, permission: revoked } = await grantTarget(c, queryOf(c));
  await accounts.revokeGrant(openDb(c.env.DB), user.id, project.id, revoked);
  forgetGrants(user.id, project.id);
  return c.body(null, 204);
});
