#!/usr/bin/env node
// Fails when solidity-coverage's line coverage of the contracts is below the threshold (default 95 %).
const fs = require("node:fs");
const path = require("node:path");

const threshold = Number(process.argv[2] ?? 95);
const file = path.join(__dirname, "..", "..", "coverage", "coverage-summary.json");
if (!fs.existsSync(file)) {
  console.error(`coverage summary not found at ${file}: run \`npx hardhat coverage\` first`);
  process.exit(2);
}
const summary = JSON.parse(fs.readFileSync(file, "utf8"));
let failed = false;
for (const [name, entry] of Object.entries(summary)) {
  if (name === "total") continue;
  const pct = entry.lines.pct;
  const mark = pct < threshold ? "  <-- below threshold" : "";
  console.log(`${pct.toFixed(2).padStart(7)} % lines  ${path.relative(process.cwd(), name)}${mark}`);
}
const total = summary.total.lines.pct;
console.log(`${total.toFixed(2).padStart(7)} % lines  total (threshold ${threshold} %)`);
if (total < threshold) failed = true;
process.exit(failed ? 1 : 0);
