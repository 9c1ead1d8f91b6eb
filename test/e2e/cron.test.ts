/** The local service runs the cron trigger on its own, at the top of every minute, as a deployment does. */
import { describe, expect, inject, it } from "vitest";

describe("the local cron", () => {
  it("runs without anyone asking, within a minute", { timeout: 100_000 }, async () => {
    const endpoint = inject("disEndpoint");
    const startedAt = Date.now();
    for (;;) {
      const ready = (await (await fetch(`${endpoint}/health/ready`)).json()) as { cron_last_run: string | null };
      if (ready.cron_last_run !== null) {
        // Nothing in the tests fires the cron: this run came on its own, since the service started on fresh state.
        expect(Date.parse(ready.cron_last_run)).toBeGreaterThan(startedAt - 10 * 60_000);
        break;
      }
      expect(Date.now() - startedAt).toBeLessThan(90_000);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  });
});
