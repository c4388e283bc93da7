/**
 * Event-history generator of `npm run bench:indexer`: deploys a fresh consortium on a development
 * node (a `hardhat node`) and plays a realistic supply-chain-finance history on it until the
 * consortium's contracts have emitted at least the requested number of logs.
 *
 * The history mixes every everyday flow: core enterprises issue receivables that are split and
 * transferred down the supplier tiers, offered for factoring, funded and collected; suppliers submit
 * purchase orders that buyers confirm (some rejected or cancelled), prefinance them and convert them
 * into receivables; warehouses issue and attest receipts that back inventory loans; banks mint and
 * members move and redeem settlement tokens; the operator churns a few memberships.
 *
 * After the history, FINALITY_PADDING empty blocks are mined, so that the whole history is final for
 * indexers that keep the latest blocks apart as unfinalized.
 *
 * Two shapes:
 * - "dense": automine off; each round sends a batch of independent transactions (explicit nonces and
 *   gas limits, no receipt awaited) and mines them together with `evm_mine`: many events per block;
 * - "sparse": automine on; every transaction gets its own block, and nearly all transactions emit a
 *   single log: about one log per block.
 *
 * The generator keeps a model of the chain's state, updated only from the logs it reads back after
 * each round (so ids are never guessed), and plans each round from it with per-asset locks, so the
 * transactions of one round never depend on each other.
 *
 * CLI: npx ts-node --transpile-only backend/bench/history.ts --rpc http://127.0.0.1:8545 \
 *        --shape dense --events 1000 [--out deployment.json] [--tx-per-block 150] [--seed 1]
 * prints the result JSON on stdout and progress on stderr (HISTORY_DEBUG=1: timings of every round).
 * The node's own console output (a line per transaction) is best sent to /dev/null.
 */
import fs from "node:fs";
import path from "node:path";
import {
  Interface,
  JsonRpcProvider,
  MaxUint256,
  ZeroAddress,
  id,
  type InterfaceAbi,
  type LogDescription,
} from "ethers";
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
import {
  currencyCode,
  deployConsortium,
  Role,
  text32,
  type ContractName,
  type Deployment,
} from "../../scripts/lib/consortium";

export type HistoryShape = "dense" | "sparse";

export interface HistoryOptions {
  rpcUrl: string;
  shape: HistoryShape;
  /** Lower bound on the number of logs the consortium's contracts emit (deployment included). */
  events: number;
  log?: (line: string) => void;
  /** Transactions per block in the dense shape (default 150). */
  txPerBlock?: number;
  /** Seed of the pseudo-random choices, for a reproducible history (default 1). */
  seed?: number;
}

export interface HistoryResult {
  deployment: Deployment;
  /** Logs emitted by the deployment's contracts from its start block to `lastBlock`. */
  events: number;
  /** Blocks from `firstBlock` to `lastBlock`, both included. */
  blocks: number;
  firstBlock: number;
  lastBlock: number;
  /** The regulator the history admitted (an unlocked account of the node): it may read everything. */
  regulator: string;
}

// --- JSON-RPC ------------------------------------------------------------------------------------

interface RpcCall {
  method: string;
  params: unknown[];
}

type RpcOutcome = { ok: true; result: unknown } | { ok: false; error: string };

/** A minimal JSON-RPC client over fetch, with batches (one HTTP request for many calls). */
class Rpc {
  private nextId = 1;

