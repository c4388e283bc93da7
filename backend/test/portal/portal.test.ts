/**
 * The backend's side of the web portal: `GET /portal/config.json`, the `POST /rpc` relay to a real
 * chain (allowed and refused methods, batches, malformed bodies, a browser-signed transaction, the
 * node down), the built portal's files with its single-page fallback, and the PORTAL_* settings.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, Wallet } from "ethers";
import { ConfigError, DEFAULT_PORTAL_DIR, loadConfig, REPO_ROOT } from "../../src/config/config";
import { members } from "../../src/database/schema";
import { devKeys } from "../../src/portal/dev-accounts";
import { MAX_RELAY_BATCH } from "../../src/portal/rpc-relay";
import { PORTAL_NOT_BUILT } from "../../src/portal/static";
import { startBackend, type RunningBackend } from "../../src/server";
import { startTestApp } from "../support/app";
import { createTestDatabase, testConfig, type TestDatabase } from "../support/backend";
import { deploy, startChain, type DeployedConsortium, type TestChain } from "../support/chain";

/** Hardhat's default account #1 (a public, well-known development key). */
const DEV_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

const INDEX_HTML = "<!doctype html><title>portal</title><div id=root></div>";
const ASSET_JS = "console.log('portal');";

/** A built portal in a temporary folder. */
function builtPortal(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scf-portal-"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "index.html"), INDEX_HTML);
  fs.writeFileSync(path.join(dir, "assets", "index-abc123.js"), ASSET_JS);
  fs.writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
  fs.writeFileSync(path.join(dir, ".secret"), "no");
  return dir;
}

