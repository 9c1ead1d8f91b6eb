/**
 * Creates or refreshes an identity: domain, project, user, access key and grants.
 * Used by the local development seed, the tests, and operators' tooling. Idempotent:
 * running it again re-encrypts the secret key and re-hashes the password.
 */
import { sql } from "drizzle-orm";
import { hashPassword, encryptSecretKey } from "../auth/secrets";
import type { Db } from "../db/client";
import { accessKeys, domains, grants, projects, users } from "../db/schema";
import type { IdentitySpec } from "./dev-identities";

export { DEV_IDENTITIES, DEV_IDENTITY, DEV_OTHER_ACCOUNT, DEV_READER, type IdentitySpec } from "./dev-identities";


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
