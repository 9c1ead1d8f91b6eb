/** How many apps a project may hold (DIS.4329 beyond). */
import type { Env } from "../env";
import { envNumber } from "../util/env-number";

export function appQuota(env: Env): number {
  return envNumber(env.APP_QUOTA, 100);
}
