/**
 * Fine-grained permissions (reference §6, table 6-1): every operation has an action such as
 * `dis:streams:create`; a user holds system roles and action patterns per project.
 */

/** What each system role allows, as action patterns (`*` matches one whole segment). */
export const SYSTEM_ROLES: Record<string, readonly string[]> = {
  /** Everything DIS offers. */
  "DIS FullAccess": ["dis:*:*"],
  /** Look, never change or read data: every `get` and `list` action. */
  "DIS ReadOnlyAccess": ["dis:*:get", "dis:*:list"],
  /** Produce and consume data on existing streams; no stream, task or policy management. */
  "DIS CommonOperations": ["dis:*:get", "dis:*:list", "dis:records:*", "dis:checkpoints:*", "dis:apps:*"],
  /** The classic DIS user role: everything DIS offers within the project. */
  "DIS User": ["dis:*:*"],
};

function matches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase().split(":");
  const a = action.toLowerCase().split(":");
  return p.length === a.length && p.every((segment, i) => segment === "*" || segment === a[i]);
}

/** Expands role names to their patterns; anything else is taken as an action pattern. */
export function patternsOf(permissions: readonly string[]): string[] {
  return permissions.flatMap((p) => (Object.hasOwn(SYSTEM_ROLES, p) ? SYSTEM_ROLES[p]! : [p]));
}

export function isAllowed(permissions: readonly string[], action: string): boolean {
  return patternsOf(permissions).some((pattern) => matches(pattern, action));
}
