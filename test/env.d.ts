import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** The private PostgreSQL server of the DWS tests. */
      TEST_PG_PORT: string;
      TEST_PG_PASSWORD: string;
      /** The query API of the private VictoriaMetrics server of the OpenTSDB tests. */
      TEST_VM_PORT: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}
