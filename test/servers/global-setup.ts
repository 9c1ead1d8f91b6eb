/**
 * The worker tests' real destination servers: PostgreSQL (DWS tasks), on the port the vitest
 * configuration gave the service (`DWS_CLUSTERS`), stopped when the tests end.
 */
import { startPostgres } from "./postgres";

export default async function setup(): Promise<() => Promise<void>> {
  const postgres = await startPostgres({
    port: Number(process.env.DIS_TEST_PG_PORT),
    user: "dbadmin",
    password: process.env.DIS_TEST_PG_PASSWORD ?? "",
    database: "dis_test",
  });
  return () => postgres.stop();
}