async function rpc(base: string, body: unknown, contentType = "application/json") {
  const response = await fetch(`${base}/rpc`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const call = (method: string, params: unknown[] = [], id: number | string = 1) => ({
  jsonrpc: "2.0",
  id,
  method,
  params,
});

describe("portal: configuration, RPC relay and static files", function () {
  let chain: TestChain;
  let consortium: DeployedConsortium;
  let database: TestDatabase;
  let backend: RunningBackend;
  let base: string;
  let portalDir: string;

  before(async function () {
    chain = await startChain();
    consortium = await deploy(chain);
    database = await createTestDatabase("pglite", "portal");
    portalDir = builtPortal();
    backend = await startBackend(
      testConfig(
        { rpcUrl: chain.url, deploymentFile: consortium.deploymentFile, database },
        { PORTAL_DIR: portalDir, PORTAL_DEV_SIGNER: "1" },
      ),
    );
    base = backend.url.replace(/\/graphql$/, "");
  });
  after(async function () {
    await backend?.close();
    await database?.drop();
    await chain?.close();
    if (portalDir) fs.rmSync(portalDir, { recursive: true, force: true });
  });

  describe("GET /portal/config.json", function () {
    it("gives the chain, the deployment's contracts, the dev signer flag and the API paths, without sign-in", async function () {
      const response = await fetch(`${base}/portal/config.json`);
      expect(response.status).to.equal(200);
      const { devAccounts, ...rest } = await response.json();
      expect(rest).to.deep.equal({
        chainId: 31337,
        contracts: consortium.deployment.contracts,
        devSigner: true,
        rpcPath: "/rpc",
        graphqlPath: "/graphql",
      });
      expect(devAccounts).to.be.an("array");
    });

    it("offers the node's accounts that are active members, each with the key of its address", async function () {
      await backend.sync.waitForBlock(await chain.provider.getBlockNumber(), 60_000);
      const { devAccounts } = await (await fetch(`${base}/portal/config.json`)).json();
      const indexed = await backend.database.db.select().from(members);
      const active = indexed.filter((m) => m.status === "Active" && !m.blacklisted).map((m) => m.address);
      expect(devAccounts.length).to.be.greaterThan(0);
      const nodeAccounts = devKeys().map((k) => k.address);
      expect(devAccounts.map((a: { address: string }) => a.address)).to.deep.equal(
        nodeAccounts.filter((a) => active.includes(a)),
      );
      for (const account of devAccounts) {
        expect(new Wallet(account.privateKey).address).to.equal(account.address);
        expect(account.orgId).to.be.a("string").and.not.equal("");
        expect(account.roles).to.be.an("array").that.is.not.empty;
      }
    });
  });

  describe("POST /rpc", function () {
    it("relays the allowed methods and keeps the ids", async function () {
      const chainId = await rpc(base, call("eth_chainId", [], "a-1"));
      expect(chainId).to.deep.equal({ status: 200, body: { jsonrpc: "2.0", id: "a-1", result: "0x7a69" } });
      const block = await rpc(base, call("eth_blockNumber", [], 7));
      expect(block.status).to.equal(200);
      expect(block.body.id).to.equal(7);
      expect(Number(block.body.result)).to.equal(await chain.provider.getBlockNumber());
    });

    for (const method of [
      "eth_accounts",
      "eth_sendTransaction",
      "hardhat_setBalance",
      "evm_increaseTime",
      "eth_sign",
    ]) {
      it(`refuses ${method} with -32601 without reaching the node`, async function () {
        const before = await chain.provider.getBlockNumber();
        const { status, body } = await rpc(base, call(method, [], 3));
        expect(status).to.equal(200);
        expect(body).to.deep.equal({
          jsonrpc: "2.0",
          id: 3,
          error: { code: -32601, message: `method ${method} is not relayed` },
        });
        expect(await chain.provider.getBlockNumber()).to.equal(before);
      });
    }

    it("answers a batch in order, relaying the allowed requests and refusing the others", async function () {
      const { status, body } = await rpc(base, [
        call("eth_chainId", [], 1),
        call("eth_accounts", [], 2),
        call("net_version", [], 3),
        { jsonrpc: "2.0", id: 4, method: 12 },
      ]);
      expect(status).to.equal(200);
      expect(body.map((a: { id: number }) => a.id)).to.deep.equal([1, 2, 3, 4]);
      expect(body[0].result).to.equal("0x7a69");
      expect(body[1].error.code).to.equal(-32601);
      expect(body[2].result).to.equal("31337");
      expect(body[3].error).to.deep.equal({ code: -32600, message: "method must be a non-empty string" });
    });

    it(`refuses a batch of more than ${MAX_RELAY_BATCH} requests and an empty one`, async function () {
      const big = Array.from({ length: MAX_RELAY_BATCH + 1 }, (_, i) => call("eth_chainId", [], i));
      const { status, body } = await rpc(base, big);
      expect(status).to.equal(400);
      expect(body.error).to.deep.equal({
        code: -32600,
        message: `a batch may hold at most ${MAX_RELAY_BATCH} requests, got ${MAX_RELAY_BATCH + 1}`,
      });
      const full = await rpc(base, big.slice(0, MAX_RELAY_BATCH));
      expect(full.status).to.equal(200);
      expect(full.body).to.have.length(MAX_RELAY_BATCH);
      expect((await rpc(base, [])).body.error.message).to.equal("the batch is empty");
    });

    it("refuses malformed bodies with a clear JSON-RPC error", async function () {
      const notJson = await rpc(base, "{ not json");
      expect(notJson.status).to.equal(400);
      expect(notJson.body.id).to.equal(null);
      expect(notJson.body.error.code).to.equal(-32700);
      expect(notJson.body.error.message).to.match(/^the request body could not be read/);

      const wrongType = await rpc(base, JSON.stringify(call("eth_chainId")), "text/plain");
      expect(wrongType.status).to.equal(415);
      expect(wrongType.body.error).to.deep.equal({
        code: -32600,
        message: "send the JSON-RPC request as Content-Type: application/json",
      });

      const cases: [unknown, number | null, string][] = [
        [{ id: 1, method: "eth_chainId" }, 1, 'jsonrpc must be "2.0"'],
        [{ jsonrpc: "2.0", method: "eth_chainId" }, null, "the request needs an id"],
        [{ jsonrpc: "2.0", id: 1, method: "eth_getBalance", params: { a: 1 } }, 1, "params must be an array"],
        [{ jsonrpc: "2.0", id: 1 }, 1, "method must be a non-empty string"],
      ];
      for (const [request, id, message] of cases) {
        const { status, body } = await rpc(base, request);
        expect(status, message).to.equal(400);
        expect(body.id).to.equal(id);
        expect(body.error.code).to.equal(-32600);
        expect(body.error.message).to.contain(message);
      }
      const scalar = await rpc(base, [1]);
      expect(scalar.body[0].error).to.deep.equal({ code: -32600, message: "a JSON-RPC request must be a JSON object" });
    });

    it("refuses a body over the JSON limit", async function () {
      const { status, body } = await rpc(base, call("eth_call", [{ data: `0x${"00".repeat(600_000)}` }]));
      expect(status).to.equal(413);
      expect(body.error.code).to.equal(-32600);
      expect(body.error.message).to.match(/larger than 1048576 bytes/);
    });

    it("passes the node's own errors through", async function () {
      const { status, body } = await rpc(base, call("eth_sendRawTransaction", ["0x1234"], 9));
      expect(status).to.equal(200);
      expect(body.id).to.equal(9);
      expect(body.error.code).to.be.a("number");
      expect(body.error.message).to.be.a("string").and.not.equal("");
    });

    it("sends a transaction signed in the browser and reads its receipt", async function () {
      const wallet = new Wallet(DEV_KEY);
      const nonce = await rpc(base, call("eth_getTransactionCount", [wallet.address, "latest"]));
      const fees = await rpc(base, [call("eth_gasPrice", [], 1), call("eth_maxPriorityFeePerGas", [], 2)]);
      const signed = await wallet.signTransaction({
        type: 2,
        chainId: 31337,
        nonce: Number(nonce.body.result),
        to: wallet.address,
        value: 0,
        gasLimit: 21_000,
        maxFeePerGas: BigInt(fees.body[0].result) * 2n,
        maxPriorityFeePerGas: BigInt(fees.body[1].result),
      });
      const sent = await rpc(base, call("eth_sendRawTransaction", [signed], "tx"));
      expect(sent.status).to.equal(200);
      expect(sent.body.id).to.equal("tx");
      expect(sent.body.result).to.match(/^0x[0-9a-f]{64}$/);
      const receipt = await rpc(base, call("eth_getTransactionReceipt", [sent.body.result]));
      expect(receipt.body.result.status).to.equal("0x1");
      expect(receipt.body.result.from.toLowerCase()).to.equal(wallet.address.toLowerCase());
      const byHash = await rpc(base, call("eth_getTransactionByHash", [sent.body.result]));
      expect(byHash.body.result.hash).to.equal(sent.body.result);
    });

    it("serves an ethers provider that signs locally and waits for its receipt", async function () {
      const provider = new JsonRpcProvider(`${base}/rpc`, 31337, { staticNetwork: true, batchMaxCount: 10 });
      try {
        const wallet = new Wallet(DEV_KEY, provider);
        const tx = await wallet.sendTransaction({ to: wallet.address, value: 0 });
        const receipt = await tx.wait();
        expect(receipt?.status).to.equal(1);
        expect(await provider.getBalance(wallet.address)).to.be.a("bigint");
      } finally {
        provider.destroy();
      }
    });
  });

  describe("the built portal", function () {
    it("serves index.html at / and for deep links, without long caching", async function () {
      for (const route of ["/", "/some/deep/link", "/receivables/12?tab=parts"]) {
        const response = await fetch(`${base}${route}`);
        expect(response.status, route).to.equal(200);
        expect(response.headers.get("content-type")).to.match(/^text\/html/);
        expect(response.headers.get("cache-control")).to.equal("no-cache");
        expect(await response.text()).to.equal(INDEX_HTML);
      }
    });

    it("serves hashed assets with a long cache and other files revalidated", async function () {
      const asset = await fetch(`${base}/assets/index-abc123.js`);
      expect(asset.status).to.equal(200);
      expect(asset.headers.get("content-type")).to.match(/javascript/);
      expect(asset.headers.get("cache-control")).to.equal("public, max-age=31536000, immutable");
      expect(await asset.text()).to.equal(ASSET_JS);
      const icon = await fetch(`${base}/favicon.svg`);
      expect(icon.headers.get("cache-control")).to.equal("no-cache");
      expect((await fetch(`${base}/assets/missing-000.js`)).status).to.equal(404);
    });

    it("never serves files outside the portal or dotfiles", async function () {
      for (const route of ["/.secret", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fpackage.json"]) {
        const response = await fetch(`${base}${route}`);
        const text = await response.text();
        expect(text, route).to.not.equal("no");
        expect(text, route).to.not.match(/root:|"name"/);
      }
    });

    it("leaves the API routes alone: GraphQL GET and POST, documents, audit, unknown API paths", async function () {
      const get = await fetch(`${base}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
        headers: { "apollo-require-preflight": "true" },
      });
      expect(get.status).to.equal(200);
      expect(await get.json()).to.deep.equal({ data: { __typename: "Query" } });
      // Apollo's CSRF prevention still refuses a simple GET.
      const simple = await fetch(`${base}/graphql?query=${encodeURIComponent("{ __typename }")}`);
      expect(simple.status).to.equal(400);
      expect(await simple.text()).to.not.equal(INDEX_HTML);
      const post = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ syncStatus { chainId } }" }),
      });
      expect(((await post.json()) as any).data.syncStatus.chainId).to.equal(31337);
      for (const route of ["/documents/nope", "/audit/export.csv", "/portal/other", "/rpc"]) {
        const response = await fetch(`${base}${route}`);
        expect(response.status, route).to.be.within(400, 499);
        expect(await response.text(), route).to.not.equal(INDEX_HTML);
      }
    });

    it(`answers 503 "${PORTAL_NOT_BUILT}" while the portal is not built`, async function () {
      const missing = path.join(os.tmpdir(), `scf-portal-missing-${process.pid}`);
      const app = await startTestApp(
        "pglite",
        async () => undefined,
        (config) => ({ ...config, portalDir: missing }),
      );
      try {
        for (const route of ["/", "/deep/link"]) {
          const response = await fetch(`${app.base}${route}`);
          expect(response.status).to.equal(503);
          expect(response.headers.get("content-type")).to.match(/^text\/plain/);
          expect(await response.text()).to.equal(PORTAL_NOT_BUILT);
        }
        // The API is unaffected; the relay says when the node does not answer.
        expect((await fetch(`${app.base}/portal/config.json`)).status).to.equal(200);
        const down = await rpc(app.base, call("eth_blockNumber", [], 5));
        expect(down.status).to.equal(502);
        expect(down.body.id).to.equal(5);
        expect(down.body.error.code).to.equal(-32603);
        expect(down.body.error.message).to.match(/^the chain node is not reachable/);
      } finally {
        await app.close();
      }
    });
  });

  describe("POST /rpc rate limit", function () {
    it("refuses a client past RPC_RELAY_PER_MINUTE with 429, Retry-After and -32005, without reaching the node", async function () {
      // A node that counts the calls it gets and answers each with its id.
      let calls = 0;
      const node = http.createServer((req, res) => {
        let text = "";
        req.on("data", (chunk) => (text += chunk));
        req.on("end", () => {
          const body = JSON.parse(text);
          const answer = (r: { id: number }) => ({ jsonrpc: "2.0", id: r.id, result: "0x1" });
          calls += Array.isArray(body) ? body.length : 1;
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(Array.isArray(body) ? body.map(answer) : answer(body)));
        });
      });
      await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
      const app = await startTestApp(
        "pglite",
        async () => undefined,
        (config) => ({ ...config, rpcUrl: url, indexer: false, relayPerMinute: 5 }),
      );
      try {
        // 1 + a batch of 3 + 1: five requests, all relayed.
        expect((await rpc(app.base, call("eth_blockNumber", [], 1))).status).to.equal(200);
        const batch = await rpc(
          app.base,
          [1, 2, 3].map((id) => call("eth_blockNumber", [], id)),
        );
        expect(batch.status).to.equal(200);
        expect(batch.body.map((a: { result: string }) => a.result)).to.deep.equal(["0x1", "0x1", "0x1"]);
        expect((await rpc(app.base, call("eth_chainId", [], 5))).status).to.equal(200);
        const relayed = calls;
        expect(relayed).to.equal(5);

        const response = await fetch(`${app.base}/rpc`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(call("eth_blockNumber", [], 6)),
        });
        expect(response.status).to.equal(429);
        const retryAfter = Number(response.headers.get("retry-after"));
        expect(retryAfter).to.be.within(1, 60);
        const refused = (await response.json()) as any;
        expect(refused.id).to.equal(null);
        expect(refused.error.code).to.equal(-32005);
        expect(refused.error.message).to.match(/^too many JSON-RPC requests: at most 5 per 60 s; retry in \d+ s$/);
        expect(refused.error.data).to.deep.equal({ retryAfter });
        // A batch is refused as a whole, and nothing reached the node.
        expect((await rpc(app.base, [call("eth_chainId", [], 7)])).status).to.equal(429);
        expect(calls).to.equal(relayed);
      } finally {
        await app.close();
        await new Promise<void>((resolve) => node.close(() => resolve()));
      }
    });
  });

  describe("settings", function () {
    function problems(env: Record<string, string>): string[] {
      try {
        loadConfig({ DEPLOYMENT_FILE: consortium.deploymentFile, ...env });
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      throw new Error("the configuration was accepted");
    }

    it("finds the portal next to the backend, whatever the working directory", function () {
      const cwd = process.cwd();
      try {
        process.chdir(os.tmpdir());
        const config = loadConfig({ DEPLOYMENT_FILE: consortium.deploymentFile });
        expect(config.portalDir).to.equal(path.join(REPO_ROOT, "web", "dist"));
        expect(config.portalDir).to.equal(DEFAULT_PORTAL_DIR);
        expect(config.portalDevSigner).to.equal(false);
      } finally {
        process.chdir(cwd);
      }
    });

    it("limits the relay to 1,200 requests per client a minute unless RPC_RELAY_PER_MINUTE says otherwise", function () {
      expect(loadConfig({ DEPLOYMENT_FILE: consortium.deploymentFile }).relayPerMinute).to.equal(1200);
      expect(
        loadConfig({ DEPLOYMENT_FILE: consortium.deploymentFile, RPC_RELAY_PER_MINUTE: "60" }).relayPerMinute,
      ).to.equal(60);
      expect(problems({ RPC_RELAY_PER_MINUTE: "0" })).to.have.length(1);
      expect(problems({ RPC_RELAY_PER_MINUTE: "0" })[0]).to.match(/^RPC_RELAY_PER_MINUTE /);
    });

    it("refuses PORTAL_DEV_SIGNER on another chain than 31337, and values other than 1 and 0", function () {
      expect(problems({ CHAIN_ID: "1", PORTAL_DEV_SIGNER: "1" })).to.deep.equal([
        "PORTAL_DEV_SIGNER=1 is only allowed on a local development chain (CHAIN_ID 31337), but CHAIN_ID is 1: the demo accounts' keys are public",
      ]);
      expect(problems({ PORTAL_DEV_SIGNER: "yes" })).to.deep.equal(['PORTAL_DEV_SIGNER must be "1" or "0", got "yes"']);
    });

    it("refuses to start the dev signer against a node that is not chain 31337", async function () {
      // A node that says it is chain 1, whatever the configuration claims.
      const node = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "0x1" }));
        });
      });
      await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
      try {
        let failure: Error | null = null;
        try {
          const app = await startTestApp(
            "pglite",
            async () => undefined,
            (config) => ({
              ...config,
              rpcUrl: url,
              portalDevSigner: true,
            }),
          );
          await app.close();
        } catch (error) {
          failure = error as Error;
        }
        expect(failure?.message).to.equal(
          `PORTAL_DEV_SIGNER=1 is only allowed on a local development chain (31337), but the node at ${url} is chain 1`,
        );
      } finally {
        node.close();
      }
    });
  });
});
