/**
 * `npm start`: a local consortium chain with the contracts deployed and a demo played on it.
 *
 * 1. compiles the contracts when their build is missing or older than the sources, and builds the web
 *    portal (`npm run build -w web`) when web/dist is missing or older than its sources;
 * 2. starts `hardhat node` on 127.0.0.1:$CHAIN_PORT (default 8545) as a child process;
 * 3. deploys the consortium with the node's account #0 (scripts/deploy.ts) and records it in
 *    deployments/<chainId>.json;
 * 4. plays the demo (scripts/demo.ts) unless DEMO=0;
 * 5. starts the backend (backend/src/main.ts) against the chain: it indexes the chain into embedded
 *    PGlite (PostgreSQL when DATABASE_URL is set), serves the GraphQL API and the portal, with the
 *    portal's demo-account picker on (PORTAL_DEV_SIGNER=1: this chain is a local development chain);
 * 6. prints a summary ending with the portal's URL and keeps both running until Ctrl-C or SIGTERM,
 *    then stops them.
 *
 * Environment: CHAIN_PORT (default 8545), BACKEND_PORT (default 4000), DEMO=0 to skip the demo,
 * PORTAL_DEV_SIGNER=0 to hide the demo-account picker,
 * CHAIN_START_TIMEOUT_MS (60000), BACKEND_START_TIMEOUT_MS (180000), and the backend's own settings
 * (DATABASE_URL, LOG_LEVEL, ...; see README).
 *
 * This file imports nothing generated: deploy.ts and demo.ts need the TypeChain types, which may not
 * exist before step 1, so they are loaded only after it.
 */
import path from "node:path";
import { ensurePortalBuilt, startLocalBackend, type LocalBackend } from "./lib/demo/backend";
import { assertPortFree, ensureCompiled, parsePort, startLocalChain, type LocalChain } from "./lib/demo/chain";
import { describeError } from "./lib/demo/errors";

const ROOT = path.resolve(__dirname, "..");
const HOST = "127.0.0.1";

/** The parts of scripts/deploy.ts and scripts/demo.ts used here (they are loaded after compilation). */
interface DeployedConsortium {
  deployment: { chainId: number; governance: string; contracts: Record<string, string> };
  file: string;
  provider: { destroy(): void };
}
interface DeployModule {
  deploy(params: { rpcUrl: string; log: (line: string) => void }): Promise<DeployedConsortium>;
}
interface DemoModule {
  playDemo(
    provider: unknown,
    deployment: DeployedConsortium["deployment"],
    log: (line: string) => void,
  ): Promise<{ members: Record<string, { index: number; name: string; address: string; roleNames: string[] }> }>;
}