  constructor(private readonly url: string) {}

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const [outcome] = await this.batch([{ method, params }]);
    if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error}`);
    return outcome.result as T;
  }

  /** Sends `calls` in HTTP batches of `chunk`, in order; one outcome per call. */
  async batch(calls: RpcCall[], chunk = 200): Promise<RpcOutcome[]> {
    const outcomes: RpcOutcome[] = [];
    for (let i = 0; i < calls.length; i += chunk) {
      const slice = calls.slice(i, i + chunk);
      const first = this.nextId;
      this.nextId += slice.length;
      const body = slice.map((c, k) => ({ jsonrpc: "2.0", id: first + k, method: c.method, params: c.params }));
      const response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`JSON-RPC ${this.url} answered HTTP ${response.status}`);
      const answers = (await response.json()) as {
        id: number;
        result?: unknown;
        error?: { message?: string; data?: unknown };
      }[];
      const byId = new Map(answers.map((a) => [a.id, a]));
      for (let k = 0; k < slice.length; k++) {
        const a = byId.get(first + k);
        if (!a) outcomes.push({ ok: false, error: "no answer" });
        else if (a.error) outcomes.push({ ok: false, error: a.error.message ?? JSON.stringify(a.error) });
        else outcomes.push({ ok: true, result: a.result });
      }
    }
    return outcomes;
  }
}

const hex = (n: number | bigint) => `0x${n.toString(16)}`;

interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
  logIndex: string;
}

// --- the cast ------------------------------------------------------------------------------------

/** Indexes of the node's unlocked accounts and the members they play. */
const CAST = {
  operator: 0,
  cores: [1, 2, 3],
  tier1: [4, 5],
  tier2: [6, 7, 8, 9],
  tier3: [10, 11],
  banks: [12, 13, 14],
  warehouses: [15, 16],
  regulator: 17,
  /** Admitted suppliers used only for membership churn (suspend, reinstate, blacklist, roles). */
  spares: [18, 19],
} as const;
const ACCOUNTS_NEEDED = 20;

// --- deterministic randomness --------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- the model of the chain, rebuilt from logs ---------------------------------------------------

interface PartM {
  id: bigint;
  root: bigint;
  holder: string;
  amount: bigint;
  redeemed: boolean;
}
interface ReceivableM {
  id: bigint;
  obligor: string;
  face: bigint;
  paid: boolean;
  parts: bigint[];
  /** Parts of it offered for factoring and not yet funded, withdrawn or declined. */
  offered: number;
  /** Round in which it was issued. */
  round: number;
}
interface OrderM {
  id: bigint;
  supplier: string;
  buyer: string;
  amount: bigint;
  status: "pending" | "confirmed" | "converted";
  lien: boolean;
  loanId?: bigint;
  receivableId?: bigint;
  round: number;
}
interface ReceiptM {
  id: bigint;
  warehouse: string;
  owner: string;
  valuation: bigint;
  quantity: bigint;
  status: "active" | "releaseRequested";
  pledgee?: string;
  frozen: boolean;
  loans: Set<bigint>;
  round: number;
}
interface DealM {
  id: bigint;
  partId: bigint;
  root: bigint;
  seller: string;
  bank: string;
  recourseAccepted: boolean;
  status: "offered" | "funded";
  round: number;
}
interface LoanM {
  id: bigint;
  asset: bigint;
  borrower: string;
  bank: string;
  status: "requested" | "active";
  round: number;
}
interface SpareM {
  suspended: boolean;
  blacklisted: boolean;
  roles: number;
}

class Model {
  parts = new Map<bigint, PartM>();
  receivables = new Map<bigint, ReceivableM>();
  orders = new Map<bigint, OrderM>();
  receipts = new Map<bigint, ReceiptM>();
  deals = new Map<bigint, DealM>();
  orderLoans = new Map<bigint, LoanM>();
  receiptLoans = new Map<bigint, LoanM>();
  spares = new Map<string, SpareM>();
  round = 0;

  constructor(private readonly c: Record<ContractName, string>) {}

  apply(address: string, ev: LogDescription): void {
    const a = ev.args;
    const c = this.c;
    switch (`${address === c.orderFinancing ? "OF" : address === c.receiptFinancing ? "RF" : ""}${ev.name}`) {
      case "ReceivableIssued": {
        const rid = a.receivableId as bigint;
        this.receivables.set(rid, {
          id: rid,
          obligor: lower(a.obligor),
          face: a.face,
          paid: false,
          parts: [rid],
          offered: 0,
          round: this.round,
        });
        this.parts.set(rid, { id: rid, root: rid, holder: lower(a.creditor), amount: a.face, redeemed: false });
        const orderId = a.orderId as bigint;
        const order = this.orders.get(orderId);
        if (order) order.receivableId = rid;
        break;
      }
      case "PartSplit": {
        const parent = this.parts.get(a.parentId);
        if (parent) parent.amount = a.parentAmount;
        this.parts.set(a.partId, {
          id: a.partId,
          root: a.rootId,
          holder: lower(a.holder),
          amount: a.amount,
          redeemed: false,
        });
        this.receivables.get(a.rootId)?.parts.push(a.partId);
        break;
      }
      case "PartTransferred": {
        const part = this.parts.get(a.partId);
        if (part) part.holder = lower(a.to);
        break;
      }
      case "ReceivablePaid": {
        const r = this.receivables.get(a.receivableId);
        if (r) r.paid = true;
        break;
      }
      case "PartRedeemed": {
        const part = this.parts.get(a.partId);
        if (part) part.redeemed = true;
        const r = this.receivables.get(a.receivableId);
        if (r && r.parts.every((p) => this.parts.get(p)?.redeemed)) {
          for (const p of r.parts) this.parts.delete(p);
          this.receivables.delete(r.id);
        }
        break;
      }
      case "OrderSubmitted":
        this.orders.set(a.orderId, {
          id: a.orderId,
          supplier: lower(a.supplier),
          buyer: lower(a.buyer),
          amount: a.amount,
          status: "pending",
          lien: false,
          round: this.round,
        });
        break;
      case "OrderConfirmed": {
        const o = this.orders.get(a.orderId);
        if (o) {
          o.status = "confirmed";
          o.round = this.round;
        }
        break;
      }
      case "OrderRejected":
      case "OrderCancelled":
        this.orders.delete(a.orderId);
        break;
      case "OrderConverted": {
        const o = this.orders.get(a.orderId);
        if (!o) break;
        o.status = "converted";
        o.receivableId = a.receivableId;
        if (!o.lien) this.orders.delete(o.id);
        break;
      }
      case "OrderLienChanged": {
        const o = this.orders.get(a.orderId);
        if (!o) break;
        o.lien = a.held;
        if (!o.lien) {
          o.loanId = undefined;
          if (o.status === "converted") this.orders.delete(o.id);
        }
        break;
      }
      case "ReceiptIssued":
        this.receipts.set(a.receiptId, {
          id: a.receiptId,
          warehouse: lower(a.warehouse),
          owner: lower(a.owner),
          valuation: a.terms.valuation,
          quantity: a.terms.quantity,
          status: "active",
          frozen: false,
          loans: new Set(),
          round: this.round,
        });
        break;
      case "ReceiptTransferred": {
        const r = this.receipts.get(a.receiptId);
        if (r) r.owner = lower(a.to);
        break;
      }
      case "ReceiptPledgeCreated": {
        const r = this.receipts.get(a.receiptId);
        if (r) r.pledgee = lower(a.pledgee);
        break;
      }
      case "ReceiptPledgeReleased": {
        const r = this.receipts.get(a.receiptId);
        if (r) {
          r.pledgee = undefined;
          r.frozen = false;
        }
        break;
      }
      case "ReceiptPledgeFrozen": {
        const r = this.receipts.get(a.receiptId);
        if (r) r.frozen = true;
        break;
      }
      case "ReceiptPledgeUnfrozen": {
        const r = this.receipts.get(a.receiptId);
        if (r) r.frozen = false;
        break;
      }
      case "ReceiptReleaseRequested": {
        const r = this.receipts.get(a.receiptId);
        if (r) r.status = "releaseRequested";
        break;
      }
      case "ReceiptGoodsReleased":
        this.receipts.delete(a.receiptId);
        break;
      case "FactoringOffered": {
        const part = this.parts.get(a.partId);
        const root = part?.root ?? 0n;
        this.deals.set(a.dealId, {
          id: a.dealId,
          partId: a.partId,
          root,
          seller: lower(a.seller),
          bank: lower(a.bank),
          recourseAccepted: a.recourseAccepted,
          status: "offered",
          round: this.round,
        });
        const r = this.receivables.get(root);
        if (r) r.offered += 1;
        break;
      }
      case "FactoringFunded": {
        const d = this.deals.get(a.dealId);
        if (!d) break;
        d.status = "funded";
        d.bank = lower(a.bank);
        d.round = this.round;
        const r = this.receivables.get(d.root);
        if (r) r.offered -= 1;
        break;
      }
      case "FactoringWithdrawn":
      case "FactoringDeclined": {
        const d = this.deals.get(a.dealId);
        if (!d) break;
        const r = this.receivables.get(d.root);
        if (r) r.offered -= 1;
        this.deals.delete(d.id);
        break;
      }
      case "FactoringCollected":
      case "FactoringRecourseSettled":
        this.deals.delete(a.dealId);
        break;
      case "OFOrderFinancingRequested": {
        this.orderLoans.set(a.loanId, {
          id: a.loanId,
          asset: a.orderId,
          borrower: lower(a.borrower),
          bank: lower(a.bank),
          status: "requested",
          round: this.round,
        });
        const o = this.orders.get(a.orderId);
        if (o) o.loanId = a.loanId;
        break;
      }
      case "OFLoanFunded":
      case "RFLoanFunded": {
        const loan = (address === c.orderFinancing ? this.orderLoans : this.receiptLoans).get(a.loanId);
        if (loan) {
          loan.status = "active";
          loan.round = this.round;
        }
        break;
      }
      case "OFLoanRepaid":
      case "OFLoanWithdrawn":
      case "OFLoanDeclined":
        this.orderLoans.delete(a.loanId);
        break;
      case "OFOrderFinancingCollected":
        if (a.remainingPrincipal === 0n) this.orderLoans.delete(a.loanId);
        break;
      case "RFReceiptLoanRequested": {
        this.receiptLoans.set(a.loanId, {
          id: a.loanId,
          asset: a.receiptId,
          borrower: lower(a.borrower),
          bank: lower(a.bank),
          status: "requested",
          round: this.round,
        });
        this.receipts.get(a.receiptId)?.loans.add(a.loanId);
        break;
      }
      case "RFLoanRepaid":
      case "RFLoanWithdrawn":
      case "RFLoanDeclined": {
        const loan = this.receiptLoans.get(a.loanId);
        if (loan) this.receipts.get(loan.asset)?.loans.delete(loan.id);
        this.receiptLoans.delete(a.loanId);
        break;
      }
      case "MemberSuspended":
      case "MemberReinstated":
      case "BlacklistChanged":
      case "MemberRolesChanged": {
        const s = this.spares.get(lower(a.account));
        if (!s) break;
        if (ev.name === "MemberSuspended") s.suspended = true;
        else if (ev.name === "MemberReinstated") s.suspended = false;
        else if (ev.name === "BlacklistChanged") s.blacklisted = a.blacklisted;
        else s.roles = Number(a.roles);
        break;
      }
      default:
        break;
    }
  }
}

function lower(address: string): string {
  return address.toLowerCase();
}

// --- planning ------------------------------------------------------------------------------------

interface PlannedTx {
  from: string;
  to: string;
  data: string;
  gas: number;
  kind: string;
}

/** Gas limits per kind of transaction: generous, so no estimate is needed. */
const GAS = {
  small: 150_000,
  medium: 300_000,
  large: 600_000,
  huge: 900_000,
} as const;

const DAY = 86_400;
const CNY = currencyCode("CNY");
/** Every trader and bank starts with 1 trillion CNY in minor units: balances never run out. */
const CASH = 100_000_000_000_000n;
const LIMIT = 10n ** 24n;

interface Interfaces {
  registry: ReturnType<typeof MemberRegistry__factory.createInterface>;
  settlementToken: ReturnType<typeof SettlementToken__factory.createInterface>;
  receivables: ReturnType<typeof Receivables__factory.createInterface>;
  purchaseOrders: ReturnType<typeof PurchaseOrders__factory.createInterface>;
  warehouseReceipts: ReturnType<typeof WarehouseReceipts__factory.createInterface>;
  creditLimits: ReturnType<typeof CreditLimits__factory.createInterface>;
  factoring: ReturnType<typeof Factoring__factory.createInterface>;
  orderFinancing: ReturnType<typeof OrderFinancing__factory.createInterface>;
  receiptFinancing: ReturnType<typeof ReceiptFinancing__factory.createInterface>;
}

function interfaces(): Interfaces {
  return {
    registry: MemberRegistry__factory.createInterface(),
    settlementToken: SettlementToken__factory.createInterface(),
    receivables: Receivables__factory.createInterface(),
    purchaseOrders: PurchaseOrders__factory.createInterface(),
    warehouseReceipts: WarehouseReceipts__factory.createInterface(),
    creditLimits: CreditLimits__factory.createInterface(),
    factoring: Factoring__factory.createInterface(),
    orderFinancing: OrderFinancing__factory.createInterface(),
    receiptFinancing: ReceiptFinancing__factory.createInterface(),
  };
}

const ABIS: Record<ContractName, InterfaceAbi> = {
  registry: MemberRegistry__factory.abi,
  settlementToken: SettlementToken__factory.abi,
  receivables: Receivables__factory.abi,
  purchaseOrders: PurchaseOrders__factory.abi,
  warehouseReceipts: WarehouseReceipts__factory.abi,
  creditLimits: CreditLimits__factory.abi,
  factoring: Factoring__factory.abi,
  orderFinancing: OrderFinancing__factory.abi,
  receiptFinancing: ReceiptFinancing__factory.abi,
};

/** One kind of action: its weight per shape, and how it adds a transaction to the round. */
interface ActionKind {
  name: string;
  /** Weights in the dense and sparse shapes. */
  dense: number;
  sparse: number;
  plan: () => boolean;
}

class Planner {
  txs: PlannedTx[] = [];
  private locks = new Set<string>();
  private pools = new Map<string, unknown[]>();
  private counter = 0;

  constructor(
    readonly model: Model,
    readonly rng: () => number,
    readonly a: Record<string, string>,
    readonly tag: string,
  ) {}

  reset(): void {
    this.txs = [];
    this.locks.clear();
    this.pools.clear();
  }

  /** Locks all `keys` for this round, or none when any is taken. */
  lock(...keys: string[]): boolean {
    if (keys.some((k) => this.locks.has(k))) return false;
    for (const k of keys) this.locks.add(k);
    return true;
  }

  add(from: string, to: string, data: string, gas: number, kind: string): true {
    this.txs.push({ from, to, data, gas, kind });
    return true;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)];
  }

  unique(label: string): string {
    this.counter += 1;
    return `${label}-${this.tag}-${this.counter}`;
  }

  /**
   * Draws a random item of the pool `name` (built once per round by `build`) that `accept` takes
   * (it locks what it uses); items drawn are removed from the pool.
   */
  draw<T>(name: string, build: () => T[], accept: (item: T) => boolean, tries = 8): boolean {
    let pool = this.pools.get(name) as T[] | undefined;
    if (!pool) {
      pool = build();
      this.pools.set(name, pool);
    }
    for (let i = 0; i < tries && pool.length > 0; i++) {
      const k = Math.floor(this.rng() * pool.length);
      const item = pool[k];
      pool[k] = pool[pool.length - 1];
      pool.pop();
      if (accept(item)) return true;
    }
    return false;
  }
}

// --- the generator -------------------------------------------------------------------------------

export async function generateHistory(opts: HistoryOptions): Promise<HistoryResult> {
  const log = opts.log ?? (() => undefined);
  const dense = opts.shape === "dense";
  if (opts.shape !== "dense" && opts.shape !== "sparse") throw new Error(`unknown shape "${String(opts.shape)}"`);
  const perBlock = opts.txPerBlock ?? 150;
  const perRound = dense ? perBlock : 100;
  const rng = mulberry32(opts.seed ?? 1);
  const rpc = new Rpc(opts.rpcUrl);
  const started = Date.now();

  const accounts = (await rpc.call<string[]>("eth_accounts")).map(lower);
  if (accounts.length < ACCOUNTS_NEEDED) {
    throw new Error(`the node has ${accounts.length} unlocked accounts, the history needs ${ACCOUNTS_NEEDED}`);
  }
  // A previous run may have left automine off; the deployment needs it on.
  await rpc.call("evm_setAutomine", [true]);

  // 1. a fresh consortium, deployed by the product's own code.
  const provider = new JsonRpcProvider(opts.rpcUrl, undefined, { staticNetwork: true, polling: true });
  provider.pollingInterval = 50;
  let deployment: Deployment;
  try {
    ({ deployment } = await deployConsortium(await provider.getSigner(CAST.operator)));
  } finally {
    provider.destroy();
  }
  const addr = Object.fromEntries(Object.entries(deployment.contracts).map(([k, v]) => [k, lower(v)])) as Record<
    ContractName,
    string
  >;
  log(`history: deployed a fresh consortium at block ${deployment.startBlock} (${opts.shape}, >= ${opts.events} logs)`);

  const I = interfaces();
  const parsers = new Map<string, { name: ContractName; iface: Interface }>();
  for (const [name, address] of Object.entries(addr) as [ContractName, string][]) {
    parsers.set(address, { name, iface: new Interface(ABIS[name]) });
  }
  const model = new Model(addr);
  const tag = deployment.startBlock.toString(36);
  const planner = new Planner(model, rng, addr, tag);
  const at = (k: number) => accounts[k];
  const cores = CAST.cores.map(at);
  const tier1 = CAST.tier1.map(at);
  const tier2 = CAST.tier2.map(at);
  const tier3 = CAST.tier3.map(at);
  const banks = CAST.banks.map(at);
  const warehouses = CAST.warehouses.map(at);
  const spares = CAST.spares.map(at);
  const suppliers = [...tier1, ...tier2, ...tier3];
  const traders = [...cores, ...suppliers];
  const traderSet = new Set(traders);
  const operator = at(CAST.operator);
  for (const s of spares) model.spares.set(s, { suspended: false, blacklisted: false, roles: Role.SUPPLIER });

  // Chain time at the start; every date of the history is relative to it (a run lasts minutes).
  const latest = await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
  const t0 = Number(BigInt(latest.timestamp));
  const expiresAt = t0 + 200 * DAY;

  // Explicit fees: left out, the node works them out for every transaction from its pending block,
  // which gets slower with every transaction waiting in the mempool of a dense round.
  const baseFee = BigInt((latest as { baseFeePerGas?: string }).baseFeePerGas ?? "0x0");
  const priorityFee = 1_000_000_000n;
  const fees = { maxFeePerGas: hex(baseFee * 4n + priorityFee), maxPriorityFeePerGas: hex(priorityFee) };

  // The block gas limit must not cap how many transactions a dense block holds.
  if (dense) {
    try {
      await rpc.call("evm_setBlockGasLimit", [hex(2_000_000_000)]);
    } catch (error) {
      log(`history: evm_setBlockGasLimit unavailable (${String(error)}); blocks may hold fewer transactions`);
    }
  }

  // --- sending and reading back --------------------------------------------------------------
  const nonces = new Map<string, number>();
  const syncNonces = async () => {
    const outcomes = await rpc.batch(
      accounts.map((a) => ({ method: "eth_getTransactionCount", params: [a, "pending"] })),
    );
    accounts.forEach((a, i) => {
      const o = outcomes[i];
      if (!o.ok) throw new Error(`eth_getTransactionCount: ${o.error}`);
      nonces.set(a, Number(BigInt(o.result as string)));
    });
  };
  await syncNonces();

  let lastBlock = Number(BigInt(await rpc.call<string>("eth_blockNumber")));
  let events = await countLogs(rpc, Object.values(addr), deployment.startBlock, lastBlock);
  let sent = 0;
  let failed = 0;
  const failures = new Map<string, number>();
  const noteFailure = (kind: string, reason: string) => {
    failed += 1;
    const key = `${kind}: ${reason.slice(0, 160)}`;
    const seen = failures.get(key) ?? 0;
    failures.set(key, seen + 1);
    if (seen === 0) log(`history: a ${key}`);
  };

  if (dense) await rpc.call("evm_setAutomine", [false]);

  /** Sends the round's transactions, mines them (dense), reads their logs back into the model. */
  const runRound = async (txs: PlannedTx[]) => {
    if (txs.length === 0) return;
    const calls = txs.map((tx) => {
      const nonce = nonces.get(tx.from)!;
      nonces.set(tx.from, nonce + 1);
      return {
        method: "eth_sendTransaction",
        params: [{ from: tx.from, to: tx.to, data: tx.data, gas: hex(tx.gas), nonce: hex(nonce), ...fees }],
      };
    });
    // Layers: the k-th transaction of every sender goes in layer k, and a layer is sent only once the
    // previous one was answered, so each sender's nonces reach the node in order (an automining node
    // refuses a nonce gap; the calls of one HTTP batch may be handled concurrently).
    const layers: number[][] = [];
    const seen = new Map<string, number>();
    txs.forEach((tx, i) => {
      const k = seen.get(tx.from) ?? 0;
      seen.set(tx.from, k + 1);
      (layers[k] ??= []).push(i);
    });
    const outcomes: RpcOutcome[] = new Array(txs.length);
    const tSend = Date.now();
    for (const layer of layers) {
      const answers = await rpc.batch(layer.map((i) => calls[i]));
      layer.forEach((i, k) => (outcomes[i] = answers[k]));
    }
    sent += txs.length;
    const hashes: { hash: string; kind: string }[] = [];
    let sendErrors = 0;
    outcomes.forEach((o, i) => {
      if (o.ok) hashes.push({ hash: o.result as string, kind: txs[i].kind });
      else {
        sendErrors += 1;
        noteFailure(txs[i].kind, o.error);
      }
    });
    const tMine = Date.now();
    if (dense) {
      for (let tries = 0; ; tries++) {
        await rpc.call("evm_mine");
        const pending = await rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]);
        if (!pending || pending.transactions.length === 0) break;
        if (tries > 20) throw new Error(`${pending.transactions.length} transactions stay pending`);
      }
    }
    const tReceipts = Date.now();
    const receipts = await rpc.batch(hashes.map((h) => ({ method: "eth_getTransactionReceipt", params: [h.hash] })));
    if (process.env.HISTORY_DEBUG)
      log(
        `round ${model.round}: ${txs.length} txs, ${layers.length} layers, send ${tMine - tSend} ms, mine ${tReceipts - tMine} ms, receipts ${Date.now() - tReceipts} ms`,
      );
    receipts.forEach((o, i) => {
      const receipt = o.ok ? (o.result as { status?: string } | null) : null;
      if (!receipt) noteFailure(hashes[i].kind, o.ok ? "no receipt" : o.error);
      else if (receipt.status !== "0x1") noteFailure(hashes[i].kind, "reverted");
    });
    // In the sparse shape a failed send may still have used its nonce; read them again.
    if (sendErrors > 0) await syncNonces();

    const head = Number(BigInt(await rpc.call<string>("eth_blockNumber")));
    if (head > lastBlock) {
      const logs = await rpc.call<RpcLog[]>("eth_getLogs", [
        { fromBlock: hex(lastBlock + 1), toBlock: hex(head), address: Object.values(addr) },
      ]);
      for (const entry of logs) {
        const address = lower(entry.address);
        const parser = parsers.get(address);
        if (!parser) continue;
        const parsed = parser.iface.parseLog({ topics: entry.topics, data: entry.data });
        if (parsed) model.apply(address, parsed);
      }
      events += logs.length;
      lastBlock = head;
    }
    model.round += 1;
  };

  const enc = {
    registry: I.registry,
    token: I.settlementToken,
    recv: I.receivables,
    po: I.purchaseOrders,
    wr: I.warehouseReceipts,
    cl: I.creditLimits,
    fac: I.factoring,
    of: I.orderFinancing,
    rf: I.receiptFinancing,
  };

  // --- 2. membership, cash, approvals, credit lines (two rounds) -------------------------------
  const members: [string, string, number][] = [
    ...cores.map((a, i) => [a, `core-enterprise-${i + 1}`, Role.CORE_ENTERPRISE] as [string, string, number]),
    ...tier1.map(
      (a, i) => [a, `tier1-supplier-${i + 1}`, Role.SUPPLIER | Role.CORE_ENTERPRISE] as [string, string, number],
    ),
    ...tier2.map((a, i) => [a, `tier2-supplier-${i + 1}`, Role.SUPPLIER] as [string, string, number]),
    ...tier3.map((a, i) => [a, `tier3-supplier-${i + 1}`, Role.SUPPLIER] as [string, string, number]),
    ...banks.map((a, i) => [a, `bank-${i + 1}`, Role.BANK] as [string, string, number]),
    ...warehouses.map((a, i) => [a, `warehouse-${i + 1}`, Role.WAREHOUSE] as [string, string, number]),
    [at(CAST.regulator), "regulator", Role.REGULATOR],
    ...spares.map((a, i) => [a, `spare-supplier-${i + 1}`, Role.SUPPLIER] as [string, string, number]),
  ];
  await runRound(
    members.map(([account, org, roles]) => ({
      from: operator,
      to: addr.registry,
      data: enc.registry.encodeFunctionData("admit", [account, text32(org), roles, id(`kyc:${org}`)]),
      gas: GAS.medium,
      kind: "admit",
    })),
  );
  const setup: PlannedTx[] = [];
  for (const [i, holder] of [...traders, ...banks].entries()) {
    const bank = banks[i % banks.length];
    setup.push({
      from: bank,
      to: addr.settlementToken,
      data: enc.token.encodeFunctionData("mint", [holder, CASH, id(`deposit:${tag}:${holder}`)]),
      gas: GAS.medium,
      kind: "mint",
    });
    for (const spender of [addr.receivables, addr.factoring, addr.orderFinancing, addr.receiptFinancing]) {
      setup.push({
        from: holder,
        to: addr.settlementToken,
        data: enc.token.encodeFunctionData("approve", [spender, MaxUint256]),
        gas: GAS.small,
        kind: "approve",
      });
    }
  }
  for (const bank of banks) {
    for (const obligor of [...cores, ...tier1]) {
      setup.push({
        from: bank,
        to: addr.creditLimits,
        data: enc.cl.encodeFunctionData("setLimit", [obligor, 0, LIMIT]),
        gas: GAS.small,
        kind: "setLimit",
      });
    }
    for (const borrower of traders) {
      setup.push({
        from: bank,
        to: addr.creditLimits,
        data: enc.cl.encodeFunctionData("setLimit", [borrower, 1, LIMIT]),
        gas: GAS.small,
        kind: "setLimit",
      });
    }
  }
  for (let i = 0; i < setup.length; i += Math.max(perRound, 50))
    await runRound(setup.slice(i, i + Math.max(perRound, 50)));
  log(`history: members admitted, cash minted, credit lines set (${events} logs so far)`);

  // --- 3. the everyday business ---------------------------------------------------------------
  const p = planner;
  const m = model;
  const creditorsOf = (obligor: string) => (cores.includes(obligor) ? [...tier1, ...tier2] : [...tier2, ...tier3]);
  const downstreamOf = (holder: string) =>
    tier1.includes(holder)
      ? tier2
      : tier2.includes(holder)
        ? tier3
        : cores.includes(holder)
          ? tier1
          : [...tier2, ...tier3];
  const buyersOf = (supplier: string) =>
    tier1.includes(supplier) ? cores : tier2.includes(supplier) ? [...cores, ...tier1] : tier1;
  const amount = (min: number, max: number) => BigInt(p.int(min, max)) * 100_00n; // whole hundreds of CNY
  const movableParts = () =>
    [...m.parts.values()].filter((part) => {
      const r = m.receivables.get(part.root);
      return r && !r.paid && !part.redeemed && traderSet.has(part.holder);
    });

  const kinds: ActionKind[] = [
    {
      name: "issue receivable",
      dense: 10,
      sparse: 12,
      plan: () => {
        const obligor = p.pick([...cores, ...cores, ...tier1]);
        if (!p.lock(`acct:${obligor}:issue`)) return false;
        const creditor = p.pick(creditorsOf(obligor));
        const maturity = t0 + p.int(60, 300) * DAY;
        const invoice = p.unique("INV");
        return p.add(
          obligor,
          addr.receivables,
          enc.recv.encodeFunctionData("issue", [
            creditor,
            amount(500, 50_000),
            CNY,
            maturity,
            id(invoice),
            `ipfs://${invoice}`,
          ]),
          GAS.medium,
          "issue",
        );
      },
    },
    {
      name: "split many",
      dense: 8,
      sparse: 0,
      plan: () =>
        p.draw("movable", movableParts, (part) => {
          if (part.amount < 1_000_000n || !p.lock(`r:${part.root}`)) return false;
          const to = downstreamOf(part.holder).filter((x) => x !== part.holder);
          const n = Math.min(to.length, p.int(2, 3));
          const recipients = [...to].sort(() => p.rng() - 0.5).slice(0, n);
          const amounts = recipients.map(() => (part.amount * BigInt(p.int(10, 28))) / 100n);
          return p.add(
            part.holder,
            addr.receivables,
            enc.recv.encodeFunctionData("splitMany", [part.id, recipients, amounts]),
            GAS.medium + 150_000 * n,
            "splitMany",
          );
        }),
    },
    {
      name: "split",
      dense: 5,
      sparse: 14,
      plan: () =>
        p.draw("movable", movableParts, (part) => {
          if (part.amount < 100_000n || !p.lock(`r:${part.root}`)) return false;
          const to = p.pick(downstreamOf(part.holder).filter((x) => x !== part.holder));
          return p.add(
            part.holder,
            addr.receivables,
            enc.recv.encodeFunctionData("split", [part.id, to, (part.amount * BigInt(p.int(20, 60))) / 100n]),
            GAS.medium,
            "split",
          );
        }),
    },
    {
      name: "transfer part",
      dense: 5,
      sparse: 10,
      plan: () =>
        p.draw("movable", movableParts, (part) => {
          if (!p.lock(`r:${part.root}`)) return false;
          const to = p.pick(suppliers.filter((x) => x !== part.holder));
          return p.add(
            part.holder,
            addr.receivables,
            enc.recv.encodeFunctionData("transfer", [part.id, to]),
            GAS.small,
            "transferPart",
          );
        }),
    },
    {
      name: "offer for factoring",
      dense: 5,
      sparse: 1.5,
      plan: () =>
        p.draw("movable", movableParts, (part) => {
          if (!p.lock(`r:${part.root}`)) return false;
          const bank = p.chance(0.7) ? p.pick(banks) : ZeroAddress;
          return p.add(
            part.holder,
            addr.factoring,
            enc.fac.encodeFunctionData("offer", [part.id, bank, 7_000, 1_200, p.chance(0.4), expiresAt]),
            GAS.large,
            "offer",
          );
        }),
    },
    {
      name: "fund, decline or withdraw factoring",
      dense: 6,
      sparse: 1.2,
      plan: () =>
        p.draw(
          "offeredDeals",
          () => [...m.deals.values()].filter((d) => d.status === "offered" && m.round > d.round),
          (d) => {
            if (!p.lock(`r:${d.root}`)) return false;
            const roll = p.rng();
            if (roll < 0.08) {
              return p.add(
                d.seller,
                addr.factoring,
                enc.fac.encodeFunctionData("withdraw", [d.id]),
                GAS.large,
                "withdrawOffer",
              );
            }
            if (roll < 0.14 && d.bank !== ZeroAddress) {
              return p.add(
                d.bank,
                addr.factoring,
                enc.fac.encodeFunctionData("decline", [d.id, id(p.unique("DECLINE"))]),
                GAS.large,
                "declineOffer",
              );
            }
            const bank = d.bank === ZeroAddress ? p.pick(banks) : d.bank;
            const recourse = d.recourseAccepted && p.chance(0.5);
            return p.add(
              bank,
              addr.factoring,
              enc.fac.encodeFunctionData("accept", [
                d.id,
                p.int(7_500, 9_000),
                p.int(300, 1_200),
                recourse,
                text32(p.unique("MPR")),
              ]),
              GAS.huge,
              "fundFactoring",
            );
          },
        ),
    },
    {
      name: "pay receivable",
      dense: 6,
      sparse: 1.5,
      plan: () =>
        p.draw(
          "payable",
          () => [...m.receivables.values()].filter((r) => !r.paid && r.offered === 0 && m.round - r.round >= 3),
          (r) => {
            if (!p.lock(`r:${r.id}`)) return false;
            return p.add(r.obligor, addr.receivables, enc.recv.encodeFunctionData("pay", [r.id]), GAS.medium, "pay");
          },
        ),
    },
    {
      name: "redeem or collect",
      dense: 12,
      sparse: 2,
      plan: () =>
        p.draw(
          "redeemable",
          () => [...m.parts.values()].filter((part) => !part.redeemed && m.receivables.get(part.root)?.paid),
          (part) => {
            if (!p.lock(`r:${part.root}:${part.id}`)) return false;
            if (part.holder === addr.factoring) {
              const deal = [...m.deals.values()].find((d) => d.partId === part.id && d.status === "funded");
              if (!deal || !p.lock(`d:${deal.id}`)) return false;
              return p.add(
                p.pick(banks),
                addr.factoring,
                enc.fac.encodeFunctionData("collect", [deal.id]),
                GAS.huge,
                "collectFactoring",
              );
            }
            if (part.holder === addr.orderFinancing) {
              const loan = [...m.orderLoans.values()].find((l) => m.orders.get(l.asset)?.receivableId === part.root);
              if (!loan || loan.status !== "active" || !p.lock(`o:${loan.asset}`)) return false;
              return p.add(
                loan.borrower,
                addr.orderFinancing,
                enc.of.encodeFunctionData("collect", [loan.id]),
                GAS.huge,
                "collectOrderLoan",
              );
            }
            if (!traderSet.has(part.holder) && !banks.includes(part.holder)) return false;
            return p.add(
              part.holder,
              addr.receivables,
              enc.recv.encodeFunctionData("redeem", [part.id]),
              GAS.medium,
              "redeem",
            );
          },
          16,
        ),
    },
    {
      name: "submit order",
      dense: 7,
      sparse: 12,
      plan: () => {
        const supplier = p.pick([...tier1, ...tier2, ...tier3]);
        const buyer = p.pick(buyersOf(supplier));
        const number = p.unique("PO");
        return p.add(
          supplier,
          addr.purchaseOrders,
          enc.po.encodeFunctionData("submit", [
            buyer,
            number,
            amount(1_000, 80_000),
            CNY,
            t0 + p.int(10, 40) * DAY,
            p.pick([30, 60, 90]),
            id(number),
            `ipfs://${number}`,
          ]),
          GAS.medium,
          "submitOrder",
        );
      },
    },
    {
      name: "confirm, reject or cancel order",
      dense: 7,
      sparse: 12,
      plan: () =>
        p.draw(
          "pendingOrders",
          () => [...m.orders.values()].filter((o) => o.status === "pending"),
          (o) => {
            if (!p.lock(`o:${o.id}`)) return false;
            const roll = p.rng();
            if (roll < 0.06) {
              return p.add(
                o.supplier,
                addr.purchaseOrders,
                enc.po.encodeFunctionData("cancel", [o.id]),
                GAS.small,
                "cancelOrder",
              );
            }
            if (roll < 0.14) {
              return p.add(
                o.buyer,
                addr.purchaseOrders,
                enc.po.encodeFunctionData("reject", [o.id, id(p.unique("REJECT"))]),
                GAS.small,
                "rejectOrder",
              );
            }
            return p.add(
              o.buyer,
              addr.purchaseOrders,
              enc.po.encodeFunctionData("confirm", [o.id]),
              GAS.small,
              "confirmOrder",
            );
          },
        ),
    },
    {
      name: "prefinance or deliver order",
      dense: 7,
      sparse: 5,
      plan: () =>
        p.draw(
          "confirmedOrders",
          () => [...m.orders.values()].filter((o) => o.status === "confirmed" && m.round > o.round),
          (o) => {
            const loan = o.loanId !== undefined ? m.orderLoans.get(o.loanId) : undefined;
            if (loan?.status === "requested") return false; // the bank answers first
            if (!p.lock(`o:${o.id}`)) return false;
            if (!o.lien && p.chance(0.45)) {
              return p.add(
                o.supplier,
                addr.orderFinancing,
                enc.of.encodeFunctionData("request", [o.id, p.pick(banks), 7_000, 900, 90, expiresAt]),
                GAS.large,
                "requestOrderLoan",
              );
            }
            const invoice = p.unique("INV-PO");
            return p.add(
              o.buyer,
              addr.purchaseOrders,
              enc.po.encodeFunctionData("acceptDelivery", [o.id, id(invoice), `ipfs://${invoice}`]),
              GAS.large,
              "acceptDelivery",
            );
          },
        ),
    },
    {
      name: "answer or repay an order loan",
      dense: 5,
      sparse: 1,
      plan: () =>
        p.draw(
          "orderLoans",
          () => [...m.orderLoans.values()].filter((l) => m.round > l.round),
          (l) => {
            const o = m.orders.get(l.asset);
            if (!o || !p.lock(`o:${l.asset}`)) return false;
            if (l.status === "requested") {
              const roll = p.rng();
              if (roll < 0.06) {
                return p.add(
                  l.borrower,
                  addr.orderFinancing,
                  enc.of.encodeFunctionData("withdraw", [l.id]),
                  GAS.large,
                  "withdrawOrderLoan",
                );
              }
              if (roll < 0.12) {
                return p.add(
                  l.bank,
                  addr.orderFinancing,
                  enc.of.encodeFunctionData("decline", [l.id, id(p.unique("DECLINE"))]),
                  GAS.large,
                  "declineOrderLoan",
                );
              }
              return p.add(
                l.bank,
                addr.orderFinancing,
                enc.of.encodeFunctionData("accept", [
                  l.id,
                  p.int(7_000, 8_500),
                  p.int(300, 900),
                  text32(p.unique("MPR-OF")),
                ]),
                GAS.huge,
                "fundOrderLoan",
              );
            }
            // Active: most are collected from the receivable; a few are repaid early.
            if (o.status !== "confirmed" || !p.chance(0.15)) return false;
            return p.add(
              l.borrower,
              addr.orderFinancing,
              enc.of.encodeFunctionData("repay", [l.id]),
              GAS.huge,
              "repayOrderLoan",
            );
          },
        ),
    },
    {
      name: "issue warehouse receipt",
      dense: 4,
      sparse: 8,
      plan: () => {
        const warehouse = p.pick(warehouses);
        const owner = p.pick(traders);
        const lot = p.unique("LOT");
        const terms = {
          lot,
          goods: p.pick(["Cold-rolled steel coils", "Copper cathodes", "Aluminium ingots", "Polypropylene pellets"]),
          quantity: BigInt(p.int(100, 5_000)),
          unit: text32("t"),
          valuation: amount(10_000, 200_000),
          currency: CNY,
          documentHash: id(lot),
          documentUri: `ipfs://${lot}`,
        };
        return p.add(
          warehouse,
          addr.warehouseReceipts,
          enc.wr.encodeFunctionData("issue", [owner, terms]),
          GAS.large,
          "issueReceipt",
        );
      },
    },
    {
      name: "work a warehouse receipt",
      dense: 5,
      sparse: 12,
      plan: () =>
        p.draw(
          "receipts",
          () => [...m.receipts.values()].filter((r) => m.round > r.round),
          (r) => {
            if (!p.lock(`w:${r.id}`)) return false;
            if (r.status === "releaseRequested") {
              return p.add(
                r.warehouse,
                addr.warehouseReceipts,
                enc.wr.encodeFunctionData("releaseGoods", [r.id]),
                GAS.small,
                "releaseGoods",
              );
            }
            if (r.frozen && r.pledgee) {
              return p.add(
                r.pledgee,
                addr.warehouseReceipts,
                enc.wr.encodeFunctionData("unfreeze", [r.id]),
                GAS.small,
                "unfreeze",
              );
            }
            const free = r.pledgee === undefined && r.loans.size === 0;
            const roll = p.rng();
            if (free && roll < 0.2) {
              const to = p.pick(traders.filter((t) => t !== r.owner));
              return p.add(
                r.owner,
                addr.warehouseReceipts,
                enc.wr.encodeFunctionData("transfer", [r.id, to]),
                GAS.small,
                "transferReceipt",
              );
            }
            if (free && roll < 0.3 && m.round - r.round > 6) {
              return p.add(
                r.owner,
                addr.warehouseReceipts,
                enc.wr.encodeFunctionData("requestRelease", [r.id]),
                GAS.small,
                "requestRelease",
              );
            }
            // Attestation; now and then short of the pledged quantity, which freezes the pledge.
            const short = r.pledgee !== undefined && p.chance(0.25);
            return p.add(
              r.warehouse,
              addr.warehouseReceipts,
              enc.wr.encodeFunctionData("attest", [
                r.id,
                short ? (r.quantity * 9n) / 10n : r.quantity,
                0,
                id(p.unique("REPORT")),
              ]),
              GAS.small,
              "attest",
            );
          },
        ),
    },
    {
      name: "inventory loan",
      dense: 6,
      sparse: 1.5,
      plan: () =>
        p.draw(
          "receipts",
          () => [...m.receipts.values()].filter((r) => m.round > r.round),
          (r) => {
            if (r.status !== "active" || r.frozen || !p.lock(`w:${r.id}`)) return false;
            // A drawing is requested, the bank answers, the borrower repays.
            const requested = [...r.loans].map((l) => m.receiptLoans.get(l)).find((l) => l?.status === "requested");
            if (requested) {
              if (m.round <= requested.round) return false;
              if (p.chance(0.08)) {
                return p.add(
                  requested.bank,
                  addr.receiptFinancing,
                  enc.rf.encodeFunctionData("decline", [requested.id, id(p.unique("DECLINE"))]),
                  GAS.large,
                  "declineReceiptLoan",
                );
              }
              return p.add(
                requested.bank,
                addr.receiptFinancing,
                enc.rf.encodeFunctionData("accept", [requested.id, 7_000, p.int(300, 800), text32(p.unique("MPR-RF"))]),
                GAS.huge,
                "fundReceiptLoan",
              );
            }
            const active = [...r.loans].map((l) => m.receiptLoans.get(l)).filter((l) => l?.status === "active");
            if (active.length > 0 && (active.length >= 3 || p.chance(0.4))) {
              const loan = p.pick(active)!;
              if (m.round - loan.round < 3) return false;
              return p.add(
                loan.borrower,
                addr.receiptFinancing,
                enc.rf.encodeFunctionData("repay", [loan.id]),
                GAS.huge,
                "repayReceiptLoan",
              );
            }
            if (!traderSet.has(r.owner)) return false;
            const bank = r.pledgee ?? p.pick(banks);
            return p.add(
              r.owner,
              addr.receiptFinancing,
              enc.rf.encodeFunctionData("request", [r.id, bank, r.valuation / 10n, 900, 90, expiresAt]),
              GAS.large,
              "requestReceiptLoan",
            );
          },
        ),
    },
    {
      name: "token transfer, mint or redeem",
      dense: 8,
      sparse: 12,
      plan: () => {
        const roll = p.rng();
        if (roll < 0.6) {
          const from = p.pick(traders);
          const to = p.pick([...traders, ...banks].filter((x) => x !== from));
          return p.add(
            from,
            addr.settlementToken,
            enc.token.encodeFunctionData("transfer", [to, amount(10, 5_000)]),
            GAS.small,
            "transferCash",
          );
        }
        if (roll < 0.85) {
          const bank = p.pick(banks);
          return p.add(
            bank,
            addr.settlementToken,
            enc.token.encodeFunctionData("mint", [p.pick(traders), amount(100, 10_000), id(p.unique("DEPOSIT"))]),
            GAS.small,
            "mintCash",
          );
        }
        return p.add(
          p.pick(traders),
          addr.settlementToken,
          enc.token.encodeFunctionData("redeem", [amount(10, 1_000), p.pick(banks), id(p.unique("REDEEM"))]),
          GAS.small,
          "redeemCash",
        );
      },
    },
    {
      name: "credit limit",
      dense: 1,
      sparse: 3,
      plan: () => {
        const bank = p.pick(banks);
        const obligorSide = p.chance(0.5);
        const counterparty = obligorSide ? p.pick([...cores, ...tier1]) : p.pick(suppliers);
        return p.add(
          bank,
          addr.creditLimits,
          enc.cl.encodeFunctionData("setLimit", [
            counterparty,
            obligorSide ? 0 : 1,
            LIMIT - BigInt(p.int(0, 1_000_000)),
          ]),
          GAS.small,
          "setLimit",
        );
      },
    },
    {
      name: "membership churn",
      dense: 0.3,
      sparse: 1,
      plan: () => {
        const spare = p.pick(spares);
        const s = m.spares.get(spare)!;
        if (!p.lock(`m:${spare}`)) return false;
        const roll = p.rng();
        if (roll < 0.4) {
          return p.add(
            operator,
            addr.registry,
            s.suspended
              ? enc.registry.encodeFunctionData("reinstate", [spare])
              : enc.registry.encodeFunctionData("suspend", [spare, id(p.unique("SUSPEND"))]),
            GAS.small,
            "suspension",
          );
        }
        if (roll < 0.8) {
          return p.add(
            operator,
            addr.registry,
            enc.registry.encodeFunctionData("setBlacklisted", [spare, !s.blacklisted, id(p.unique("AML"))]),
            GAS.small,
            "blacklist",
          );
        }
        const roles = s.roles === Role.SUPPLIER ? Role.SUPPLIER | Role.CORE_ENTERPRISE : Role.SUPPLIER;
        return p.add(
          operator,
          addr.registry,
          enc.registry.encodeFunctionData("setRoles", [spare, roles]),
          GAS.small,
          "setRoles",
        );
      },
    },
  ];

  const weights = kinds.map((k) => (dense ? k.dense : k.sparse));
  const total = weights.reduce((x, y) => x + y, 0);
  const pickKind = () => {
    let r = rng() * total;
    for (let i = 0; i < kinds.length; i++) {
      r -= weights[i];
      if (r < 0) return kinds[i];
    }
    return kinds[kinds.length - 1];
  };

  let lastReport = Date.now();
  while (events < opts.events) {
    planner.reset();
    let misses = 0;
    while (planner.txs.length < perRound && misses < perRound * 4) {
      if (!pickKind().plan()) misses += 1;
    }
    await runRound(planner.txs);
    if (Date.now() - lastReport > 2_000 || events >= opts.events) {
      lastReport = Date.now();
      const seconds = (Date.now() - started) / 1000;
      log(
        `history: ${events}/${opts.events} logs, block ${lastBlock}, ${sent} txs sent (${failed} failed), ` +
          `${seconds.toFixed(0)} s, ${(events / seconds).toFixed(0)} logs/s`,
      );
    }
  }
  if (dense) await rpc.call("evm_setAutomine", [true]);
  // Empty blocks after the history, so that every block of it is final for indexers that hold back
  // the latest blocks as unfinalized (Ponder: 30 on an unknown chain) when they backfill.
  await padChain(rpc, FINALITY_PADDING);

  // The authoritative count: every log of the deployment's contracts, deployment included.
  const counted = await countLogs(rpc, Object.values(addr), deployment.startBlock, lastBlock);
  if (counted !== events) log(`history: counted ${counted} logs on chain, ${events} while generating`);
  const firstBlock = deployment.startBlock + 1;
  const seconds = (Date.now() - started) / 1000;
  log(
    `history: done, ${counted} logs in blocks ${firstBlock}..${lastBlock} (${lastBlock - firstBlock + 1} blocks), ` +
      `${sent} txs (${failed} failed) in ${seconds.toFixed(1)} s`,
  );
  if (failed > 0) for (const [reason, n] of failures) log(`history:   ${n} x ${reason}`);
  return {
    deployment,
    events: counted,
    blocks: lastBlock - firstBlock + 1,
    firstBlock,
    lastBlock,
    regulator: at(CAST.regulator),
  };
}

