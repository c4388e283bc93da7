/**
 * The whole embedded system for the browser tests and the web benchmark, started the way a newcomer
 * starts it: `npm start` (scripts/start.ts) as a child process, on free ports, which compiles the
 * contracts if needed, runs a local chain, deploys the consortium, plays the demo, builds the portal and
 * starts the backend that serves it. Resolves with the portal's URL once the start script prints it.
 *
 * Also: Debian's Chromium through playwright-core (no browser download), and the local chain's
 * development RPC (to move time forward for maturities). Shared by the browser tests (web/e2e) and
 * `npm run bench:web`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

export interface Stack {
  /** The portal, e.g. http://127.0.0.1:4100/ */
  url: string;
  rpcUrl: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `npm start` on free ports; its output goes to `logFile`. */
export async function startStack(root: string, options: { logFile?: string; timeoutMs?: number } = {}): Promise<Stack> {
  const [chainPort, backendPort] = [await freePort(), await freePort()];
  const logFile = options.logFile ?? path.join(root, ".data", "e2e", `stack-${backendPort}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  const child: ChildProcess = spawn("npx", ["ts-node", "scripts/start.ts"], {
    cwd: root,
    env: {
      // The browser tests sign a dozen members in within a minute, all from 127.0.0.1: above the
      // per-IP sign-in limit a real client gets (30 a minute); their tabs poll receipts through the
      // relay, all from 127.0.0.1 too.
      SIGN_IN_PER_MINUTE: "600",
      RPC_RELAY_PER_MINUTE: "20000",
      ...process.env,
      CHAIN_PORT: String(chainPort),
      BACKEND_PORT: String(backendPort),
      FORCE_COLOR: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `npm start did not print the portal URL within ${(options.timeoutMs ?? 600_000) / 1000} s; see ${logFile}`,
          ),
        ),
      options.timeoutMs ?? 600_000,
    );
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      const found = /Open the portal:\s*(http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1].endsWith("/") ? found[1] : `${found[1]}/`);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => log.write(chunk));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before the portal was up; see ${logFile}:\n${output.slice(-3000)}`));
    });
  });
  return {
    url,
    rpcUrl: `http://127.0.0.1:${chainPort}`,
    async stop() {
      if (child.exitCode === null) {
        process.kill(-child.pid!, "SIGTERM");
        const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 20_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/** Debian's Chromium, headless, as this machine allows it (no sandbox as root, no background network). */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium is not at ${executablePath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A development RPC call on the local chain (e.g. evm_increaseTime). */
export async function chainRpc<T = unknown>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Moves the chain's clock forward by `seconds` and mines a block. */
export async function advanceTime(rpcUrl: string, seconds: number): Promise<void> {
  await chainRpc(rpcUrl, "evm_increaseTime", [seconds]);
  await chainRpc(rpcUrl, "evm_mine");
}
