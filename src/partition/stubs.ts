import type { Env } from "../env";

/** The partition log object of partition `index` of stream incarnation `streamId`. */
export function partitionStub(env: Env, streamId: string, index: number) {
  return env.PARTITIONS.get(env.PARTITIONS.idFromName(`${streamId}/${index}`));
}
