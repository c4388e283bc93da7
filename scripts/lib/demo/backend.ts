/**
 * The backend of `npm start`: backend/src/main.ts as a child process (with the backend workspace's own
 * TypeScript settings), indexing the local chain into embedded PGlite (or DATABASE_URL when set),
 * its output in a log file. Resolves once the API answers and the index has reached the chain head.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface LocalBackend {
  url: string;
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
  log: (line: string) => void;
}

export async function startLocalBackend(options: BackendStartOptions): Promise<LocalBackend> {
  const backendDir = path.join(options.root, "backend");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RPC_URL: options.rpcUrl,
    CHAIN_ID: String(options.chainId),
    DEPLOYMENT_FILE: options.deploymentFile,
    PORT: String(options.port),
    // Plain log lines: the log is a file, and its lines are parsed below.
    NO_COLOR: "1",
  };
  if (!process.env.DATABASE_URL) {
    // The local chain starts from genesis on every `npm start`, so its index does too.
    const dataDir = path.join(options.root, ".data", "backend", `pglite-${options.chainId}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    env.PGLITE_DIR = dataDir;
    if (!process.env.KUBO_URL && !process.env.IPFS_DIR) {
      // Documents are registered in that database: their blocks start afresh with it.
      const ipfsDir = path.join(options.root, ".data", "backend", `ipfs-${options.chainId}`);
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
    return { url, logFile: options.logFile, pid: child.pid!, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
