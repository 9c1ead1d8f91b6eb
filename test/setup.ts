import { applyD1Migrations, env } from "cloudflare:test";
import { openDb } from "../src/db/client";
import { DEV_IDENTITIES, provisionIdentity } from "../src/identity/provision";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
for (const identity of DEV_IDENTITIES) await provisionIdentity(openDb(env.DB), identity, env.CREDENTIAL_ENCRYPTION_KEY);
