/**
 * `npm run build:console`: the web console's static files, served by the worker at /console/
 * (wrangler.toml [assets]): console/index.html, console/styles.css and one bundle of
 * console/src/main.tsx (Preact and uPlot included) into build/console/console/. Prints each
 * file's size and gzip size, the figures the README states.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");

const out = join(ROOT, "build", "console", "console");
rmSync(join(ROOT, "build", "console"), { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(ROOT, "console", "src", "main.tsx") },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  outdir: out,
  legalComments: "none",
  logLevel: "warning",
});
copyFileSync(join(ROOT, "console", "index.html"), join(out, "index.html"));

const files = ["index.html", "app.js", "app.css"];
let total = 0;
let totalGzip = 0;
for (const file of files) {
  const bytes = readFileSync(join(out, file));
  const gz = gzipSync(bytes).length;
  total += statSync(join(out, file)).size;
  totalGzip += gz;
  console.log(`console/${file.padEnd(10)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KiB  ${(gz / 1024).toFixed(1).padStart(6)} KiB gzip`);
}
console.log(`console total     ${(total / 1024).toFixed(1).padStart(7)} KiB  ${(totalGzip / 1024).toFixed(1).padStart(6)} KiB gzip`);
