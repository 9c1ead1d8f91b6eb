/**
 * Signing in with a DIS identity (user, password, domain, project): a project-scoped token from
 * `POST /v3/auth/tokens`, kept in session storage (this tab only, gone when it closes) with its
 * expiry. The password stays in memory only, to renew the token before it expires while the page
 * is open; after a reload the token serves until it expires, then the page asks to sign in again.
 */
import { apiUrl, sendApi } from "../../client/call";

export { renewDelay } from "./format";

export interface Credentials {
  user: string;
  password: string;
  domain: string;
  project: string;
}

export interface Session {
  token: string;
  expiresAt: number;
  projectId: string;
  projectName: string;
  user: string;
  domain: string;
  roles: string[];
}

const KEY = "dis-console-session";
let remembered: Credentials | null = null;

export function loadSession(now = Date.now()): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Session | null;
    return session && session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function clearSession(): void {
  remembered = null;
  sessionStorage.removeItem(KEY);
}

interface TokenAnswer {
  token: { expires_at: string; project: { id: string; name: string }; user: { name: string; domain: { name: string } }; roles: { name: string }[] };
}

export async function signIn(credentials: Credentials): Promise<Session> {
  const url = apiUrl(location.origin, "", "/v3/auth/tokens");
  const body = {
    auth: {
      identity: { methods: ["password"], password: { user: { name: credentials.user, password: credentials.password, domain: { name: credentials.domain } } } },
      scope: { project: { name: credentials.project } },
    },
  };
  const answer = await sendApi<TokenAnswer>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const token = answer.headers.get("x-subject-token");
  if (!token) throw new Error("The service answered without a token.");
  const t = answer.body.token;
  const session: Session = {
    token,
    expiresAt: Date.parse(t.expires_at),
    projectId: t.project.id,
    projectName: t.project.name,
    user: t.user.name,
    domain: t.user.domain.name,
    roles: t.roles.map((r) => r.name),
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  remembered = credentials;
  return session;
}

/** A fresh token for the signed-in user, or null when the password is not at hand (the page was reloaded). */
export async function renew(): Promise<Session | null> {
  return remembered ? signIn(remembered) : null;
}
