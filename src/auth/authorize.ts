import type { MiddlewareHandler } from "hono";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import type { AppEnv } from "../http/context";
import { findGrants } from "../identity/directory";
import { isAllowed } from "./permissions";

/** Lets the request through only when the caller holds `action` on the path's project (else 403 DIS.4116). */
export function authorize(action: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = c.get("caller");
    const permissions = await findGrants(openDb(c.env.DB), caller.userId, caller.projectId);
    if (!isAllowed(permissions, action)) throw disError("DIS.4116", `The caller may not ${action}.`);
    await next();
  };
}
