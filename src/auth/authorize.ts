import type { MiddlewareHandler } from "hono";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import type { Env } from "../env";
import type { AppEnv, Caller } from "../http/context";
import { findGrants } from "../identity/directory";
import { isAllowed } from "./permissions";

/** Whether the caller holds `action` on its project. */
export async function callerMay(env: Env, caller: Caller, action: string): Promise<boolean> {
  return isAllowed(await findGrants(openDb(env.DB), caller.userId, caller.projectId), action);
}

/** Lets the request through only when the caller holds `action` on the path's project (else 403 DIS.4116). */
export function authorize(action: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!(await callerMay(c.env, c.get("caller"), action))) throw disError("DIS.4116", `The caller may not ${action}.`);
    await next();
  };
}
