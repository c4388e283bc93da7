/**
 * scripts/demo.ts played over JSON-RPC on a fresh deployment made by scripts/deploy.ts, against
 * Hardhat's own node server started inside the test process over the in-process Hardhat network.
 * The network is snapshotted before and reverted after, and the deployment is recorded in a
 * temporary directory only.
 */
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { connect, deploy, type DeployResult } from "../../scripts/deploy";
import { DEMO_MEMBERS, playDemo, roleNames, type DemoResult, type MemberKey } from "../../scripts/demo";
import { Role, text32 } from "../../scripts/lib/consortium";
import { yuan } from "../../scripts/lib/demo/format";
import {
  DealStatus,
  LoanStatus,
  OrderStatus,
  PartStatus,
  ReceiptStatus,
  ReceivableStatus,
} from "../../scripts/lib/statuses";
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
const MEMBER_ACTIVE = 1n;
const DAY = 86_400;
const HOUR = 3_600;

// --- local helpers --------------------------------------------------------------------------------

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
type Answer = { result: unknown } | { error: { code: number; message: string } } | undefined;

/**
 * A JSON-RPC node that answers some methods itself (`override`) and forwards every other call to the
 * in-process Hardhat network: here, a chain without the dev-only evm_* methods.
 */
async function startFakeNode(override: (method: string) => Answer): Promise<{ url: string; close(): Promise<void> }> {
  const answer = async (request: RpcRequest) => {
    const overridden = override(request.method);
    if (overridden) return { jsonrpc: "2.0", id: request.id, ...overridden };
    try {
      const result = await hre.network.provider.request({ method: request.method, params: request.params ?? [] });
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

async function evmSnapshot(): Promise<string> {
  return (await hre.network.provider.request({ method: "evm_snapshot", params: [] })) as string;
}

async function evmRevert(id: string): Promise<void> {
  expect(await hre.network.provider.request({ method: "evm_revert", params: [id] })).to.equal(true);
}

async function blockNumber(): Promise<number> {
  return Number(await hre.network.provider.request({ method: "eth_blockNumber", params: [] }));
}

// --- the tests ----------------------------------------------------------------------------------

describe("scripts/demo.ts", function () {
  let url: string;
  let server: HardhatJsonRpcServer;
  let tmp: string;
  let initialBlock: number;

  before(async function () {
    initialBlock = await blockNumber();
    ({ url, server } = await startHardhatServer());
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scf-demo-test-"));
  });

  after(async function () {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    // The shared network is back where this file found it.
    expect(await blockNumber()).to.equal(initialBlock);
  });

  describe("playDemo on a fresh deployment", function () {
    let snapshot: string;
    let deployed: DeployResult;
    let result: DemoResult;
    let deployEndBlock: number;
    const lines: string[] = [];

    before(async function () {
      snapshot = await evmSnapshot();
      deployed = await deploy({ rpcUrl: url, deploymentsDir: tmp });
      deployEndBlock = await blockNumber();
      result = await playDemo(deployed.provider, deployed.deployment, (line) => lines.push(line));
    });

    after(async function () {
      deployed?.provider.destroy();
      await evmRevert(snapshot);
    });

    /** The contracts of the demo's deployment, read through the in-process network. */
    function contracts() {
      const a = deployed.deployment.contracts;
      const p = ethers.provider;
      return {
        registry: MemberRegistry__factory.connect(a.registry, p),
        token: SettlementToken__factory.connect(a.settlementToken, p),
        receivables: Receivables__factory.connect(a.receivables, p),
        purchaseOrders: PurchaseOrders__factory.connect(a.purchaseOrders, p),
        warehouseReceipts: WarehouseReceipts__factory.connect(a.warehouseReceipts, p),
        creditLimits: CreditLimits__factory.connect(a.creditLimits, p),
        factoring: Factoring__factory.connect(a.factoring, p),
        orderFinancing: OrderFinancing__factory.connect(a.orderFinancing, p),
        receiptFinancing: ReceiptFinancing__factory.connect(a.receiptFinancing, p),
      };
    }

    it("casts the node's first nine unlocked accounts and admits them with their roles", async function () {
      const signers = await ethers.getSigners();
      const { registry } = contracts();
      expect(Object.keys(result.members)).to.deep.equal(DEMO_MEMBERS.map((m) => m.key));
      for (const spec of DEMO_MEMBERS) {
        const member = result.members[spec.key];
        expect(member.address).to.equal(signers[spec.index].address);
        expect(member.roleNames).to.deep.equal(roleNames(spec.roles));
        const record = await registry.member(member.address);
        expect(record.roles, spec.key).to.equal(BigInt(spec.roles));
        expect(record.status, spec.key).to.equal(MEMBER_ACTIVE);
        expect(record.orgId, spec.key).to.equal(text32(spec.org));
      }
      expect(result.members.operator.address).to.equal(deployed.deployment.governance);
      expect(result.members.tier1.roleNames).to.deep.equal(["CORE_ENTERPRISE", "SUPPLIER"]);
      expect(result.members.regulator.roles).to.equal(Role.REGULATOR);
    });

    it("returns the ids of everything it created", function () {
      expect(result.ids).to.deep.equal({
        orderId: 1n,
        orderLoanId: 1n,
        orderReceivableId: 6n,
        invoiceReceivableId: 1n,
        tier2PartId: 2n,
        tier3PartId: 3n,
        recourseDealId: 1n,
        openDealId: 2n,
        receiptId: 1n,
        receiptLoanId: 1n,
        defaultedReceivableId: 4n,
        defaultedDealId: 3n,
        lateReceivableId: 5n,
      });
    });

    it("starts its clock at the first noon UTC after the deployment and ends 89 days later", async function () {
      const deployedBlock = await ethers.provider.getBlock(deployEndBlock);
      // Noon: the story's calendar-day counts (and so its amounts) do not depend on the time it runs at.
      expect(result.startedAt % DAY).to.equal(DAY / 2);
      expect(result.startedAt).to.be.within(deployedBlock!.timestamp, deployedBlock!.timestamp + DAY);
      const latest = await ethers.provider.getBlock("latest");
      expect(latest!.timestamp).to.be.within(result.startedAt + 89 * DAY - HOUR, result.startedAt + 90 * DAY);
    });

    it("ends with every supplied token accounted for, and the balances the story implies", async function () {
      const { token } = contracts();
      // Minted: 10M to each bank, 8M to the core enterprise, 1M to the tier-1 supplier; nothing redeemed.
      expect(result.totalSupply).to.equal(yuan(29_000_000));
      expect(await token.totalSupply()).to.equal(result.totalSupply);
      expect(result.sumOfBalances).to.equal(result.totalSupply);

      // Interest and discounts are Actual/360 on whole days.
      expect(result.balances).to.deep.equal({
        operator: 0n,
        // 8M deposit - 2M order - 3M split invoice - 0.5M late payable
        core: yuan(2_500_000),
        // 1M + 1.6M order loan + 1.5M receipt loan - (1.5M + 10,312.50 interest: 5.5% x 45 days)
        // + 0.5M late payable + 384k waterfall remainder + 1.8M kept part; the defaulted 300k is never paid
        tier1: yuan(1_000_000 + 1_600_000 + 1_500_000 - 1_500_000 + 500_000 + 384_000 + 1_800_000) - 1_031_250n,
        // 709,200 (deal 1 price) + 238,400 (deal 3 price) - 240,000 (recourse) + 80,000 (deal 1 reserve)
        tier2: yuan(709_200 + 238_400 - 240_000 + 80_000),
        // 334,050 (deal 2 price: 340k advance - 5,950 discount) + 60,000 (reserve)
        tier3: yuan(334_050 + 60_000),
        // 10M - 1.6M loan + 1.616M waterfall (4.5% x 80 days) - 709,200 price + 720,000 advance back
        bankA: yuan(10_000_000 - 1_600_000 + 1_616_000 - 709_200 + 720_000),
        // 10M - 334,050 - 1.5M + 1,510,312.50 repaid - 238,400 + 240,000 recourse + 340,000 advance back
        bankB: yuan(10_000_000 - 334_050 - 1_500_000 + 1_510_312 - 238_400 + 240_000 + 340_000) + 50n,
        warehouse: 0n,
        regulator: 0n,
      });

      // The holders are the nine members and the nine contracts, balances as on chain; no contract
      // keeps any cash once every flow is settled.
      const contractAddresses = Object.values(deployed.deployment.contracts).map((a) => a.toLowerCase());
      const memberAddresses = Object.values(result.members).map((m) => m.address.toLowerCase());
      expect(result.holders.map((h) => h.address).sort()).to.deep.equal(
        [...memberAddresses, ...contractAddresses].sort(),
      );
      for (const holder of result.holders) {
        expect(holder.balance, holder.label).to.equal(await token.balanceOf(holder.address));
        if (contractAddresses.includes(holder.address)) expect(holder.balance, holder.label).to.equal(0n);
      }
      const sum = Object.values(result.balances).reduce((total, balance) => total + balance, 0n);
      expect(sum).to.equal(result.totalSupply);
    });

    it("leaves every asset, deal and loan in its final status", async function () {
      const c = contracts();
      const ids = result.ids;
      const m = (key: MemberKey) => result.members[key].address;

      // Receivables: three paid, the one the tier-1 buyer never paid in default, held by tier 2 again.
      expect((await c.receivables.receivable(ids.invoiceReceivableId)).status).to.equal(ReceivableStatus.Paid);
      expect((await c.receivables.receivable(ids.orderReceivableId)).status).to.equal(ReceivableStatus.Paid);
      expect((await c.receivables.receivable(ids.lateReceivableId)).status).to.equal(ReceivableStatus.Paid);
      const defaulted = await c.receivables.receivable(ids.defaultedReceivableId);
      expect(defaulted.status).to.equal(ReceivableStatus.Defaulted);
      expect(defaulted.obligor).to.equal(m("tier1"));
      const defaultedPart = await c.receivables.part(ids.defaultedReceivableId);
      expect(defaultedPart.status).to.equal(PartStatus.Active);
      expect(defaultedPart.holder).to.equal(m("tier2"));
      expect(defaultedPart.amount).to.equal(yuan(300_000));

      // Parts of the split receivable: all redeemed, lineage back to the root.
      for (const partId of [ids.invoiceReceivableId, ids.tier2PartId, ids.tier3PartId]) {
        const part = await c.receivables.part(partId);
        expect(part.status, `part #${partId}`).to.equal(PartStatus.Redeemed);
        expect(part.rootId, `part #${partId}`).to.equal(ids.invoiceReceivableId);
      }
      expect((await c.receivables.part(ids.tier3PartId)).parentId).to.equal(ids.tier2PartId);
      expect((await c.receivables.part(ids.tier2PartId)).parentId).to.equal(ids.invoiceReceivableId);
      for (const partId of [ids.lateReceivableId, ids.orderReceivableId]) {
        expect((await c.receivables.part(partId)).status, `part #${partId}`).to.equal(PartStatus.Redeemed);
      }

      // The order became the receivable the financing bank collected.
      const order = await c.purchaseOrders.order(ids.orderId);
      expect(order.status).to.equal(OrderStatus.Converted);
      expect(order.receivableId).to.equal(ids.orderReceivableId);
      expect((await c.receivables.receivable(ids.orderReceivableId)).orderId).to.equal(ids.orderId);

      // Deals: both factored parts collected, the defaulted one settled under recourse.
      expect((await c.factoring.deal(ids.recourseDealId)).status).to.equal(DealStatus.Collected);
      expect((await c.factoring.deal(ids.openDealId)).status).to.equal(DealStatus.Collected);
      const recourse = await c.factoring.deal(ids.defaultedDealId);
      expect(recourse.status).to.equal(DealStatus.RecourseSettled);
      expect(recourse.bank).to.equal(m("bankB"));
      expect((await c.factoring.deal(ids.openDealId)).bank).to.equal(m("bankB"));

      // Loans repaid; the warehouse receipt back with its owner, unpledged and not frozen.
      expect((await c.orderFinancing.loan(ids.orderLoanId)).status).to.equal(LoanStatus.Repaid);
      expect((await c.receiptFinancing.loan(ids.receiptLoanId)).status).to.equal(LoanStatus.Repaid);
      const receipt = await c.warehouseReceipts.receipt(ids.receiptId);
      expect(receipt.status).to.equal(ReceiptStatus.Active);
      expect(receipt.owner).to.equal(m("tier1"));
      expect(receipt.pledgee).to.equal(ethers.ZeroAddress);
      expect(receipt.pledgedQuantity).to.equal(0n);
      expect(receipt.frozen).to.equal(false);

      // Every credit line the banks opened is free again.
      const lines: [MemberKey, MemberKey, number][] = [
        ["bankA", "core", 0],
        ["bankA", "tier1", 1],
        ["bankA", "tier2", 1],
        ["bankB", "core", 0],
        ["bankB", "tier1", 0],
        ["bankB", "tier1", 1],
        ["bankB", "tier2", 1],
      ];
      for (const [bank, counterparty, kind] of lines) {
        const line = await c.creditLimits.creditLine(m(bank), m(counterparty), kind);
        expect(line.limit, `${bank} -> ${counterparty}`).to.be.greaterThan(0n);
        expect(line.used, `${bank} -> ${counterparty}`).to.equal(0n);
      }
    });

    it("logs one dated section per flow, in order", function () {
      expect(lines[0]).to.equal("Demo consortium on chain 31337, amounts in CNY (tokenized deposits, 2 decimals)");
      const sections = lines
        .filter((line) => line.startsWith("Day "))
        .map((line) => {
          const match = /^Day (\d+) · \d{4}-\d{2}-\d{2} — (.+)$/.exec(line);
          expect(match, line).to.not.equal(null);
          return `${match![1]} ${match![2]}`;
        });
      expect(sections).to.deep.equal([
        "0 the operator admits the members after KYC",
        "0 banks mint deposits and set credit limits",
        "0 a purchase order, confirmed and prefinanced",
        "0 a confirmed payable split down the supply chain and factored",
        "0 inventory financing against a warehouse receipt",
        "0 two more payables, which will not be paid on time",
        "15 inventory check",
        "20 delivery of the prefinanced order",
        "31 maturity passed unpaid",
        "45 repayment of the inventory loan",
        "60 defaults after the grace period",
        "79 maturity of the prefinanced order's receivable",
        "89 maturity of the split receivable",
        "89 the regulator traces a part back to its trade",
        "89 settlement-token balances",
      ]);
    });

    it("logs each step of every flow", function () {
      const core = result.members.core.address;
      const expected = [
        // onboarding
        `  ✓ Consortium Operator admitted Jinghai Motors (${core.slice(0, 6)}…${core.slice(-4)}) as CORE_ENTERPRISE`,
        "  ✓ Consortium Operator admitted Ruifeng Components (",
        // cash and credit
        "  ✓ Bank A minted ¥8,000,000.00 of tokenized deposits to Jinghai Motors against its deposit account",
        "  ✓ Bank B set its obligor credit limit of ¥500,000.00 for Ruifeng Components",
        // order financing
        "  ✓ Ruifeng Components submitted order PO-",
        "  ✓ Jinghai Motors confirmed order #1",
        "  ✓ Bank A funded loan #1: paid ¥1,600,000.00 to Ruifeng Components (80.00% of the order, 4.50% a year, due ",
        // split and factoring
        "  ✓ Ruifeng Components split ¥1,200,000.00 off receivable #1 to pay Minghui Stamping → part #2; it keeps ¥1,800,000.00",
        "  ✓ Minghui Stamping passed ¥400,000.00 of part #2 on to Anxin Fasteners → part #3; it keeps ¥800,000.00",
        "  ✓ Bank A bought deal #1 with recourse: advance ¥720,000.00 (90.00%), discount ¥10,800.00 (6.00% a year, 90 days)",
        "  ✓ Bank B took the open offer: advance ¥340,000.00 (85.00%), discount ¥5,950.00 (7.00% a year, 90 days)",
        // warehouse-receipt financing and the inventory check
        "  ✓ Yangshan Warehouse issued warehouse receipt #1 to Ruifeng Components: 500 t of cold-rolled steel coils",
        "  ✓ Bank B lent ¥1,500,000.00 at 5.50% a year (loan-to-value 70.00%, cap ¥1,750,000.00)",
        "  ✓ Yangshan Warehouse attested only 470 t against 500 t pledged: further drawing on receipt #1 is frozen",
        "    ALERT to Bank B: pledge of receipt #1 frozen (ReceiptPledgeFrozen)",
        "  ✓ Bank B reviewed the warehouse's report and lifted the freeze",
        // delivery, overdue, repayment
        "  ✓ Jinghai Motors accepted delivery of order #1 against invoice INV-",
        "  ✓ Bank B recorded receivable #4 (owed by Ruifeng Components) as overdue",
        "  ✓ Ruifeng Components repaid loan #1 to Bank B: ¥1,500,000.00 + ¥10,312.50 interest; the pledge on receipt #1 is released",
        // default, recourse, late payment
        "  ✓ Bank B declared receivable #4 in default (grace period of 30 days over)",
        "  ✓ Bank B claimed its advance of ¥240,000.00 from Minghui Stamping under recourse",
        "  ✓ Minghui Stamping paid ¥240,000.00 back to Bank B and took receivable #4 back",
        "  ✓ Jinghai Motors paid receivable #5 late (after maturity, after the default): ¥500,000.00",
        // waterfall and maturity of the split receivable
        "  ✓ Waterfall of loan #1: of ¥2,000,000.00 collected, Bank A received ¥1,616,000.00 (principal and interest), Ruifeng Components the remaining ¥384,000.00",
        "  ✓ Deal #1 collected: Bank A received its advance ¥720,000.00, Minghui Stamping the reserve ¥80,000.00",
        "  ✓ Deal #2 collected: Bank B received its advance ¥340,000.00, Anxin Fasteners the reserve ¥60,000.00",
        // the regulator's lineage and the books
        "  ✓ part #3: ¥400,000.00 held by the factoring contract (Redeemed), split from part #2",
        "  ✓ receivable #1: ¥3,000,000.00 owed by Jinghai Motors, invoice ",
        "  ✓ total supply = sum of all balances: no value was created or lost",
      ];
      for (const start of expected) {
        expect(
          lines.filter((line) => line.startsWith(start)),
          start,
        ).to.have.length(1);
      }
      const totals = lines.filter((line) => /^ {2}(Sum of all 18 accounts|Total supply) +¥29,000,000\.00$/.test(line));
      expect(totals).to.have.length(2);
      // Every member admitted once (the operator is admitted by the deployment).
      expect(lines.filter((line) => line.startsWith("  ✓ Consortium Operator admitted "))).to.have.length(8);
    });

    describe("refusals, before any transaction", function () {
      let blockBefore: number;

      beforeEach(async function () {
        blockBefore = await blockNumber();
      });

      afterEach(async function () {
        expect(await blockNumber()).to.equal(blockBefore);
      });

      it("refuses to play twice on the same deployment", async function () {
        await expect(playDemo(deployed.provider, deployed.deployment, () => undefined)).to.be.rejectedWith(
          "the demo's members are admitted already: the demo runs once, on a fresh deployment",
        );
      });

      it("refuses a deployment whose governance is not the node's account #0", async function () {
        const other = result.members.bankA.address;
        await expect(
          playDemo(deployed.provider, { ...deployed.deployment, governance: other }, () => undefined),
        ).to.be.rejectedWith(
          `the demo's operator is the node's account #0 (${result.members.operator.address}), but the deployment's governance is ${other}`,
        );
      });

      it("refuses a chain without the development clock methods", async function () {
        const production = await startFakeNode((method) =>
          method.startsWith("evm_") ? { error: { code: -32601, message: `Method ${method} not found` } } : undefined,
        );
        const { provider } = await connect(production.url);
        try {
          await expect(playDemo(provider, deployed.deployment, () => undefined)).to.be.rejectedWith(
            "the demo moves the chain's clock with evm_increaseTime/evm_mine, which only development chains " +
              "(Hardhat, Anvil) provide; run it on the local chain of `npm start` (",
          );
        } finally {
          provider.destroy();
          await production.close();
        }
      });

      it("refuses a node with fewer than nine unlocked accounts", async function () {
        const signers = await ethers.getSigners();
        const small = await startFakeNode((method) =>
          method === "eth_accounts" ? { result: signers.slice(0, 3).map((s) => s.address) } : undefined,
        );
        const { provider } = await connect(small.url);
        try {
          await expect(playDemo(provider, deployed.deployment, () => undefined)).to.be.rejectedWith(
            "the demo needs 9 unlocked accounts on the node; account #3 is missing (",
          );
        } finally {
          provider.destroy();
          await small.close();
        }
      });
    });
  });
});