/** Requires a script by a computed path, so that the type checker does not follow it at startup. */
function load<T>(name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, name)) as T;
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function printSummary(
  chain: LocalChain,
  backend: LocalBackend,
  deployed: DeployedConsortium,
  members: Awaited<ReturnType<DemoModule["playDemo"]>>["members"] | null,
  portal: { devSigner: boolean; warning: string | null },
): void {
  const rule = "─".repeat(100);
  console.log(`\n${rule}`);
  console.log("Consortium chain running");
  console.log(`  RPC URL          ${chain.url}`);
  console.log(`  Chain id         ${deployed.deployment.chainId}`);
  console.log(`  Deployment file  ${relative(deployed.file)}`);
  console.log(`  Chain log        ${relative(chain.logFile)} (the node's output and its accounts' keys)`);
  console.log("  Contracts");
  for (const [name, address] of Object.entries(deployed.deployment.contracts)) {
    console.log(`    ${name.padEnd(18)} ${address}`);
  }
  if (members) {
    console.log("  Demo members (the node's unlocked accounts)");
    for (const member of Object.values(members)) {
      console.log(`    #${member.index} ${member.name.padEnd(22)} ${member.address}  ${member.roleNames.join(" + ")}`);
    }
  } else {
    console.log(`  Governance       ${deployed.deployment.governance} (the node's account #0; demo skipped)`);
  }
  console.log(`  GraphQL API      ${backend.url}`);
  console.log(`  Backend log      ${relative(backend.logFile)}`);
  console.log(
    portal.devSigner
      ? "  Dev accounts     the portal offers the demo members' accounts, signing in the browser (local chain only)"
      : "  Dev accounts     off (PORTAL_DEV_SIGNER=0): sign in with a wallet",
  );
  if (portal.warning) console.log(`  Portal WARNING   ${portal.warning}`);
  console.log("Press Ctrl-C to stop the chain and the backend.");
  console.log(rule);
  const open = `Open the portal: ${backend.portalUrl}`;
  const bold = process.stdout.isTTY && !process.env.NO_COLOR;
  console.log(`\n  ${bold ? `\x1b[1m${open}\x1b[0m` : open}\n`);
}

async function main(): Promise<void> {
  const port = parsePort(process.env.CHAIN_PORT, 8545);
  const backendPort = parsePort(process.env.BACKEND_PORT, 4000, "BACKEND_PORT");
  const backendTimeoutMs = parsePort(process.env.BACKEND_START_TIMEOUT_MS, 180_000, "BACKEND_START_TIMEOUT_MS");
  const runDemo = process.env.DEMO !== "0";
  const readyTimeoutMs = parsePort(process.env.CHAIN_START_TIMEOUT_MS, 60_000, "CHAIN_START_TIMEOUT_MS");

  await assertPortFree(HOST, port);
  await assertPortFree(HOST, backendPort);
  await ensureCompiled(ROOT, (line) => console.log(line));
  const devSigner = process.env.PORTAL_DEV_SIGNER !== "0";
  const portalWarning = await ensurePortalBuilt(ROOT, (line) => console.log(line));
  if (portalWarning) console.warn(`\nWARNING: ${portalWarning}; the API starts without it.\n`);

  console.log(`Starting a local chain on ${HOST}:${port}…`);
  const chain = await startLocalChain({
    root: ROOT,
    host: HOST,
    port,
    logFile: path.join(ROOT, ".data", "chain", `hardhat-node-${port}.log`),
    readyTimeoutMs,
  });

  // From here on, every way out stops the backend and the chain first.
  let stopping = false;
  let backend: LocalBackend | null = null;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    if (backend) {
      console.log(`\n${reason}: stopping the backend…`);
      await backend.stop();
    }
    console.log(`${backend ? "" : "\n"}${reason}: stopping the chain…`);
    await chain.stop();
    console.log("Chain stopped.");
    process.exit(code);
  };
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => resolve(signal));
  });
  void stopSignal.then((signal) => shutdown(`Received ${signal}`, 0));
  void chain.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`\nThe chain stopped on its own (${signal ?? `exit code ${code}`}); see ${relative(chain.logFile)}`);
    process.exit(1);
  });

  try {
    console.log(`Chain ${chain.chainId} answers at ${chain.url} (node pid ${chain.pid}).\n`);
    const { deploy } = load<DeployModule>("deploy");
    const deployed = await deploy({ rpcUrl: chain.url, log: (line) => console.log(`  ${line}`) });
    let members: Awaited<ReturnType<DemoModule["playDemo"]>>["members"] | null = null;
    try {
      if (runDemo) {
        const { playDemo } = load<DemoModule>("demo");
        ({ members } = await playDemo(deployed.provider, deployed.deployment, (line) => console.log(line)));
      }
    } finally {
      deployed.provider.destroy();
    }
    console.log(`\nStarting the backend (indexer, GraphQL API and portal) on ${HOST}:${backendPort}…`);
    backend = await startLocalBackend({
      root: ROOT,
      rpcUrl: chain.url,
      chainId: chain.chainId,
      deploymentFile: deployed.file,
      port: backendPort,
      logFile: path.join(ROOT, ".data", "backend", `backend-${backendPort}.log`),
      readyTimeoutMs: backendTimeoutMs,
      devSigner,
      log: (line) => console.log(line),
    });
    const running = backend;
    void running.exited.then(({ code, signal }) => {
      if (stopping) return;
      console.error(
        `\nThe backend stopped on its own (${signal ?? `exit code ${code}`}); see ${relative(running.logFile)}`,
      );
      void shutdown("Backend failure", 1);
    });
    printSummary(chain, running, deployed, members, { devSigner, warning: portalWarning });
  } catch (error) {
    console.error(`\nstart: ${describeError(error)}`);
    await shutdown("Start-up failed", 1);
  }
  // Keep running until a signal or the chain's own exit ends the process.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
