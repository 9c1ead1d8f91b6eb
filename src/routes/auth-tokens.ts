/** `POST /v3/auth/tokens`: IAM-compatible password authentication, project-scoped tokens. */
import { Hono } from "hono";
import { z } from "zod";
import { verifyPassword } from "../auth/secrets";
import { issueToken, TOKEN_LIFETIME_MS } from "../auth/token";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { findGrants, findProjectByIdOrName, findUser } from "../identity/directory";

const ref = z.union([z.object({ id: z.string().min(1) }), z.object({ name: z.string().min(1) })]);

export const tokenRequest = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).refine((m) => m.includes("password"), "must include \"password\""),
      password: z.object({
        user: z.object({ name: z.string().min(1), password: z.string(), domain: ref }),
      }),
    }),
    scope: z.object({ project: ref }, { error: "a project scope is required" }),
  }),
});

export const authTokenRoutes = new Hono<AppEnv>();

authTokenRoutes.post("/", async (c) => {
  const body = validate(tokenRequest, await readJson(c));
  const { user: login } = body.auth.identity.password;
  const db = openDb(c.env.DB);

  const user = await findUser(db, login.domain, login.name);
  if (!user || !(await verifyPassword(login.password, user.passwordHash))) throw disError("DIS.4110");

  const project = await findProjectByIdOrName(db, body.auth.scope.project);
  if (!project || project.domainId !== user.domainId) {
    throw disError("DIS.4117", "The scope names no project of the user's account.");
  }

  const issuedAt = Date.now();
  const expiresAt = issuedAt + TOKEN_LIFETIME_MS;
  const token = await issueToken({ userId: user.id, domainId: user.domainId, projectId: project.id, issuedAt, expiresAt }, c.env.AUTH_SECRET);
  const domain = { id: user.domainId, name: user.domainName };
  const roles = (await findGrants(db, user.id, project.id)).map((name) => ({ id: name, name }));
  c.header("X-Subject-Token", token);
  return c.json(
    {
      token: {
        expires_at: new Date(expiresAt).toISOString(),
        issued_at: new Date(issuedAt).toISOString(),
        methods: ["password"],
        project: { id: project.id, name: project.name, domain },
        user: { id: user.id, name: user.name, domain },
        catalog: [],
        roles,
      },
    },
    201,
  );
});
