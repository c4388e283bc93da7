/**
 * scripts/deploy.ts against a real JSON-RPC server: Hardhat's own node server, started inside the
 * test process on a free port over the in-process Hardhat network. Every test runs between an
 * evm_snapshot and an evm_revert, so the shared network is left as it was found, and deployment
 * records go to a temporary directory only.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { JsonRpcProvider, Wallet, ZeroHash } from "ethers";
import {
  connect,
  DEFAULT_RPC_URL,
  deploy,
  DEVELOPMENT_CHAIN_IDS,
  resolveDeployer,
  type DeployResult,
} from "../../scripts/deploy";
import {
  currencyCode,
  deploymentPath,
  readDeployment,
  Role,
  text32,
  type ContractName,
  type Deployment,
} from "../../scripts/lib/consortium";
import {
  CreditLimits__factory,
  Factoring__factory,
  MemberRegistry__factory,
  OrderFinancing__factory,
  PurchaseOrders__factory,
  ReceiptFinancing__factory,
  Receivables__factory,
  SettlementToken__factory,
  WarehouseReceipts__factory,
} from "../../typechain-types";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TASK_NODE_GET_PROVIDER, TASK_NODE_CREATE_SERVER } = require("hardhat/builtin-tasks/task-names");

const HOST = "127.0.0.1";
const HARDHAT_CHAIN_ID = 31337;
/** A chain id that is not a development chain, reported by the fake node below. */
const PRODUCTION_CHAIN_ID = 4242;
const CONTRACT_NAMES: ContractName[] = [
  "registry",
  "settlementToken",
  "receivables",
  "purchaseOrders",
  "warehouseReceipts",
  "creditLimits",
  "factoring",
  "orderFinancing",
  "receiptFinancing",
];
const MEMBER_ACTIVE = 1n;

// --- local helpers: JSON-RPC servers ------------------------------------------------------------

interface HardhatJsonRpcServer {
  listen(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

/**
 * Hardhat's `hardhat node` server over the in-process network, on a free port. TASK_NODE_GET_PROVIDER
 * returns the in-process network's provider but also switches its console logging on, for every
 * test file that shares it: switch it back off.
 */
async function startHardhatServer(): Promise<{ url: string; server: HardhatJsonRpcServer }> {
  const provider = await hre.run(TASK_NODE_GET_PROVIDER);
  await provider.request({ method: "hardhat_setLoggingEnabled", params: [false] });
  const server = (await hre.run(TASK_NODE_CREATE_SERVER, {
    hostname: HOST,
    port: 0,
    provider,
  })) as HardhatJsonRpcServer;
  const { port } = await server.listen();
  return { url: `http://${HOST}:${port}`, server };
}

type RpcRequest = { jsonrpc: string; id: unknown; method: string; params?: unknown[] };
/** What a fake node answers instead of the real one; `undefined` forwards the call to the Hardhat network. */
type Answer = { result: unknown } | { error: { code: number; message: string } } | undefined;
type Override = (method: string, params: unknown[]) => Answer | Promise<Answer>;

/**
 * A JSON-RPC node that answers some methods itself (`override`) and forwards every other call to the
 * in-process Hardhat network: a chain that reports another chain id, has no unlocked accounts...
 */
async function startFakeNode(override: Override): Promise<{ url: string; close(): Promise<void> }> {
  const answer = async (request: RpcRequest) => {
    const params = request.params ?? [];
    const overridden = await override(request.method, params);
    if (overridden) return { jsonrpc: "2.0", id: request.id, ...overridden };
    try {
      const result = await hre.network.provider.request({ method: request.method, params });
      return { jsonrpc: "2.0", id: request.id, result };
    } catch (error) {
      const e = error as { code?: number; message?: string; data?: unknown };
      return { jsonrpc: "2.0", id: request.id, error: { code: e.code ?? -32603, message: e.message, data: e.data } };
    }
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      void (async () => {
        const parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
        const reply = Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(reply));
      })();
    });
  });
  return listen(server);
}

