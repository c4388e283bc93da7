/**
 * The backend of `npm start`: backend/src/main.ts as a child process (with the backend workspace's own
 * TypeScript settings), indexing the local chain into embedded PGlite (or DATABASE_URL when set) and
 * serving the web portal, its output in a log file. Resolves once the API answers and the index has
 * reached the chain head. `ensurePortalBuilt` builds the portal first when its build is missing or stale.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface LocalBackend {
  /** The GraphQL endpoint. */
  url: string;
  /** The web portal (the backend's root). */
  portalUrl: string;
  logFile: string;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface BackendStartOptions {
  root: string;
  rpcUrl: string;
  chainId: number;
  deploymentFile: string;
  port: number;
  logFile: string;
  readyTimeoutMs: number;
  /** Offer the demo accounts in the portal (PORTAL_DEV_SIGNER=1; default off): a local development chain only. */
  devSigner?: boolean;
  log: (line: string) => void;
}

/** Newest modification time of `file`, or of any file under it when it is a folder (0 when missing). */
function newestMtime(file: string): number {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(file)) {
    if (entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(file, entry)));
  }
  return newest;
}

/**
 * Builds the web portal (`npm run build -w web`, its output on the console) when web/dist/index.html
 * is missing or older than a source of the portal. Returns a warning instead of throwing when the
 * build fails, so that the chain and the API still start (the backend then answers `/` with 503).
 * PORTAL_DIR set: the portal is the caller's, nothing is built.
 */
export async function ensurePortalBuilt(root: string, log: (line: string) => void): Promise<string | null> {
  if (process.env.PORTAL_DIR) {
    log(`Portal: PORTAL_DIR=${process.env.PORTAL_DIR} is served as it is (not built here).`);
    return null;
  }
  const web = path.join(root, "web");
  if (!fs.existsSync(path.join(web, "package.json"))) return "the portal is missing (no web/package.json)";
  const built = newestMtime(path.join(web, "dist", "index.html"));
  const sources = Math.max(
    newestMtime(path.join(web, "src")),
    newestMtime(path.join(web, "public")),
    newestMtime(path.join(web, "index.html")),
    newestMtime(path.join(web, "vite.config.ts")),
  );
  if (built > 0 && built >= sources) {
    log("Portal build is up to date (web/dist).");
    return null;
  }
  log(built === 0 ? "Building the portal (npm run build -w web)…" : "Rebuilding the portal: its sources changed…");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const child = spawn(npm, ["run", "build", "-w", "web"], { cwd: root, stdio: "inherit", env: process.env });
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on("error", (error) => resolve({ code: null, signal: null, error }));
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  if (result.error || result.code !== 0) {
    const how = result.error?.message ?? result.signal ?? `exit code ${result.code}`;
    return `building the portal failed (${how}); see the output above, fix it and run \`npm run build -w web\``;
  }
  log("Portal built into web/dist.");
  return null;
}

export async function startLocalBackend(options: BackendStartOptions): Promise<LocalBackend> {
  const backendDir = path.join(options.root, "backend");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RPC_URL: options.rpcUrl,
    CHAIN_ID: String(options.chainId),
    DEPLOYMENT_FILE: options.deploymentFile,
    PORT: String(options.port),
    PORTAL_DEV_SIGNER: options.devSigner ? "1" : "0",
    // Plain log lines: the log is a file, and its lines are parsed below.
    NO_COLOR: "1",
  };
  if (!process.env.DATABASE_URL) {
    // The local chain starts from genesis on every `npm start`, so its index does too.
    const dataDir = path.join(options.root, ".data", "backend", `pglite-${options.chainId}-${options.port}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    env.PGLITE_DIR = dataDir;
    if (!process.env.KUBO_URL && !process.env.IPFS_DIR) {
      // Documents are registered in that database: their blocks start afresh with it.
      const ipfsDir = path.join(options.root, ".data", "backend", `ipfs-${options.chainId}-${options.port}`);
      fs.rmSync(ipfsDir, { recursive: true, force: true });
      env.IPFS_DIR = ipfsDir;
    }
  }
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const logStream = fs.createWriteStream(options.logFile, { flags: "w" });
  const tsNode = require.resolve("ts-node/dist/bin.js", { paths: [options.root] });
  const child = spawn(process.execPath, [tsNode, "--transpile-only", "src/main.ts"], {
    cwd: backendDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

  let output = "";
  const ready = new Promise<string>((resolve, reject) => {
    let url: string | null = null;
    let caughtUp = false;
    const onData = (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex
      const text = chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
      logStream.write(text);
      output = (output + text).slice(-20_000);
      for (const line of text.split("\n")) {
        const found = /GraphQL API at (\S+)/.exec(line);
        if (found) url = found[1];
        if (/indexed up to the head/.test(line)) caughtUp = true;
        if (/indexed block \d+ of \d+/.test(line)) options.log(`  backend: ${line.replace(/^.*\] /, "").trim()}`);
      }
      if (url && caughtUp) resolve(url);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`the backend stopped while starting (${signal ?? `exit code ${code}`}):\n${output.slice(-3000)}`),
      ),
    );
    setTimeout(
      () =>
        reject(new Error(`the backend did not get ready within ${options.readyTimeoutMs} ms; see ${options.logFile}`)),
      options.readyTimeoutMs,
    );
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    logStream.end();
  };
  try {
    const url = await ready;
    const portalUrl = `${url.replace(/\/graphql$/, "")}/`;
    return { url, portalUrl, logFile: options.logFile, pid: child.pid!, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
