/** Free loopback ports for servers the tests start. */
import { spawnSync } from "node:child_process";

const SCRIPT = `const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });`;

/** A port free now, found synchronously (configuration files need it before anything starts). */
export function freePortSync(): number {
  const result = spawnSync(process.execPath, ["-e", SCRIPT], { encoding: "utf8" });
  const port = Number(result.stdout.trim());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no free port: ${result.stderr}`);
  return port;
}
