/** Stream policies (reference §5.1.7–5.1.8): which other accounts may put or get a stream's records. */
import { recordEvent } from "../events/record";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { authorize } from "../auth/authorize";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { queryOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { findDomainByName, findUser } from "../identity/directory";
import { parsePrincipalNames, principalName } from "../policies/principals";
import { addRules, deleteRules, listRules, type PolicyRow } from "../policies/repository";
import { requireStream, type StreamRow } from "../streams/repository";

const actionType = z.enum(["putRecords", "getRecords"]);

export const addPolicyBody = z.object({
  stream_id: z.string().min(1),
  principal_name: z.string().min(1),
  action_type: actionType,
  effect: z.enum(["accept"]),
});

export const deletePolicyQuery = z.object({
  principal_name: z.string().min(1).optional(),
  action_type: actionType.optional(),
});

export const policyRoutes = new Hono<AppEnv>();

function ownStream(c: Context<AppEnv>): Promise<StreamRow> {
  return requireStream(openDb(c.env.DB), c.get("caller").projectId, c.req.param("stream_name") ?? "");
}

policyRoutes.post("/", authorize("dis:streamPolicies:create"), async (c) => {
  const body = validate(addPolicyBody, await readJson(c));
  const stream = await ownStream(c);
  if (body.stream_id !== stream.id) throw disError("DIS.4200", "stream_id is not the id of the stream in the path.");
  const refs = parsePrincipalNames(body.principal_name);
  if (!refs) throw disError("DIS.4200", "principal_name: comma-separated domainName.* or domainName.userName.");

  const db = openDb(c.env.DB);
  const now = Date.now();
  const rows: PolicyRow[] = [];
  for (const ref of refs) {
    const domain = await findDomainByName(db, ref.domain);
    if (!domain) throw disError("DIS.4200", `principal_name: no account ${ref.domain}.`);
    let principal = `${domain.id}.*`;
    if (ref.user !== undefined) {
      const user = await findUser(db, { id: domain.id }, ref.user);
      if (!user) throw disError("DIS.4200", `principal_name: no user ${ref.user} in ${ref.domain}.`);
      principal = `${domain.id}.${user.id}`;
    }
    rows.push({ streamId: stream.id, principal, principalName: principalName(ref), actionType: body.action_type, effect: body.effect, createdAt: now });
  }
  await addRules(db, rows);
  await recordEvent(c.env, {
    projectId: stream.projectId,
    type: "STREAM_POLICY_CHANGED",
    resourceId: stream.id,
    resourceName: stream.name,
    detail: { action: "added", principal_names: rows.map((r) => r.principalName), action_type: body.action_type },
  });
  return c.body(null, 201);
});

policyRoutes.get("/", authorize("dis:streamPolicies:list"), async (c) => {
  const stream = await ownStream(c);
  const rules = await listRules(openDb(c.env.DB), stream.id);
  return c.json({
    stream_id: stream.id,
    rules: rules.map((r) => ({ principal: r.principal, principal_name: r.principalName, action_type: r.actionType, effect: r.effect })),
  });
});

policyRoutes.delete("/", authorize("dis:streamPolicies:delete"), async (c) => {
  const query = validate(deletePolicyQuery, queryOf(c));
  const stream = await ownStream(c);
  let name = query.principal_name;
  if (name !== undefined) {
    const refs = parsePrincipalNames(name);
    if (!refs || refs.length !== 1) throw disError("DIS.4200", "principal_name: one domainName.* or domainName.userName.");
    name = principalName(refs[0]!);
  }
  await deleteRules(openDb(c.env.DB), stream.id, name, query.action_type);
  await recordEvent(c.env, {
    projectId: stream.projectId,
    type: "STREAM_POLICY_CHANGED",
    resourceId: stream.id,
    resourceName: stream.name,
    detail: { action: "deleted", principal_name: name ?? null, action_type: query.action_type ?? null },
  });
  return c.body(null, 204);
});
