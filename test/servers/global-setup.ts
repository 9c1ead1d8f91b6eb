/**
 * The worker tests' real destination servers, on the ports the vitest configuration gave the
 * service: PostgreSQL (DWS tasks, `DWS_CLUSTERS`) and VictoriaMetrics with its OpenTSDB HTTP
 * listener (CloudTable OpenTSDB tasks, `CLOUDTABLE_CLUSTERS`), stopped when the tests end.
 */
import { startPostgres } from "./postgres";
import { startVictoriaMetrics } from "./victoria-metrics";

export default async function setup(): Promise<() => Promise<void>> {
  const [postgres, victoria] = await Promise.allSettled([
    startPostgres({
      port: Number(process.env.DIS_TEST_PG_PORT),
      user: "dbadmin",
      password: process.env.DIS_TEST_PG_PASSWORD ?? "",
      database: "dis_test",
    }),
    startVictoriaMetrics({ httpPort: Number(process.env.DIS_TEST_VM_PORT), opentsdbPort: Number(process.env.DIS_TEST_OPENTSDB_PORT) }),
  ]);
  const started = [postgres, victoria].flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const stopAll = async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
  const failed = [postgres, victoria].find((s) => s.status === "rejected");
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  return stopAll;
}
