/** Where a cursor starts reading in a partition (get cursor, §5.4.3): pure rules over the retained range. */
import type { Outcome } from "../errors/dis-error";

export type CursorType = "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";

/** The retained range: records `earliest` to `next - 1`; `next` is the sequence number the next record gets. */
export interface Range {
  earliest: number;
  next: number;
}

export interface PositionRequest {
  type: CursorType;
  sequence?: number;
  timestamp?: number;
}

/**
 * The sequence number where reading starts. A sequence number given must lie in [earliest, next]
 * (reading at `next` waits for the next record), else DIS.4224. AT_TIMESTAMP asks `atTimestamp`
 * for the first record at or after the time (`next` when none).
 */
export function startPosition(request: PositionRequest, range: Range, atTimestamp: (timestamp: number) => number): Outcome<number> {
  const inRange = (s: number) => s >= range.earliest && s <= range.next;
  const outOfRange = (s: number): Outcome<number> => ({ ok: false, code: "DIS.4224", detail: `${s} is outside [${range.earliest} : ${range.next}].` });
  switch (request.type) {
    case "TRIM_HORIZON":
      return { ok: true, value: range.earliest };
    case "LATEST":
      return { ok: true, value: range.next };
    case "AT_TIMESTAMP":
      return { ok: true, value: atTimestamp(request.timestamp ?? 0) };
    case "AT_SEQUENCE_NUMBER": {
      const s = request.sequence ?? -1;
      return inRange(s) ? { ok: true, value: s } : outOfRange(s);
    }
    case "AFTER_SEQUENCE_NUMBER": {
      const s = request.sequence ?? -1;
      return inRange(s + 1) ? { ok: true, value: s + 1 } : outOfRange(s);
    }
  }
}

/** Whether a checkpoint may be committed at `sequence`: within [earliest, next], else DIS.4224. */
export function checkpointPosition(sequence: number, range: Range): Outcome<number> {
  return sequence >= range.earliest && sequence <= range.next
    ? { ok: true, value: sequence }
    : { ok: false, code: "DIS.4224", detail: `${sequence} is outside [${range.earliest} : ${range.next}].` };
}
