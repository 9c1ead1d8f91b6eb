/**
 * Who is who, read from D1 and cached per isolate for a short while, so that a steady stream
 * of signed requests does not query D1. Revocations take effect within the cache lifetime.
 */
import { and, eq } from "drizzle-orm";
import { decryptSecretKey } from "../auth/secrets";
import type { Db } from "../db/client";
import { accessKeys, domains, grants, projects, users } from "../db/schema";
import { TtlCache } from "../util/ttl-cache";

const CACHE_TTL_MS = 60_000;

export interface AccessKeyOwner {
  accessKey: string;
  secretKey: string;
  userId: string;
  domainId: string;
}

export interface ProjectRecord {
  id: string;
  name: string;
  domainId: string;
}

export interface UserRecord {
  id: string;
  name: string;
  domainId: string;
  domainName: string;
  passwordHash: string;
}

const accessKeyCache = new TtlCache<AccessKeyOwner | null>(CACHE_TTL_MS);
const projectCache = new TtlCache<ProjectRecord | null>(CACHE_TTL_MS);
const grantCache = new TtlCache<string[]>(CACHE_TTL_MS);

/** The active access key with its decrypted secret, or null. */
export function findAccessKey(db: Db, accessKey: string, encryptionSecret: string): Promise<AccessKeyOwner | null> {
  return accessKeyCache.getOrLoad(accessKey, async () => {
    const [row] = await db
      .select({
        secretKeyEncrypted: accessKeys.secretKeyEncrypted,
        status: accessKeys.status,
        userId: users.id,
        domainId: users.domainId,
      })
      .from(accessKeys)
      .innerJoin(users, eq(users.id, accessKeys.userId))
      .where(eq(accessKeys.accessKey, accessKey));
    if (!row || row.status !== "active") return null;
    const secretKey = await decryptSecretKey(row.secretKeyEncrypted, encryptionSecret);
    if (secretKey === null) return null;
    return { accessKey, secretKey, userId: row.userId, domainId: row.domainId };
  });
}

export function findProject(db: Db, projectId: string): Promise<ProjectRecord | null> {
  return projectCache.getOrLoad(projectId, async () => {
    const [row] = await db.select().from(projects).where(eq(projects.id, projectId));
    return row ? { id: row.id, name: row.name, domainId: row.domainId } : null;
  });
}

/** A project by id or by name, for token scopes (not cached: tokens are issued rarely). */
export async function findProjectByIdOrName(db: Db, ref: { id?: string; name?: string }): Promise<ProjectRecord | null> {
  const where = ref.id !== undefined ? eq(projects.id, ref.id) : eq(projects.name, ref.name ?? "");
  const [row] = await db.select().from(projects).where(where);
  return row ? { id: row.id, name: row.name, domainId: row.domainId } : null;
}

/** The permissions (role names and action patterns) a user holds on a project. */
export function findGrants(db: Db, userId: string, projectId: string): Promise<string[]> {
  return grantCache.getOrLoad(`${userId}\u0000${projectId}`, async () => {
    const rows = await db
      .select({ permission: grants.permission })
      .from(grants)
      .where(and(eq(grants.userId, userId), eq(grants.projectId, projectId)));
    return rows.map((r) => r.permission);
  });
}

/** A user by domain (name or id) and user name, for password authentication. */
export async function findUser(db: Db, domain: { id?: string; name?: string }, userName: string): Promise<UserRecord | null> {
  const domainMatch = domain.id !== undefined ? eq(domains.id, domain.id) : eq(domains.name, domain.name ?? "");
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      domainId: domains.id,
      domainName: domains.name,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .innerJoin(domains, eq(domains.id, users.domainId))
    .where(and(domainMatch, eq(users.name, userName)));
  return row ?? null;
}

/** A domain (account) by name, for stream policies naming principals. */
export async function findDomainByName(db: Db, name: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: domains.id, name: domains.name }).from(domains).where(eq(domains.name, name));
  return row ?? null;
}

/** Forgets what this isolate cached of an access key or a user's grants (after an operator changed them). */
export function forgetAccessKey(accessKey: string): void {
  accessKeyCache.delete(accessKey);
}

export function forgetGrants(userId: string, projectId: string): void {
  grantCache.delete(`${userId}\u0000${projectId}`);
}

/** The projects of a domain (an MQTT device signing with an access key names none when its account has one). */
export async function findProjectsOfDomain(db: Db, domainId: string): Promise<ProjectRecord[]> {
  const rows = await db.select().from(projects).where(eq(projects.domainId, domainId));
  return rows.map((row) => ({ id: row.id, name: row.name, domainId: row.domainId }));
}
