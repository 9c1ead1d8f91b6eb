/** Runs `work` for each item, one after another; one failure is logged and does not stop the rest. Returns how many succeeded. */
export async function eachSettled<T>(items: readonly T[], what: string, work: (item: T) => Promise<unknown>): Promise<number> {
  let done = 0;
  for (const item of items) {
    try {
      await work(item);
      done++;
    } catch (error) {
      console.error(`${what} failed; the next run retries it`, error);
    }
  }
  return done;
}