/** Starts `server` on a free port of 127.0.0.1. */
async function listen(server: http.Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://${HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, HOST, resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A chain id override: the fake node claims to be chain `chainId`. */
function reportsChainId(chainId: number): Override {
  return (method) => (method === "eth_chainId" ? { result: `0x${chainId.toString(16)}` } : undefined);
}

async function blockNumber(): Promise<number> {
  return Number(await hre.network.provider.request({ method: "eth_blockNumber", params: [] }));
}

/** Checks every address of `deployment` on the chain: code, wiring, SYSTEM membership, token. */
async function expectDeployedAndWired(deployment: Deployment, currency = "CNY"): Promise<void> {
  const a = deployment.contracts;
  const provider = ethers.provider;
  for (const name of CONTRACT_NAMES) {
    expect(await provider.getCode(a[name]), `${name} has code`).to.not.equal("0x");
  }
  const registry = MemberRegistry__factory.connect(a.registry, provider);
  const token = SettlementToken__factory.connect(a.settlementToken, provider);
  const receivables = Receivables__factory.connect(a.receivables, provider);
  const purchaseOrders = PurchaseOrders__factory.connect(a.purchaseOrders, provider);
  const warehouseReceipts = WarehouseReceipts__factory.connect(a.warehouseReceipts, provider);
  const creditLimits = CreditLimits__factory.connect(a.creditLimits, provider);
  const factoring = Factoring__factory.connect(a.factoring, provider);
  const orderFinancing = OrderFinancing__factory.connect(a.orderFinancing, provider);
  const receiptFinancing = ReceiptFinancing__factory.connect(a.receiptFinancing, provider);

  // The governance account holds DEFAULT_ADMIN_ROLE and is the first operator.
  expect(await registry.hasRole(ZeroHash, deployment.governance)).to.equal(true);
  expect(await registry.hasRole(await registry.OPERATOR_ROLE(), deployment.governance)).to.equal(true);
  const governance = await registry.member(deployment.governance);
  expect(governance.roles).to.equal(BigInt(Role.OPERATOR));
  expect(governance.status).to.equal(MEMBER_ACTIVE);

  // The protocol contracts that hold assets or cash are SYSTEM members under their protocol org id.
  const system: [ContractName, string][] = [
    ["receivables", "protocol:receivables"],
    ["purchaseOrders", "protocol:purchase-orders"],
    ["factoring", "protocol:factoring"],
    ["orderFinancing", "protocol:order-financing"],
    ["receiptFinancing", "protocol:receipt-financing"],
  ];
  for (const [name, org] of system) {
    const member = await registry.member(a[name]);
    expect(member.roles, `${name} roles`).to.equal(BigInt(Role.SYSTEM));
    expect(member.status, `${name} status`).to.equal(MEMBER_ACTIVE);
    expect(member.orgId, `${name} org`).to.equal(text32(org));
    expect(await registry.isActiveWithRole(a[name], Role.SYSTEM)).to.equal(true);
  }
  // The others are not members.
  for (const name of ["registry", "settlementToken", "warehouseReceipts", "creditLimits"] as const) {
    expect((await registry.member(a[name])).status, `${name} is not a member`).to.equal(0n);
  }

  // Every contract asks this registry, and the protocol contracts know each other.
  for (const gated of [
    token,
    receivables,
    purchaseOrders,
    warehouseReceipts,
    creditLimits,
    factoring,
    orderFinancing,
    receiptFinancing,
  ]) {
    expect(await gated.registry()).to.equal(a.registry);
  }
  expect(await purchaseOrders.receivables()).to.equal(a.receivables);
  for (const financing of [factoring, orderFinancing, receiptFinancing]) {
    expect(await financing.receivables()).to.equal(a.receivables);
    expect(await financing.creditLimits()).to.equal(a.creditLimits);
  }
  expect(await orderFinancing.orders()).to.equal(a.purchaseOrders);
  expect(await receiptFinancing.receipts()).to.equal(a.warehouseReceipts);

  // The settlement token of the currency is registered with the receivables contract.
  expect(await receivables.settlementToken(currencyCode(currency))).to.equal(a.settlementToken);
  expect(await token.currency()).to.equal(currencyCode(currency));
  expect(await token.totalSupply()).to.equal(0n);
}

// --- the tests ----------------------------------------------------------------------------------

describe("scripts/deploy.ts", function () {
  let url: string;
  let server: HardhatJsonRpcServer;
  let tmp: string;
  let snapshot: string;
  const opened: DeployResult[] = [];
  const closers: (() => Promise<void>)[] = [];
  const repoDeployments = deploymentPath(HARDHAT_CHAIN_ID);
  const repoDeploymentsBefore = fs.existsSync(repoDeployments) ? fs.statSync(repoDeployments).mtimeMs : null;

  /** deploy() with the test's temp dir, remembering the provider to destroy it afterwards. */
  async function deployHere(params: Parameters<typeof deploy>[0] = {}): Promise<DeployResult> {
    const result = await deploy({ rpcUrl: url, deploymentsDir: tmp, ...params });
    opened.push(result);
    return result;
  }

  async function fakeNode(override: Override): Promise<string> {
    const node = await startFakeNode(override);
    closers.push(node.close);
    return node.url;
  }

  /** Gives `address` 1000 ether. */
  async function fund(address: string): Promise<void> {
    await hre.network.provider.request({ method: "hardhat_setBalance", params: [address, "0x3635C9ADC5DEA00000"] });
  }

  /** The node's account #0, as `hardhat node` would expose it. */
  async function account0(): Promise<string> {
    return (await ethers.getSigners())[0].address;
  }

  let initialBlock: number;

  before(async function () {
    initialBlock = await blockNumber();
    ({ url, server } = await startHardhatServer());
  });

  after(async function () {
    await server.close();
    // The shared network is back where this file found it.
    expect(await blockNumber()).to.equal(initialBlock);
    // Nothing was ever written into the repository's own deployments directory.
    const after = fs.existsSync(repoDeployments) ? fs.statSync(repoDeployments).mtimeMs : null;
    expect(after).to.equal(repoDeploymentsBefore);
  });

  beforeEach(async function () {
    snapshot = (await hre.network.provider.request({ method: "evm_snapshot", params: [] })) as string;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scf-deploy-test-"));
  });

  afterEach(async function () {
    for (const result of opened.splice(0)) result.provider.destroy();
    for (const close of closers.splice(0)) await close();
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(await hre.network.provider.request({ method: "evm_revert", params: [snapshot] })).to.equal(true);
  });

  describe("constants", function () {
    it("treats the Hardhat and Ganache/Anvil chain ids as development chains", function () {
      expect(DEVELOPMENT_CHAIN_IDS).to.deep.equal([31337, 1337]);
      expect(DEFAULT_RPC_URL).to.equal("http://127.0.0.1:8545");
    });
  });

  describe("connect", function () {
    it("returns the node's chain id and a provider bound to it", async function () {
      const { provider, chainId } = await connect(url);
      try {
        expect(chainId).to.equal(HARDHAT_CHAIN_ID);
        expect((await provider.getNetwork()).chainId).to.equal(BigInt(HARDHAT_CHAIN_ID));
        expect(await provider.getBlockNumber()).to.equal(await blockNumber());
      } finally {
        provider.destroy();
      }
    });

    it("fails with the URL and the refused connection when nothing listens there", async function () {
      const port = await closedPort();
      const dead = `http://${HOST}:${port}`;
      await expect(connect(dead, 2_000)).to.be.rejectedWith(
        `cannot reach a JSON-RPC node at ${dead} (connect ECONNREFUSED ${HOST}:${port})`,
      );
    });

    it("fails within the deadline when the node never answers", async function () {
      const silent = await listen(http.createServer(() => undefined));
      closers.push(silent.close);
      const started = Date.now();
      await expect(connect(silent.url, 300)).to.be.rejectedWith(
        `cannot reach a JSON-RPC node at ${silent.url} (no answer within 300 ms)`,
      );
      expect(Date.now() - started).to.be.lessThan(3_000);
    });

    it("fails when what answers is not a JSON-RPC node", async function () {
      const web = await listen(
        http.createServer((_req, res) => {
          res.writeHead(404, { "content-type": "text/html" });
          res.end("<html>not found</html>");
        }),
      );
      closers.push(web.close);
      await expect(connect(web.url, 2_000)).to.be.rejectedWith(
        `cannot reach a JSON-RPC node at ${web.url} (HTTP 404, and the answer is not JSON-RPC)`,
      );
    });

    it("fails when eth_chainId does not return a hex quantity", async function () {
      const odd = await fakeNode((method) => (method === "eth_chainId" ? { result: 31337 } : undefined));
      await expect(connect(odd, 2_000)).to.be.rejectedWith(
        `cannot reach a JSON-RPC node at ${odd} (eth_chainId returned 31337, not a hex quantity)`,
      );
    });
  });

  describe("resolveDeployer", function () {
    let provider: JsonRpcProvider;

    beforeEach(async function () {
      ({ provider } = await connect(url));
    });

    afterEach(function () {
      provider.destroy();
    });

    it("uses the node's first unlocked account when no key is given", async function () {
      for (const key of [undefined, "", "   "]) {
        const deployer = await resolveDeployer(provider, url, key);
        expect(deployer.address).to.equal(await account0());
        expect(await deployer.signer.getAddress()).to.equal(await account0());
        expect(deployer.source).to.equal("the node's unlocked account #0");
      }
    });

    it("uses a wallet for a private key, with or without 0x and surrounding blanks", async function () {
      const wallet = Wallet.createRandom();
      for (const key of [wallet.privateKey, wallet.privateKey.slice(2), `  ${wallet.privateKey}\n`]) {
        const deployer = await resolveDeployer(provider, url, key);
        expect(deployer.address).to.equal(wallet.address);
        expect(deployer.signer).to.be.instanceOf(Wallet);
        expect(deployer.signer.provider).to.equal(provider);
        expect(deployer.source).to.equal("DEPLOYER_PRIVATE_KEY");
      }
    });

    it("rejects an invalid private key without echoing it", async function () {
      for (const key of ["0x1234", "not-a-key", `0x${"zz".repeat(32)}`]) {
        const rejection = resolveDeployer(provider, url, key);
        await expect(rejection).to.be.rejectedWith(
          "DEPLOYER_PRIVATE_KEY is not a valid private key (expected 32 bytes as hex)",
        );
        const message = await rejection.catch((error: Error) => error.message);
        expect(message).to.not.contain(key);
      }
    });

    it("asks for a key when the node has no unlocked accounts", async function () {
      const locked = await fakeNode((method) => (method === "eth_accounts" ? { result: [] } : undefined));
      await expect(resolveDeployer(provider, locked)).to.be.rejectedWith(
        `the node at ${locked} has no unlocked accounts; set DEPLOYER_PRIVATE_KEY to the governance account's key`,
      );
    });

    it("asks for a key when the node does not offer eth_accounts", async function () {
      const besu = await fakeNode((method) =>
        method === "eth_accounts" ? { error: { code: -32601, message: "Method not found" } } : undefined,
      );
      await expect(resolveDeployer(provider, besu)).to.be.rejectedWith(
        `the node at ${besu} does not provide unlocked accounts (eth_accounts failed: Method not found (code -32601)); ` +
          "set DEPLOYER_PRIVATE_KEY to deploy with a key",
      );
    });
  });

  describe("deploy", function () {
    it("deploys and wires every contract with the node's unlocked account #0 and records it", async function () {
      const lines: string[] = [];
      const startBlock = await blockNumber();
      const result = await deployHere({ log: (line) => lines.push(line) });

      const file = path.join(tmp, `${HARDHAT_CHAIN_ID}.json`);
      expect(result.file).to.equal(file);
      expect(result.deployerAddress).to.equal(await account0());
      expect(await result.deployer.getAddress()).to.equal(await account0());

      // The record on disk is the returned deployment.
      const recorded = JSON.parse(fs.readFileSync(file, "utf8")) as Deployment;
      expect(recorded).to.deep.equal(result.deployment);
      expect(readDeployment(HARDHAT_CHAIN_ID, tmp)).to.deep.equal(result.deployment);
      expect(recorded.chainId).to.equal(HARDHAT_CHAIN_ID);
      expect(recorded.currency).to.equal("CNY");
      expect(recorded.governance).to.equal(await account0());
      expect(recorded.startBlock).to.equal(startBlock);
      expect(Number.isNaN(Date.parse(recorded.deployedAt))).to.equal(false);
      expect(Object.keys(recorded.contracts).sort()).to.deep.equal([...CONTRACT_NAMES].sort());
      for (const name of CONTRACT_NAMES) {
        expect(ethers.isAddress(recorded.contracts[name]), name).to.equal(true);
        expect(recorded.contracts[name]).to.equal(await result.contracts[name].getAddress());
      }
      expect(new Set(Object.values(recorded.contracts)).size).to.equal(CONTRACT_NAMES.length);
      // 9 deployments, 5 admissions and the token registration, one block each.
      expect(await blockNumber()).to.equal(startBlock + 15);

      await expectDeployedAndWired(recorded);
      const token = SettlementToken__factory.connect(recorded.contracts.settlementToken, ethers.provider);
      expect(await token.name()).to.equal("Tokenized Deposit CNY");
      expect(await token.symbol()).to.equal("dCNY");
      expect(
        (await MemberRegistry__factory.connect(recorded.contracts.registry, ethers.provider).member(await account0()))
          .orgId,
      ).to.equal(text32("consortium-operator"));

      // Progress: who deploys where, each step, and where the record went.
      expect(lines[0]).to.equal(
        `Deploying to chain ${HARDHAT_CHAIN_ID} at ${url} as ${await account0()} (the node's unlocked account #0)`,
      );
      expect(lines).to.include(`deployed MemberRegistry at ${recorded.contracts.registry}`);
      expect(lines).to.include(`deployed ReceiptFinancing at ${recorded.contracts.receiptFinancing}`);
      expect(lines).to.include("admitted factoring as a protocol contract");
      expect(lines).to.include("registered the CNY settlement token");
      expect(lines[lines.length - 1]).to.equal(`Recorded the deployment in ${path.relative(process.cwd(), file)}`);
      expect(lines).to.have.length(1 + 9 + 5 + 1 + 1);
    });

    it("deploys with an explicit private key, which becomes the governance account", async function () {
      const wallet = Wallet.createRandom();
      await fund(wallet.address);
      // Blocks take time on a real chain; see the BUG test below for an instant-mining node.
      const chain = await fakeNode(async (method) => {
        if (method === "eth_sendRawTransaction") await new Promise((resolve) => setTimeout(resolve, 300));
        return undefined;
      });
      const lines: string[] = [];
      const result = await deployHere({
        rpcUrl: chain,
        privateKey: wallet.privateKey.slice(2),
        log: (line) => lines.push(line),
        consortium: { tokenName: "Test Deposit", tokenSymbol: "tCNY", operatorOrg: "test-operator" },
      });

      expect(result.deployerAddress).to.equal(wallet.address);
      expect(result.deployer).to.be.instanceOf(Wallet);
      expect(result.deployment.governance).to.equal(wallet.address);
      expect(readDeployment(HARDHAT_CHAIN_ID, tmp)).to.deep.equal(result.deployment);
      // The key's account signed every transaction: 9 deployments + 6 wiring transactions.
      expect(await ethers.provider.getTransactionCount(wallet.address)).to.equal(15);
      expect(lines[0]).to.equal(
        `Deploying to chain ${HARDHAT_CHAIN_ID} at ${chain} as ${wallet.address} (DEPLOYER_PRIVATE_KEY)`,
      );

      await expectDeployedAndWired(result.deployment);
      const registry = MemberRegistry__factory.connect(result.deployment.contracts.registry, ethers.provider);
      expect(await registry.hasRole(ZeroHash, await account0())).to.equal(false);
      expect((await registry.member(await account0())).status).to.equal(0n);
      expect((await registry.member(wallet.address)).orgId).to.equal(text32("test-operator"));
      const token = SettlementToken__factory.connect(result.deployment.contracts.settlementToken, ethers.provider);
      expect(await token.name()).to.equal("Test Deposit");
      expect(await token.symbol()).to.equal("tCNY");
    });

    // ethers caches requests for 250 ms by default: a Wallet would then reuse a nonce on a chain that
    // mines instantly (Hardhat, Anvil, `npm start`'s chain).
    it("deploys with an explicit private key on a node that mines instantly", async function () {
      const wallet = Wallet.createRandom();
      await fund(wallet.address);
      const result = await deployHere({ privateKey: wallet.privateKey });
      expect(result.deployment.governance).to.equal(wallet.address);
      await expectDeployedAndWired(result.deployment);
    });

    it("deploys for another currency when the consortium options say so", async function () {
      const result = await deployHere({ consortium: { currency: "EUR" } });
      expect(result.deployment.currency).to.equal("EUR");
      await expectDeployedAndWired(result.deployment, "EUR");
      const receivables = Receivables__factory.connect(result.deployment.contracts.receivables, ethers.provider);
      expect(await receivables.settlementToken(currencyCode("CNY"))).to.equal(ethers.ZeroAddress);
      const token = SettlementToken__factory.connect(result.deployment.contracts.settlementToken, ethers.provider);
      expect(await token.symbol()).to.equal("dEUR");
    });

    it("replaces an existing record of a development chain without being asked", async function () {
      const file = path.join(tmp, `${HARDHAT_CHAIN_ID}.json`);
      fs.writeFileSync(file, '{"stale":true}\n');
      const result = await deployHere({});
      expect(readDeployment(HARDHAT_CHAIN_ID, tmp)).to.deep.equal(result.deployment);
      expect(fs.readFileSync(file, "utf8")).to.not.contain("stale");
    });

    it("replaces an existing record of chain 1337 without being asked", async function () {
      const ganache = await fakeNode(reportsChainId(1337));
      const file = path.join(tmp, "1337.json");
      fs.writeFileSync(file, '{"stale":true}\n');
      const result = await deployHere({ rpcUrl: ganache });
      expect(result.deployment.chainId).to.equal(1337);
      expect(readDeployment(1337, tmp)).to.deep.equal(result.deployment);
    });

    describe("on a non-development chain", function () {
      let production: string;
      let file: string;

      beforeEach(async function () {
        production = await fakeNode(reportsChainId(PRODUCTION_CHAIN_ID));
        file = path.join(tmp, `${PRODUCTION_CHAIN_ID}.json`);
      });

      it("records a first deployment without the overwrite flag", async function () {
        const result = await deployHere({ rpcUrl: production });
        expect(result.file).to.equal(file);
        expect(result.deployment.chainId).to.equal(PRODUCTION_CHAIN_ID);
        expect(readDeployment(PRODUCTION_CHAIN_ID, tmp)).to.deep.equal(result.deployment);
        await expectDeployedAndWired(result.deployment);
      });

      it("refuses to replace an existing record without the overwrite flag, before any transaction", async function () {
        fs.writeFileSync(file, '{"kept":true}\n');
        const before = await blockNumber();
        await expect(deploy({ rpcUrl: production, deploymentsDir: tmp })).to.be.rejectedWith(
          `${file} already records a deployment on chain ${PRODUCTION_CHAIN_ID}; move it away or set DEPLOY_OVERWRITE=1 to replace it`,
        );
        await expect(deploy({ rpcUrl: production, deploymentsDir: tmp, overwrite: false })).to.be.rejectedWith(
          `${file} already records a deployment on chain ${PRODUCTION_CHAIN_ID}`,
        );
        expect(fs.readFileSync(file, "utf8")).to.equal('{"kept":true}\n');
        expect(await blockNumber()).to.equal(before);
      });

      it("replaces an existing record with the overwrite flag", async function () {
        fs.writeFileSync(file, '{"kept":true}\n');
        const result = await deployHere({ rpcUrl: production, overwrite: true });
        expect(result.deployment.chainId).to.equal(PRODUCTION_CHAIN_ID);
        const recorded = readDeployment(PRODUCTION_CHAIN_ID, tmp);
        expect(recorded).to.deep.equal(result.deployment);
        await expectDeployedAndWired(recorded);
      });
    });

    it("fails with a clear message when the RPC URL is unreachable", async function () {
      const port = await closedPort();
      const dead = `http://${HOST}:${port}`;
      await expect(deploy({ rpcUrl: dead, deploymentsDir: tmp, timeoutMs: 2_000 })).to.be.rejectedWith(
        `cannot reach a JSON-RPC node at ${dead} (connect ECONNREFUSED ${HOST}:${port})`,
      );
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });

    it("fails with a clear message for an invalid private key, before any transaction", async function () {
      const before = await blockNumber();
      const key = "0xdeadbeef";
      const rejection = deploy({ rpcUrl: url, deploymentsDir: tmp, privateKey: key });
      await expect(rejection).to.be.rejectedWith(
        "DEPLOYER_PRIVATE_KEY is not a valid private key (expected 32 bytes as hex)",
      );
      expect(await rejection.catch((error: Error) => error.message)).to.not.contain(key);
      expect(await blockNumber()).to.equal(before);
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });

    it("fails when the deployer's key has no ether to pay for gas", async function () {
      const wallet = Wallet.createRandom();
      const before = await blockNumber();
      await expect(deploy({ rpcUrl: url, deploymentsDir: tmp, privateKey: wallet.privateKey })).to.be.rejectedWith(
        `the deployer ${wallet.address} has no ether to pay for gas on chain ${HARDHAT_CHAIN_ID}; fund it first`,
      );
      expect(await blockNumber()).to.equal(before);
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });

    it("fails when the node has no unlocked account and no key is given", async function () {
      const locked = await fakeNode((method) => (method === "eth_accounts" ? { result: [] } : undefined));
      await expect(deploy({ rpcUrl: locked, deploymentsDir: tmp })).to.be.rejectedWith(
        `the node at ${locked} has no unlocked accounts; set DEPLOYER_PRIVATE_KEY to the governance account's key`,
      );
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });

    it("names the chain and the node's reason when a deployment transaction is rejected", async function () {
      const broke = await fakeNode((method) =>
        method === "eth_sendTransaction"
          ? { error: { code: -32000, message: "insufficient funds for gas * price + value" } }
          : undefined,
      );
      const rejection = deploy({ rpcUrl: broke, deploymentsDir: tmp });
      await expect(rejection).to.be.rejectedWith(
        `deployment to chain ${HARDHAT_CHAIN_ID} failed: insufficient funds for intrinsic transaction cost`,
      );
      const error = (await rejection.catch((e: unknown) => e)) as Error & { cause?: Error & { code?: string } };
      expect(error.cause?.code).to.equal("INSUFFICIENT_FUNDS");
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });
  });
});