/** Empty blocks mined after the history (see generateHistory). */
export const FINALITY_PADDING = 64;

async function padChain(rpc: Rpc, blocks: number): Promise<void> {
  try {
    await rpc.call("hardhat_mine", [hex(blocks)]);
  } catch {
    for (let i = 0; i < blocks; i++) await rpc.call("evm_mine");
  }
}

/** Logs emitted by `addresses` in blocks `from`..`to`, counted in ranges of 1,000 blocks. */
async function countLogs(rpc: Rpc, addresses: string[], from: number, to: number): Promise<number> {
  let count = 0;
  for (let start = from; start <= to; start += 1_000) {
    const end = Math.min(to, start + 999);
    const logs = await rpc.call<RpcLog[]>("eth_getLogs", [
      { fromBlock: hex(start), toBlock: hex(end), address: addresses },
    ]);
    count += logs.length;
  }
  return count;
}

// --- CLI -----------------------------------------------------------------------------------------

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rpcUrl = argValue(args, "rpc") ?? process.env.RPC_URL ?? "http://127.0.0.1:8545";
  const shape = (argValue(args, "shape") ?? "dense") as HistoryShape;
  const eventsTarget = Number(argValue(args, "events") ?? "1000");
  const out = argValue(args, "out");
  const txPerBlock = argValue(args, "tx-per-block");
  const seed = argValue(args, "seed");
  if (!Number.isFinite(eventsTarget) || eventsTarget <= 0) throw new Error("--events must be a positive number");
  const result = await generateHistory({
    rpcUrl,
    shape,
    events: eventsTarget,
    txPerBlock: txPerBlock ? Number(txPerBlock) : undefined,
    seed: seed ? Number(seed) : undefined,
    log: (line) => console.error(line),
  });
  if (out) {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result.deployment, null, 2)}\n`);
  }
  console.log(JSON.stringify(result, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
