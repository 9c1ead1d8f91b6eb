/** The HTTP surface: every route, one error renderer, DIS-style 404s. */
import { Hono } from "hono";
import { authenticate } from "./auth/authenticate";
import { authorize } from "./auth/authorize";
import { lockout } from "./auth/lockout";
import { DisError, disError, errorResponse } from "./errors/dis-error";
import type { AppEnv } from "./http/context";
import { corsPolicy } from "./http/cors";
import { requestLog } from "./http/request-log";
import { refusedMethod } from "./http/methods";
import { healthRoutes } from "./routes/health";
import { openApiDocument } from "./openapi/document";
import { adminRoutes } from "./routes/admin";
import { appRoutes } from "./routes/apps";
import { authTokenRoutes } from "./routes/auth-tokens";
import { checkpointRoutes } from "./routes/checkpoints";
import { consoleRoutes } from "./routes/console";
import { quotaRoutes, statisticsRoutes } from "./routes/project";
import { eventRoutes, subscriptionRoutes } from "./routes/events";
import { consumerRoutes } from "./routes/consumers";
import { cursorRoutes } from "./routes/cursors";
import { recordRoutes } from "./routes/records";
import { subscribeRoutes } from "./routes/subscribe";
import { answersAsSubscription, refusedSubscription } from "./push/refusal";
import { handleUpdateStream, streamRoutes } from "./routes/streams";
import { tagRoutes } from "./routes/tags";
import { transferTaskRoutes } from "./routes/transfer-tasks";

/** `/v2/{project_id}/…`: the DIS API proper. */
const v2 = new Hono<AppEnv>({ strict: false });
v2.use("*", authenticate);
v2.route("/streams", streamRoutes);
v2.route("/records/subscribe", subscribeRoutes);
v2.route("/records", recordRoutes);
v2.route("/cursors", cursorRoutes);
v2.route("/apps/:app_name/consumers", consumerRoutes);
v2.route("/apps", appRoutes);
v2.route("/checkpoints", checkpointRoutes);
// The old Python DIS SDK creates and describes transfer tasks under the singular `/stream/`.
v2.route("/stream/:stream_name/transfer-tasks", transferTaskRoutes);
v2.route("/stream", tagRoutes);
v2.route("/quotas", quotaRoutes);

/** `/v1/{project_id}/…`: the project's statistics, events and event subscriptions. */
const v1 = new Hono<AppEnv>({ strict: false });
v1.use("*", authenticate);
v1.route("/statistics", statisticsRoutes);
v1.route("/events", eventRoutes);
v1.route("/event-subs", subscriptionRoutes);

/** `/v3/{project_id}/…`: update stream. */
const v3 = new Hono<AppEnv>({ strict: false });
v3.use("*", authenticate);
v3.put("/streams/:stream_name", authorize("dis:streams:update"), handleUpdateStream);

export const app = new Hono<AppEnv>({ strict: false });

app.use("*", requestLog);
app.use("*", corsPolicy);
app.use("*", async (c, next) => {
  c.set("receivedAt", Date.now());
  await next();
  // An answer without a body leaves with `Content-Length: 0`, never compressed: the runtime (and
  // Cloudflare's front line) would otherwise gzip it into a chunked body, which the Java DIS SDK
  // does not take for empty. `identity` tells both that the body is as it is.
  if (c.res.body === null && c.res.status !== 101 && !c.res.headers.has("content-encoding")) {
    const headers = new Headers(c.res.headers);
    headers.set("content-encoding", "identity");
    c.res = new Response(null, { status: c.res.status, statusText: c.res.statusText, headers });
  }
});
// A known path asked with a method it does not take: 405 with the methods it does, before authentication.
app.use("*", async (c, next) => {
  const allowed = refusedMethod(app.routes, c.req.path, c.req.method);
  if (allowed === null) return next();
  const error = disError("DIS.4050", `${c.req.method} ${c.req.path} takes ${allowed.join(", ")}.`);
  c.set("failure", error);
  const response = errorResponse(error);
  response.headers.set("Allow", allowed.join(", "));
  return response;
});
app.route("/health", healthRoutes);
app.route("/console", consoleRoutes);
let description: Record<string, unknown> | undefined;
app.get("/openapi.json", (c) => c.json((description ??= openApiDocument())));
app.use("/v1/*", lockout);
app.use("/v2/*", lockout);
app.use("/v3/*", lockout);

app.route("/v3/auth/tokens", authTokenRoutes);
app.route("/admin/v1", adminRoutes);
app.route("/v1/:project_id", v1);
app.route("/v2/:project_id", v2);
app.route("/v3/:project_id", v3);

app.notFound((c) => {
  const error = disError("DIS.4040", "No such operation.");
  c.set("failure", error);
  return errorResponse(error);
});

app.onError((error, c) => {
  const failure = error instanceof DisError ? error : disError("DIS.5000");
  c.set("failure", failure);
  if (!(error instanceof DisError)) c.set("unexpected", error);
  // A refused subscription ends its socket with the error (push/refusal.ts).
  return answersAsSubscription(c.req.raw) ? refusedSubscription(c.req.raw, failure) : errorResponse(failure);
});
