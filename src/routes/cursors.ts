/** Get cursor (reference §5.4.3): where in a partition a reader starts. */
import { Hono } from "hono";
import { authorize } from "../auth/authorize";
import { disError, unwrap } from "../errors/dis-error";
import type { AppEnv } from "../http/context";
import type { CursorType } from "../partition/log-contract";
import { partitionStub } from "../partition/stubs";
import { encodeCursor } from "../records/cursor";
import { streamForCaller } from "../policies/access";
import { withPartition } from "../records/stream-routing";
import { GET_CURSOR_CODES, getCursorQuery, parseCount } from "../records/validation";
import { queryOf, validateWithCodes } from "../http/body";
import { parsePartitionId, partitionId } from "../streams/partitions";

export const cursorRoutes = new Hono<AppEnv>();

cursorRoutes.get("/", authorize("dis:records:readCursor"), async (c) => {
  const q = validateWithCodes(getCursorQuery, queryOf(c), GET_CURSOR_CODES);
  const streamName = q["stream-name"] || undefined;
  const streamId = q["stream-id"] || undefined;
  if (!streamName && !streamId) throw disError("DIS.4200", "stream-name (or stream-id) is required.");
  const type: CursorType = q["cursor-type"] || "AT_SEQUENCE_NUMBER";
  const index = parsePartitionId(q["partition-id"]);
  if (index === null) throw disError("DIS.4201", `partition-id ${q["partition-id"]}: shardId-0000000000 or 0 expected.`);

  let sequence: number | undefined;
  if (type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") {
    const text = q["starting-sequence-number"];
    if (!text) throw disError("DIS.4216", `starting-sequence-number: a decimal sequence number is required for ${type}.`);
    const parsed = parseCount(text);
    if (parsed === null) throw disError("DIS.4224", text);
    sequence = parsed;
  }
  let timestamp: number | undefined;
  if (type === "AT_TIMESTAMP") {
    const parsed = parseCount(q.timestamp || undefined);
    if (parsed === null) throw disError("DIS.4200", "timestamp (epoch milliseconds) is required for AT_TIMESTAMP.");
    timestamp = parsed;
  }

  const caller = c.get("caller");
  const reached = await streamForCaller(c.env, caller, streamName, streamId, "getRecords");
  const stream = await withPartition(c.env, reached.stream, index);
  const granted = reached.granted;
  if (!stream.statuses.has(index)) throw disError("DIS.4302", partitionId(index));
  if (stream.statuses.get(index) === "EXPIRED") throw disError("DIS.4319", partitionId(index));

  const position = unwrap(await partitionStub(c.env, stream.id, index).position(type, sequence, timestamp));
  const cursor = await encodeCursor(
    { projectId: caller.projectId, granted, streamId: stream.id, partitionIndex: index, sequence: position, issuedAt: Date.now() },
    c.env.AUTH_SECRET,
  );
  return c.json({ partition_cursor: cursor });
});
