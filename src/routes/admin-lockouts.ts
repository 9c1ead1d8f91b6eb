/** The operators' view of lockouts (`/admin/v1/lockouts`): which client addresses are locked out, and lifting a lock. */
import { Hono } from "hono";
import { clearLockout, listLockouts } from "../auth/lockout";
import type { AppEnv } from "../http/context";

export const adminLockoutRoutes = new Hono<AppEnv>();

adminLockoutRoutes.get("/", async (c) => c.json({ lockouts: await listLockouts(c.env) }));

adminLockoutRoutes.delete("/:address", async (c) => {
  const address = c.req.param("address");
  return c.json({ address, cleared: await clearLockout(c.env, address) });
});
