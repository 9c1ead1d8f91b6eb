/**
 * Creates or refreshes an identity: domain, project, user, access key and grants.
 * Used by the local development seed, the tests, and operators' tooling. Idempotent:
 * running it again re-encrypts the secret key and re-hashes the password.
 */
import { sql } from "drizzle-orm";
import { hashPassword, encryptSecretKey } from "../auth/secrets";
import type { Db } from "../db/client";
import { accessKeys, domains, grants, projects, users } from "../db/schema";

export interface IdentitySpec {
  domain: string;
  user: string;
  password: string;
  project: string;
  accessKey: string;
  secretKey: string;
  /** System role names or action patterns granted on the project. */
  permissions: string[];
}

export async function provisionIdentity(db: Db, spec: IdentitySpec, encryptionSecret: string): Promise<void> {
  const now = Date.now();
  const domainId = `${spec.domain}-id`;
  const userId = `${spec.domain}.${spec.user}`;
  const passwordHash = await hashPassword(spec.password);
  const secretKeyEncrypted = await encryptSecretKey(spec.secretKey, encryptionSecret);
  await db.batch([
    db.insert(domains).values({ id: domainId, name: spec.domain, createdAt: now }).onConflictDoNothing(),
    db
      .insert(projects)
      .values({ id: spec.project, name: spec.project, domainId, createdAt: now })
      .onConflictDoNothing(),
    db
      .insert(users)
      .values({ id: userId, domainId, name: spec.user, passwordHash, createdAt: now })
      .onConflictDoUpdate({ target: users.id, set: { passwordHash } }),
    db
      .insert(accessKeys)
      .values({ accessKey: spec.accessKey, userId, secretKeyEncrypted, status: "active", createdAt: now })
      .onConflictDoUpdate({
        target: accessKeys.accessKey,
        set: { userId, secretKeyEncrypted, status: sql`'active'` },
      }),
    ...spec.permissions.map((permission) =>
      db.insert(grants).values({ userId, projectId: spec.project, permission }).onConflictDoNothing(),
    ),
  ]);
}

/** The local development identity that `npm start` seeds (README "Quick start"). */
export const DEV_IDENTITY: IdentitySpec = {
  domain: "devdomain",
  user: "devuser",
  password: "devpassword",
  project: "devproject",
  accessKey: "DEVAK000000000000001",
  secretKey: "devsk0000000000000000000000000000000001",
  permissions: ["DIS FullAccess"],
};

/** A read-only user beside devuser in the same account and project. */
export const DEV_READER: IdentitySpec = {
  domain: "devdomain",
  user: "devreader",
  password: "devreaderpassword",
  project: "devproject",
  accessKey: "DEVAK000000000000003",
  secretKey: "devsk0000000000000000000000000000000003",
  permissions: ["DIS ReadOnlyAccess"],
};

/** A user of a second account, with full access to its own project only. */
export const DEV_OTHER_ACCOUNT: IdentitySpec = {
  domain: "devdomain2",
  user: "devuser2",
  password: "devpassword2",
  project: "devproject2",
  accessKey: "DEVAK000000000000002",
  secretKey: "devsk0000000000000000000000000000000002",
  permissions: ["DIS FullAccess"],
};

/** Every identity the local service seeds. */
export const DEV_IDENTITIES: readonly IdentitySpec[] = [DEV_IDENTITY, DEV_READER, DEV_OTHER_ACCOUNT];
