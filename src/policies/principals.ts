/**
 * Principals of stream policies (reference §5.1.7): `domainName` or `domainName.*` (every user
 * of that account) or `domainName.userName`, several separated by commas.
 */

export interface PrincipalRef {
  domain: string;
  /** Undefined for every user of the account. */
  user?: string;
}

const NAME = /^[A-Za-z0-9_\-]{1,64}$/;

/** The principals named, or null when any part is malformed. Duplicates are dropped. */
export function parsePrincipalNames(text: string): PrincipalRef[] | null {
  const refs = new Map<string, PrincipalRef>();
  for (const part of text.split(",")) {
    const item = part.trim();
    const dot = item.indexOf(".");
    const domain = dot < 0 ? item : item.slice(0, dot);
    const user = dot < 0 ? "*" : item.slice(dot + 1);
    if (!NAME.test(domain) || (user !== "*" && !NAME.test(user))) return null;
    const ref: PrincipalRef = user === "*" ? { domain } : { domain, user };
    refs.set(`${domain}.${user}`, ref);
  }
  return refs.size > 0 ? [...refs.values()] : null;
}

export function principalName(ref: PrincipalRef): string {
  return `${ref.domain}.${ref.user ?? "*"}`;
}

/** The principal ids a caller matches: its whole account, or itself. */
export function principalsOf(domainId: string, userId: string): [string, string] {
  return [`${domainId}.*`, `${domainId}.${userId}`];
}
