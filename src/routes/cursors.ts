/** Get cursor (reference §5.4.3): where in a partition a reader starts. */
import { Hono } from "hono";
import { authorize } from "../auth/authorize";
import { unwrap } from "../errors/dis-error";
import type { AppEnv } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { encodeCursor } from "../records/cursor";
import { cursorRequestOf, reachPartition } from "../records/cursor-request";
import { GET_CURSOR_CODES, getCursorQuery } from "../records/validation";
import { queryOf, validateWithCodes } from "../http/body";

export const cursorRoutes = new Hono<AppEnv>();

cursorRoutes.get("/", authorize("dis:records:readCursor"), async (c) => {
  const request = cursorRequestOf(validateWithCodes(getCursorQuery, queryOf(c), GET_CURSOR_CODES), "AT_SEQUENCE_NUMBER");
  const caller = c.get("caller");
  const { stream, granted } = await reachPartition(c.env, caller, request);
  const index = request.partitionIndex;
  const position = unwrap(await partitionStub(c.env, stream.id, index).position(request.type, request.sequence, request.timestamp));
  const cursor = await encodeCursor(
    { projectId: caller.projectId, granted, streamId: stream.id, partitionIndex: index, sequence: position, issuedAt: Date.now() },
    c.env.AUTH_SECRET,
  );
  return c.json({ partition_cursor: cursor });
});
