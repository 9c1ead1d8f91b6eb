#!/usr/bin/env node
// The `dis` command (cli/main.ts), run from its TypeScript sources through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
