/** Operators' changes to accounts: domains, projects, users, access keys and grants in D1. */
import { and, asc, eq } from "drizzle-orm";
import { encryptSecretKey, hashPassword } from "../auth/secrets";
import type { Db } from "../db/client";
import { accessKeys, domains, grants, projects, users } from "../db/schema";
import { HEX, randomId, UPPER_ALPHANUMERIC } from "../util/ids";

const randomHex = (bytes: number) => randomId(bytes * 2, HEX);

export async function listDomains(db: Db) {
  return db.select().from(domains).orderBy(asc(domains.name));
}

export async function createDomain(db: Db, name: string) {
  const row = { id: randomHex(16), name, createdAt: Date.now() };
  await db.insert(domains).values(row);
  return row;
}

export async function listProjects(db: Db, domainId?: string) {
  const query = db.select().from(projects);
  return (domainId === undefined ? query : query.where(eq(projects.domainId, domainId))).orderBy(asc(projects.name));
}

export async function createProject(db: Db, domainId: string, name: string, id?: string) {
  const row = { id: id ?? randomHex(16), name, domainId, createdAt: Date.now() };
  await db.insert(projects).values(row);
  return row;
}

export async function listUsers(db: Db, domainId?: string) {
  const query = db.select({ id: users.id, name: users.name, domainId: users.domainId, createdAt: users.createdAt }).from(users);
  return (domainId === undefined ? query : query.where(eq(users.domainId, domainId))).orderBy(asc(users.name));
}

export async function createUser(db: Db, domainId: string, name: string, password: string) {
  const row = { id: randomHex(16), domainId, name, passwordHash: await hashPassword(password), createdAt: Date.now() };
  await db.insert(users).values(row);
  return { id: row.id, name, domainId };
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
}

/** Creates an access key; the secret key is returned here and nowhere else. */
export async function createAccessKey(db: Db, userId: string, encryptionSecret: string) {
  const accessKey = randomId(20, UPPER_ALPHANUMERIC);
  const secretKey = randomId(40);
  await db.insert(accessKeys).values({
    accessKey,
    userId,
    secretKeyEncrypted: await encryptSecretKey(secretKey, encryptionSecret),
    status: "active",
    createdAt: Date.now(),
  });
  return { accessKey, secretKey };
}

export async function listAccessKeys(db: Db, userId: string) {
  return db
    .select({ accessKey: accessKeys.accessKey, status: accessKeys.status, createdAt: accessKeys.createdAt })
    .from(accessKeys)
    .where(eq(accessKeys.userId, userId))
    .orderBy(asc(accessKeys.createdAt));
}

/** Revokes a key; false when there is no such key. */
export async function revokeAccessKey(db: Db, accessKey: string): Promise<boolean> {
  const result = await db.update(accessKeys).set({ status: "revoked" }).where(eq(accessKeys.accessKey, accessKey)).returning();
  return result.length > 0;
}

export async function listGrants(db: Db, userId: string) {
  return db.select({ projectId: grants.projectId, permission: grants.permission }).from(grants).where(eq(grants.userId, userId));
}

export async function addGrant(db: Db, userId: string, projectId: string, permission: string): Promise<void> {
  await db.insert(grants).values({ userId, projectId, permission }).onConflictDoNothing();
}

export async function revokeGrant(db: Db, userId: string, projectId: string, permission: string): Promise<void> {
  await db.delete(grants).where(and(eq(grants.userId, userId), eq(grants.projectId, projectId), eq(grants.permission, permission)));
}
