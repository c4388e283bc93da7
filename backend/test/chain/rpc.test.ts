/**
 * The JSON-RPC client's failure handling, against stub nodes: what passes is retried with backoff,
 * what will not pass is thrown at once; and the indexer shrinks its log ranges for a node that limits
 * them, still indexing every event.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { isRangeTooLarge, RpcClient, RpcError } from "../../src/chain/rpc";
import { openDatabase } from "../../src/database/database";
import { Indexer } from "../../src/indexer/indexer";
import { SyncState } from "../../src/indexer/sync-state";
import { Activity, random } from "../support/activity";
import { createTestDatabase, testConfig } from "../support/backend";
import { deploy, startChain } from "../support/chain";
import { dumpTables } from "../support/tables";

type Answer = (request: { method: string; params: unknown[]; id: number }) => { status?: number; body?: unknown };

/** A node that answers each single request with `answer`. */
async function stubNode(answer: Answer): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const request = JSON.parse(raw);
      calls.push(request.method);
      const { status = 200, body } = answer(request);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => server.close(() => r())) };
}

describe("JSON-RPC client", function () {
  it("retries rate limits and server errors, then answers", async function () {
    let n = 0;
    const node = await stubNode(({ id }) =>
      ++n === 1 ? { status: 429 } : n === 2 ? { status: 503 } : { body: { jsonrpc: "2.0", id, result: "0x10" } },
    );
    const retries: number[] = [];
    const client = new RpcClient({ url: node.url, baseDelayMs: 1, onRetry: (_m, attempt) => retries.push(attempt) });
    expect(await client.blockNumber()).to.equal(16);
    expect(retries).to.deep.equal([1, 2]);
    await node.close();
  });

  it("gives up on an unreachable node after maxAttempts, saying it is unreachable", async function () {
    const client = new RpcClient({ url: "http://127.0.0.1:9", baseDelayMs: 1, maxAttempts: 3 });
    let error: unknown;
    await client.blockNumber().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RpcError);
    expect((error as RpcError).retryable).to.equal(true);
    expect((error as Error).message).to.match(/unreachable/);
  });

  it("does not retry a refused log range or a malformed request", async function () {
    const node = await stubNode(({ id, method }) =>
      method === "eth_getLogs"
        ? { body: { jsonrpc: "2.0", id, error: { code: -32005, message: "query returned more than 10000 results" } } }
        : { status: 400 },
    );
    const client = new RpcClient({ url: node.url, baseDelayMs: 1 });
    let error: unknown;
    await client.getLogs(["0x5FbDB2315678afecb367f032d93F642f64180aa3"], 0, 100).catch((e: unknown) => (error = e));
    expect(isRangeTooLarge(error)).to.equal(true);
    await client.blockNumber().catch((e: unknown) => (error = e));
    expect((error as RpcError).retryable).to.equal(false);
    expect(node.calls).to.deep.equal(["eth_getLogs", "eth_blockNumber"]);
    await node.close();
  });
});

describe("indexer: a node that limits eth_getLogs ranges", function () {
  it("shrinks its ranges until the node accepts them and indexes every event", async function () {
    const chain = await startChain();
    const consortium = await deploy(chain);
    const activity = await Activity.setup(chain, consortium);
    const rng = random(5);
    for (let i = 0; i < 20; i++) await activity.step(rng);

    // A proxy that refuses any eth_getLogs over more than 4 blocks, like public nodes do.
    const refused: number[] = [];
    const proxy = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", async () => {
        const body = JSON.parse(raw);
        const single = !Array.isArray(body) && body.method === "eth_getLogs" ? body : null;
        if (single) {
          const { fromBlock, toBlock } = single.params[0];
          const span = Number(toBlock) - Number(fromBlock) + 1;
          if (span > 4) {
            refused.push(span);
            res.writeHead(200, { "content-type": "application/json" });
            res.end(
              JSON.stringify({
                jsonrpc: "2.0",
                id: single.id,
                error: { code: -32005, message: "block range too large" },
              }),
            );
            return;
          }
        }
        const upstream = await fetch(chain.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: raw,
        });
        res.writeHead(upstream.status, { "content-type": "application/json" });
        res.end(await upstream.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    const database = await createTestDatabase("postgres", "ranges");
    const config = testConfig({ rpcUrl: proxyUrl, deploymentFile: consortium.deploymentFile, database });
    const handle = await openDatabase({ databaseUrl: config.databaseUrl });
    try {
      const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
      await new Indexer(config, handle, new SyncState(config.chainId), quiet).syncToHead();
      expect(refused.length).to.be.greaterThan(0);
      const logs = await chain.provider.getLogs({
        address: Object.values(consortium.deployment.contracts),
        fromBlock: consortium.deployment.startBlock,
        toBlock: "latest",
      });
      expect((await dumpTables(handle.db)).chain_events).to.have.length(logs.length);
    } finally {
      await handle.close();
      await database.drop();
      await new Promise((r) => proxy.close(r));
      await chain.close();
    }
  });
});
