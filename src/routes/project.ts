/** The project at a glance (README "Quotas and overview"): its quotas (`/v2/…/quotas`) and its statistics (`/v1/…/statistics`). */
import { Hono } from "hono";
import { authorize } from "../auth/authorize";
import { openDb } from "../db/client";
import type { AppEnv } from "../http/context";
import { quotaReport, statistics } from "../project/usage";

export const quotaRoutes = new Hono<AppEnv>();
quotaRoutes.get("/", authorize("dis:quotas:get"), async (c) => c.json(await quotaReport(c.env, openDb(c.env.DB), c.get("caller").projectId)));

export const statisticsRoutes = new Hono<AppEnv>();
statisticsRoutes.get("/", authorize("dis:statistics:get"), async (c) => c.json(await statistics(c.env, openDb(c.env.DB), c.get("caller").projectId)));
