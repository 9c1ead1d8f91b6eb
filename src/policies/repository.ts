/** Stream policies in D1, cached per isolate for the data plane. */
import { and, asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { streamPolicies } from "../db/schema";
import { TtlCache } from "../util/ttl-cache";

export type PolicyRow = typeof streamPolicies.$inferSelect;
export type ActionType = PolicyRow["actionType"];

export async function addRules(db: Db, rows: PolicyRow[]): Promise<void> {
  if (rows.length === 0) return;
  const statements: BatchItem<"sqlite">[] = rows.map((row) =>
    db
      .insert(streamPolicies)
      .values(row)
      .onConflictDoUpdate({
        target: [streamPolicies.streamId, streamPolicies.principal, streamPolicies.actionType],
        set: { principalName: row.principalName, effect: row.effect },
      }),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  rulesCache.delete(rows[0]!.streamId);
}

export async function listRules(db: Db, streamId: string): Promise<PolicyRow[]> {
  return db
    .select()
    .from(streamPolicies)
    .where(eq(streamPolicies.streamId, streamId))
    .orderBy(asc(streamPolicies.createdAt), asc(streamPolicies.principal));
}

/** Deletes a stream's rules, or only those of one principal name and/or action. */
export async function deleteRules(db: Db, streamId: string, principalName?: string, actionType?: ActionType): Promise<void> {
  const conditions = [eq(streamPolicies.streamId, streamId)];
  if (principalName !== undefined) conditions.push(eq(streamPolicies.principalName, principalName));
  if (actionType !== undefined) conditions.push(eq(streamPolicies.actionType, actionType));
  await db.delete(streamPolicies).where(and(...conditions));
  rulesCache.delete(streamId);
}

const rulesCache = new TtlCache<PolicyRow[]>(10_000);

export function cachedRules(db: Db, streamId: string): Promise<PolicyRow[]> {
  return rulesCache.getOrLoad(streamId, () => listRules(db, streamId));
}
