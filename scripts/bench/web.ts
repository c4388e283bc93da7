/**
 * `npm run bench:web`: what a member's browser pays to open the portal.
 *
 * 1. Builds the portal and sums the gzip size of its initial JavaScript: the entry script and the
 *    modules index.html preloads (pages and the wallet code load later, on demand). Goal: < 250 kB.
 * 2. Starts the whole embedded system (`npm start` on free ports; or uses PORTAL_URL when set), signs a
 *    demo supplier in once through the portal, then opens the portal RUNS times (default 7) in fresh
 *    browser contexts carrying that session, and times navigation start → the dashboard usable (its
 *    heading shown and no loading state left). Prints the median, min and max per dashboard. Goal: < 1 s.
 *
 * Environment: RUNS, PORTAL_URL (skip starting the system), CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { launchChromium, startStack, type Stack } from "../lib/portal-stack";

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "web", "dist");
const KB = 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The scripts index.html loads at once: its module entry and the modules it preloads. */
function initialScripts(): string[] {
  const html = fs.readFileSync(path.join(DIST, "index.html"), "utf8");
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) files.add(m[1]);
  return [...files].map((f) => path.join(DIST, f.replace(/^\//, "")));
}

function sizes(): { initialGzip: number; initialRaw: number; cssGzip: number; allJsGzip: number } {
  const gz = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  const initial = initialScripts();
  const assets = fs.readdirSync(path.join(DIST, "assets")).map((f) => path.join(DIST, "assets", f));
  return {
    initialGzip: initial.reduce((n, f) => n + gz(f), 0),
    initialRaw: initial.reduce((n, f) => n + fs.statSync(f).size, 0),
    cssGzip: assets.filter((f) => f.endsWith(".css")).reduce((n, f) => n + gz(f), 0),
    allJsGzip: assets.filter((f) => f.endsWith(".js")).reduce((n, f) => n + gz(f), 0),
  };
}

async function main(): Promise<void> {
  const runs = Number(process.env.RUNS ?? 7);
  console.log("Building the portal (npm run build -w web)…");
  execFileSync("npm", ["run", "build", "-w", "web"], { cwd: ROOT, stdio: "ignore" });
  const size = sizes();
  console.log(
    `initial JavaScript: ${(size.initialGzip / KB).toFixed(1)} kB gzip (${(size.initialRaw / KB).toFixed(1)} kB raw), goal < 250 kB; ` +
      `CSS ${(size.cssGzip / KB).toFixed(1)} kB gzip; all JavaScript incl. on-demand pages ${(size.allJsGzip / KB).toFixed(1)} kB gzip`,
  );

  let stack: Stack | undefined;
  let url = process.env.PORTAL_URL;
  if (!url) {
    console.log("Starting the embedded system (npm start on free ports)…");
    stack = await startStack(ROOT);
    url = stack.url;
  }
  // The system started here stops whatever fails (a missing Chromium included).
  try {
    await measure(url, runs);
  } finally {
    await stack?.stop();
  }
}

/** Times, in Chromium, a signed-in member's dashboard and applications page at `url`. */
async function measure(url: string, runs: number): Promise<void> {
  const browser = await launchChromium();
  try {
    // One sign-in through the picker; the runs reuse its session, as a returning member's tab does.
    const first = await browser.newContext();
    const page = await first.newPage();
    await page.goto(url);
    await page.locator('button[data-org="ruifeng-components"]').click();
    await page.getByTestId("viewer").waitFor({ timeout: 60_000 });
    const session = await page.evaluate(() => sessionStorage.getItem("scf.session"));
    await first.close();

    for (const [label, hash] of [
      ["supplier dashboard", "#/supplier"],
      ["applications", "#/applications"],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext();
        await context.addInitScript((s) => sessionStorage.setItem("scf.session", s as string), session);
        const tab = await context.newPage();
        await tab.goto(`${url}${hash}`);
        await tab.locator("main h1").first().waitFor({ timeout: 30_000 });
        await tab.waitForFunction(() => document.querySelectorAll("main .state.loading").length === 0, undefined, {
          timeout: 30_000,
        });
        times.push(await tab.evaluate(() => performance.now()));
        await context.close();
      }
      console.log(
        `time to a usable ${label}: median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, ${runs} runs, goal < 1000 ms)`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
