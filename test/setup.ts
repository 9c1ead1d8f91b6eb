import { applyD1Migrations, env } from "cloudflare:test";
import { openDb } from "../src/db/client";
import { DEV_IDENTITY, provisionIdentity } from "../src/identity/provision";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await provisionIdentity(openDb(env.DB), DEV_IDENTITY, env.CREDENTIAL_ENCRYPTION_KEY);
