/**
 * One call of the DIS API, for any JavaScript runtime (Node, browsers): the URL of a path under a
 * project, JSON in and out, a refusal thrown with its `DIS.xxxx` code. The command line's client
 * (api.ts) and the web console both call the API through it.
 */

/** The service refused the call: its HTTP status and DIS error. */
export class DisRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined>;
export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** `path` under `/v2/{project_id}` unless it starts with `/v3/` or another version (whose `{project_id}` is filled in). */
export function apiUrl(endpoint: string, projectId: string, path: string, query: Query = {}): URL {
  const full = /^\/v\d\//.test(path) ? path.replace("{project_id}", projectId) : `/v2/${projectId}${path}`;
  const url = new URL(full, endpoint);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

/** Sends a request; its JSON answer (null when it has none), or the thrown refusal. */
export async function callApi<T = any>(url: URL, init: RequestInit): Promise<T> {
  return (await sendApi<T>(url, init)).body;
}

/** Sends a request; its JSON answer and headers (a token's answer carries it in `X-Subject-Token`), or the thrown refusal. */
export async function sendApi<T = any>(url: URL, init: RequestInit): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(url, init).catch((error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`Cannot reach ${url.origin}: ${cause}`);
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const code = json?.error_code ?? `HTTP ${response.status}`;
    throw new DisRefusal(response.status, code, json?.error_msg ?? (text || response.statusText));
  }
  return { body: json as T, headers: response.headers };
}
