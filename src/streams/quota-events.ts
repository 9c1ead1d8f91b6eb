/** The partition quota event a change brings (README "Events"): QUOTA_ABOVE_80_PERCENT or QUOTA_REACHED. */
import type { Env } from "../env";
import { quotaEvent, type EventInput } from "../events/record";
import { quotaOf } from "./service";

/** After a change added `added` ACTIVE partitions of the stream's type, `used` now in all. */
export function partitionQuotaEvent(env: Env, stream: { projectId: string; streamType: "COMMON" | "ADVANCED" }, used: number, added: number): EventInput[] {
  const name = stream.streamType === "COMMON" ? "common_partitions" : "advanced_partitions";
  const event = quotaEvent(stream.projectId, name, used, quotaOf(env, stream.streamType), added);
  return event ? [event] : [];
}
