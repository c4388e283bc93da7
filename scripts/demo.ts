/**
 * A demo consortium played through every flow of the protocol, one readable line per step, on a
 * freshly deployed consortium (see scripts/deploy.ts). `npm start` runs it on its local chain; the
 * test in test/scripts/demo.test.ts runs it on Hardhat's in-process network.
 *
 * The cast are the node's unlocked accounts: #0 the consortium operator (the deployment's governance
 * account), #1 a core enterprise, #2..#4 suppliers in two tiers below it (#2 is also a buyer), #5 and
 * #6 two banks, #7 a warehouse and #8 a regulator.
 *
 * Time travel: maturities and grace periods are reached with `evm_setNextBlockTimestamp` + `evm_mine`
 * (the availability probe uses `evm_increaseTime` by 0 seconds). These
 * JSON-RPC methods exist only on development chains (Hardhat, Anvil); they are used here, in the demo,
 * and nowhere in the deployment path, which must work on a production consortium chain.
 */
import {
  id,
  MaxUint256,
  ZeroAddress,
  type Addressable,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  type Interface,
  type Provider,
  type Result,
  type Signer,
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
} from "../typechain-types";
import { currencyCode, Role, text32, type ContractName, type Deployment } from "./lib/consortium";
import { describeError } from "./lib/demo/errors";
import { formatBps, formatCny, formatDate, pad, padLeft, shortAddress, yuan } from "./lib/demo/format";
import { LimitKind, PartStatus, ReceivableStatus, statusName } from "./lib/statuses";
import { applyRateDown } from "./lib/pricing";

/** Where the demo writes its lines. */
export type DemoLog = (line: string) => void;

/**
 * What the demo needs of a provider: the node's unlocked accounts as signers and raw JSON-RPC for
 * the dev-chain clock. Both ethers' JsonRpcProvider and Hardhat's `ethers.provider` fit.
 */
export interface DemoProvider extends Provider {
  getSigner(index: number): Promise<Signer>;
  send(method: string, params: unknown[]): Promise<unknown>;
}

export type MemberKey =
  "operator" | "core" | "tier1" | "tier2" | "tier3" | "bankA" | "bankB" | "warehouse" | "regulator";

export interface DemoMember {
  key: MemberKey;
  /** Index of the node's unlocked account. */
  index: number;
  name: string;
  org: string;
  address: string;
  roles: number;
  roleNames: string[];
}

/** Ids of everything the demo created, for whoever wants to look at the end state. */
export interface DemoIds {
  orderId: bigint;
  orderLoanId: bigint;
  orderReceivableId: bigint;
  invoiceReceivableId: bigint;
  tier2PartId: bigint;
  tier3PartId: bigint;
  recourseDealId: bigint;
  openDealId: bigint;
  receiptId: bigint;
  receiptLoanId: bigint;
  defaultedReceivableId: bigint;
  defaultedDealId: bigint;
  lateReceivableId: bigint;
}

export interface DemoHolder {
  label: string;
  address: string;
  balance: bigint;
}

export interface DemoResult {
  members: Record<MemberKey, DemoMember>;
  ids: DemoIds;
  /** Chain time when the demo began (its "day 0"). */
  startedAt: number;
  /** Settlement-token balance of each member at the end. */
  balances: Record<MemberKey, bigint>;
  /** Every account that ever held settlement tokens, with its balance at the end. */
  holders: DemoHolder[];
  totalSupply: bigint;
  sumOfBalances: bigint;
}

const DAY = 86_400;
const HOUR = 3_600;
const CNY = currencyCode("CNY");

interface MemberSpec {
  key: MemberKey;
  index: number;
  name: string;
  org: string;
  roles: number;
}

/** The cast. The operator is the deployment's governance account, admitted by the registry itself. */
export const DEMO_MEMBERS: readonly MemberSpec[] = [
  { key: "operator", index: 0, name: "Consortium Operator", org: "consortium-operator", roles: Role.OPERATOR },
  { key: "core", index: 1, name: "Jinghai Motors", org: "jinghai-motors", roles: Role.CORE_ENTERPRISE },
  // A tier-1 supplier that is also the buyer of its own (tier-2) supplier.
  {
    key: "tier1",
    index: 2,
    name: "Ruifeng Components",
    org: "ruifeng-components",
    roles: Role.SUPPLIER | Role.CORE_ENTERPRISE,
  },
  { key: "tier2", index: 3, name: "Minghui Stamping", org: "minghui-stamping", roles: Role.SUPPLIER },
  { key: "tier3", index: 4, name: "Anxin Fasteners", org: "anxin-fasteners", roles: Role.SUPPLIER },
  { key: "bankA", index: 5, name: "Bank A", org: "bank-a", roles: Role.BANK },
  { key: "bankB", index: 6, name: "Bank B", org: "bank-b", roles: Role.BANK },
  { key: "warehouse", index: 7, name: "Yangshan Warehouse", org: "yangshan-warehouse", roles: Role.WAREHOUSE },
  { key: "regulator", index: 8, name: "Regulator", org: "regulator", roles: Role.REGULATOR },
];

/** The names of the role bits of `mask`, e.g. ["SUPPLIER", "CORE_ENTERPRISE"]. */
export function roleNames(mask: number): string[] {
  return (Object.entries(Role) as [string, number][]).filter(([, bit]) => (mask & bit) !== 0).map(([name]) => name);
}

const CONTRACT_LABELS: Record<ContractName, string> = {
  registry: "member registry",
  settlementToken: "settlement token",
  receivables: "receivables contract",
  purchaseOrders: "purchase-order contract",
  warehouseReceipts: "warehouse-receipt contract",
  creditLimits: "credit-limit contract",
  factoring: "factoring contract",
  orderFinancing: "order-financing contract",
  receiptFinancing: "receipt-financing contract",
};

/** Amounts of the story, in minor units. */
const CASH = {
  bankReserve: yuan(10_000_000),
  coreDeposit: yuan(8_000_000),
  tier1Deposit: yuan(1_000_000),
};
const ORDER_AMOUNT = yuan(2_000_000);
const INVOICE_AMOUNT = yuan(3_000_000);
const TO_TIER2 = yuan(1_200_000);
const TO_TIER3 = yuan(400_000);
const RECEIPT_VALUATION = yuan(2_500_000);
const RECEIPT_LOAN = yuan(1_500_000);
const DEFAULTED_AMOUNT = yuan(300_000);
const LATE_AMOUNT = yuan(500_000);

interface EventSource {
  target: string | Addressable;
  interface: Interface;
}

/** The arguments of the first `name` event that `source` emitted in `receipt`. */
function eventArgs(receipt: ContractTransactionReceipt, source: EventSource, name: string): Result {
  const address = String(source.target).toLowerCase();
  for (const entry of receipt.logs) {
    if (entry.address.toLowerCase() !== address) continue;
    const parsed = source.interface.parseLog(entry);
    if (parsed?.name === name) return parsed.args;
  }
  throw new Error(`transaction ${receipt.hash} emitted no ${name} event`);
}

/** Connects to the contracts of `deployment` with `runner`. */
function attach(deployment: Deployment, runner: Provider) {
  const a = deployment.contracts;
  return {
    registry: MemberRegistry__factory.connect(a.registry, runner),
    settlementToken: SettlementToken__factory.connect(a.settlementToken, runner),
    receivables: Receivables__factory.connect(a.receivables, runner),
    purchaseOrders: PurchaseOrders__factory.connect(a.purchaseOrders, runner),
    warehouseReceipts: WarehouseReceipts__factory.connect(a.warehouseReceipts, runner),
    creditLimits: CreditLimits__factory.connect(a.creditLimits, runner),
    factoring: Factoring__factory.connect(a.factoring, runner),
    orderFinancing: OrderFinancing__factory.connect(a.orderFinancing, runner),
    receiptFinancing: ReceiptFinancing__factory.connect(a.receiptFinancing, runner),
  };
}

/** Fails early, before any transaction, when the chain cannot travel in time. */
async function assertDevelopmentChain(provider: DemoProvider): Promise<void> {
  try {
    await provider.send("evm_increaseTime", [0]);
  } catch (error) {
    throw new Error(
      "the demo moves the chain's clock with evm_increaseTime/evm_mine, which only development chains " +
        `(Hardhat, Anvil) provide; run it on the local chain of \`npm start\` (${describeError(error)})`,
    );
  }
}

/**
 * Plays the demo on the freshly deployed consortium `deployment`, logging one line per step, and
 * returns what it created and the final settlement-token balances. Throws when a step fails or when
 * the total supply differs from the sum of all balances.
 */
export async function playDemo(
  provider: DemoProvider,
  deployment: Deployment,
  log: DemoLog = (line) => console.log(line),
): Promise<DemoResult> {
  await assertDevelopmentChain(provider);
  const c = attach(deployment, provider);

  // --- the cast -------------------------------------------------------------------------------
  const signers = {} as Record<MemberKey, Signer>;
  const members = {} as Record<MemberKey, DemoMember>;
  for (const spec of DEMO_MEMBERS) {
    let signer: Signer;
    try {
      signer = await provider.getSigner(spec.index);
    } catch (error) {
      throw new Error(
        `the demo needs ${DEMO_MEMBERS.length} unlocked accounts on the node; account #${spec.index} is missing (${describeError(error)})`,
      );
    }
    signers[spec.key] = signer;
    members[spec.key] = { ...spec, address: await signer.getAddress(), roleNames: roleNames(spec.roles) };
  }
  const addr = (key: MemberKey) => members[key].address;
  if (addr("operator").toLowerCase() !== deployment.governance.toLowerCase()) {
    throw new Error(
      `the demo's operator is the node's account #0 (${addr("operator")}), but the deployment's governance is ${deployment.governance}`,
    );
  }
  if ((await c.registry.member(addr("core"))).status !== 0n) {
    throw new Error("the demo's members are admitted already: the demo runs once, on a fresh deployment");
  }

  const names = new Map<string, string>();
  for (const member of Object.values(members)) names.set(member.address.toLowerCase(), member.name);
  for (const [key, address] of Object.entries(deployment.contracts) as [ContractName, string][]) {
    names.set(address.toLowerCase(), `the ${CONTRACT_LABELS[key]}`);
  }
  const who = (address: string) => names.get(address.toLowerCase()) ?? shortAddress(address);
  const name = (key: MemberKey) => members[key].name;

  // --- the clock and the output ---------------------------------------------------------------
  // Raw JSON-RPC: ethers answers identical requests made within 250 ms from a cache, which would
  // hide the block just mined by evm_mine.
  const now = async (): Promise<number> => {
    const block = (await provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp?: string } | null;
    if (!block?.timestamp) throw new Error("the node returned no latest block");
    return Number(BigInt(block.timestamp));
  };
  /** Development chains only: moves the clock forward to `timestamp` and mines a block there. */
  const travelTo = async (timestamp: number) => {
    const current = await now();
    if (timestamp <= current) return;
    // The exact timestamp, not evm_increaseTime: that adds to the node's wall clock, which may tick
    // between reading the latest block and mining the next one.
    await provider.send("evm_setNextBlockTimestamp", [timestamp]);
    await provider.send("evm_mine", []);
  };
  // Pricing counts calendar days (timestamp / 1 day): the story starts at the next noon UTC, so that
  // its day counts, and so its amounts, do not depend on the time of day it is played at.
  const first = await now();
  const noon = Math.floor(first / DAY) * DAY + DAY / 2;
  await travelTo(noon > first ? noon : noon + DAY);
  const startedAt = await now();
  const at = (days: number) => startedAt + days * DAY;
  const dayOf = (timestamp: number | bigint) => Math.floor((Number(timestamp) - startedAt) / DAY);
  const section = async (title: string) => {
    const t = await now();
    log("");
    log(`Day ${dayOf(t)} · ${formatDate(t)} — ${title}`);
  };
  const step = (text: string) => log(`  ✓ ${text}`);
  const note = (text: string) => log(`    ${text}`);
  const mined = async (what: string, pending: Promise<ContractTransactionResponse>) => {
    try {
      const receipt = await (await pending).wait();
      if (!receipt) throw new Error("the node returned no receipt");
      return receipt;
    } catch (error) {
      throw new Error(`demo step "${what}" failed: ${describeError(error)}`, { cause: error });
    }
  };

  const as = {
    operator: signers.operator,
    core: signers.core,
    tier1: signers.tier1,
    tier2: signers.tier2,
    tier3: signers.tier3,
    bankA: signers.bankA,
    bankB: signers.bankB,
    warehouse: signers.warehouse,
    regulator: signers.regulator,
  };

  const year = formatDate(startedAt).slice(0, 4);
  log(`Demo consortium on chain ${deployment.chainId}, amounts in CNY (tokenized deposits, 2 decimals)`);

  // --- 1. onboarding --------------------------------------------------------------------------
  await section("the operator admits the members after KYC");
  for (const member of Object.values(members)) {
    if (member.key === "operator") continue;
    await mined(
      `admit ${member.name}`,
      c.registry.connect(as.operator).admit(member.address, text32(member.org), member.roles, id(`kyc:${member.org}`)),
    );
    step(
      `${name("operator")} admitted ${member.name} (${shortAddress(member.address)}) as ${member.roleNames.join(" + ")}`,
    );
  }

  // --- 2. cash and credit lines ---------------------------------------------------------------
  await section("banks mint deposits and set credit limits");
  const mints: [MemberKey, MemberKey, bigint, string][] = [
    ["bankA", "bankA", CASH.bankReserve, "its own reserve"],
    ["bankA", "core", CASH.coreDeposit, "its deposit account"],
    ["bankB", "bankB", CASH.bankReserve, "its own reserve"],
    ["bankB", "tier1", CASH.tier1Deposit, "its deposit account"],
  ];
  for (const [bank, to, amount, what] of mints) {
    await mined(
      `mint to ${name(to)}`,
      c.settlementToken.connect(as[bank]).mint(addr(to), amount, id(`deposit:${members[to].org}`)),
    );
    step(`${name(bank)} minted ${formatCny(amount)} of tokenized deposits to ${name(to)} against ${what}`);
  }
  const spenders = [c.receivables, c.factoring, c.orderFinancing, c.receiptFinancing];
  for (const key of ["core", "tier1", "tier2", "tier3", "bankA", "bankB"] as const) {
    for (const spender of spenders) {
      await mined(`approve for ${name(key)}`, c.settlementToken.connect(as[key]).approve(spender.target, MaxUint256));
    }
    step(`${name(key)} let the protocol contracts settle its payments (settlement-token approvals)`);
  }
  const lines: [MemberKey, MemberKey, number, bigint][] = [
    ["bankA", "core", LimitKind.Obligor, yuan(5_000_000)],
    ["bankA", "tier1", LimitKind.Borrower, yuan(3_000_000)],
    ["bankA", "tier2", LimitKind.Borrower, yuan(1_000_000)],
    ["bankB", "core", LimitKind.Obligor, yuan(3_000_000)],
    ["bankB", "tier1", LimitKind.Obligor, yuan(500_000)],
    ["bankB", "tier1", LimitKind.Borrower, yuan(2_000_000)],
    ["bankB", "tier2", LimitKind.Borrower, yuan(500_000)],
  ];
  for (const [bank, counterparty, kind, limit] of lines) {
    await mined(
      `credit limit ${name(bank)} -> ${name(counterparty)}`,
      c.creditLimits.connect(as[bank]).setLimit(addr(counterparty), kind, limit),
    );
    const kindName = kind === LimitKind.Obligor ? "obligor" : "borrower";
    step(`${name(bank)} set its ${kindName} credit limit of ${formatCny(limit)} for ${name(counterparty)}`);
  }

  // --- 3. prepayment (order) financing -----------------------------------------------------------
  await section("a purchase order, confirmed and prefinanced");
  const poNumber = `PO-${year}-0001`;
  let receipt = await mined(
    "submit order",
    c.purchaseOrders
      .connect(as.tier1)
      .submit(
        addr("core"),
        poNumber,
        ORDER_AMOUNT,
        CNY,
        at(20),
        60,
        id(`document:${poNumber}`),
        `ipfs://demo/${poNumber.toLowerCase()}`,
      ),
  );
  const orderId: bigint = eventArgs(receipt, c.purchaseOrders, "OrderSubmitted").orderId;
  step(
    `${name("tier1")} submitted order ${poNumber} to ${name("core")}: ${formatCny(ORDER_AMOUNT)}, delivery by ` +
      `${formatDate(at(20))}, payment 60 days after delivery → order #${orderId}`,
  );
  await mined("confirm order", c.purchaseOrders.connect(as.core).confirm(orderId));
  step(`${name("core")} confirmed order #${orderId}`);
  receipt = await mined(
    "request order financing",
    c.orderFinancing.connect(as.tier1).request(orderId, addr("bankA"), 7_000, 600, 90, at(7)),
  );
  const orderLoanId: bigint = eventArgs(receipt, c.orderFinancing, "OrderFinancingRequested").loanId;
  step(
    `${name("tier1")} asked ${name("bankA")} to prefinance order #${orderId} (at least ${formatBps(7_000)} advance, ` +
      `at most ${formatBps(600)} a year, 90 days) → loan #${orderLoanId}; the order now carries the lender's lien`,
  );
  receipt = await mined(
    "fund order financing",
    c.orderFinancing.connect(as.bankA).accept(orderLoanId, 8_000, 450, text32(`MPR-${year}-OF-0001`)),
  );
  let funded = eventArgs(receipt, c.orderFinancing, "LoanFunded");
  step(
    `${name("bankA")} funded loan #${orderLoanId}: paid ${formatCny(funded.principal)} to ${name("tier1")} ` +
      `(${formatBps(8_000)} of the order, ${formatBps(450)} a year, due ${formatDate(funded.dueAt)})`,
  );

  // --- 4. a receivable down the supply chain, factored -------------------------------------------
  await section("a confirmed payable split down the supply chain and factored");
  const invoice = `INV-${year}-0042`;
  receipt = await mined(
    "issue receivable",
    c.receivables
      .connect(as.core)
      .issue(
        addr("tier1"),
        INVOICE_AMOUNT,
        CNY,
        at(90),
        id(`invoice:${invoice}`),
        `ipfs://demo/${invoice.toLowerCase()}`,
      ),
  );
  const invoiceReceivableId: bigint = eventArgs(receipt, c.receivables, "ReceivableIssued").receivableId;
  step(
    `${name("core")} confirmed invoice ${invoice} and issued receivable #${invoiceReceivableId} to ${name("tier1")}: ` +
      `${formatCny(INVOICE_AMOUNT)}, due ${formatDate(at(90))}`,
  );
  receipt = await mined(
    "split to tier 2",
    c.receivables.connect(as.tier1).split(invoiceReceivableId, addr("tier2"), TO_TIER2),
  );
  let split = eventArgs(receipt, c.receivables, "PartSplit");
  const tier2PartId: bigint = split.partId;
  step(
    `${name("tier1")} split ${formatCny(TO_TIER2)} off receivable #${invoiceReceivableId} to pay ${name("tier2")} → ` +
      `part #${tier2PartId}; it keeps ${formatCny(split.parentAmount)}`,
  );
  receipt = await mined("split to tier 3", c.receivables.connect(as.tier2).split(tier2PartId, addr("tier3"), TO_TIER3));
  split = eventArgs(receipt, c.receivables, "PartSplit");
  const tier3PartId: bigint = split.partId;
  step(
    `${name("tier2")} passed ${formatCny(TO_TIER3)} of part #${tier2PartId} on to ${name("tier3")} → part #${tier3PartId}; ` +
      `it keeps ${formatCny(split.parentAmount)}`,
  );

  receipt = await mined(
    "offer with recourse",
    c.factoring.connect(as.tier2).offer(tier2PartId, addr("bankA"), 8_500, 800, true, at(3)),
  );
  let offered = eventArgs(receipt, c.factoring, "FactoringOffered");
  const recourseDealId: bigint = offered.dealId;
  step(
    `${name("tier2")} offered part #${tier2PartId} (${formatCny(offered.face)}) to ${name("bankA")} for factoring, ` +
      `recourse accepted → deal #${recourseDealId}; the part is in the factoring contract's custody`,
  );
  receipt = await mined(
    "accept with recourse",
    c.factoring.connect(as.bankA).accept(recourseDealId, 9_000, 600, true, text32(`MPR-${year}-FA-0001`)),
  );
  let bought = eventArgs(receipt, c.factoring, "FactoringFunded");
  step(
    `${name("bankA")} bought deal #${recourseDealId} with recourse: advance ${formatCny(bought.advance)} ` +
      `(${formatBps(bought.advanceBps)}), discount ${formatCny(bought.discount)} (${formatBps(bought.discountBps)} a year, ` +
      `${bought.daysToMaturity} days); ${formatCny(bought.price)} paid to ${name("tier2")} in the same transaction`,
  );

  receipt = await mined(
    "open offer",
    c.factoring.connect(as.tier3).offer(tier3PartId, ZeroAddress, 8_000, 900, false, at(3)),
  );
  offered = eventArgs(receipt, c.factoring, "FactoringOffered");
  const openDealId: bigint = offered.dealId;
  step(
    `${name("tier3")} offered part #${tier3PartId} (${formatCny(offered.face)}) to any bank, without recourse → deal #${openDealId}`,
  );
  receipt = await mined(
    "take the open offer",
    c.factoring.connect(as.bankB).accept(openDealId, 8_500, 700, false, text32(`MPR-${year}-FA-0002`)),
  );
  bought = eventArgs(receipt, c.factoring, "FactoringFunded");
  step(
    `${name("bankB")} took the open offer: advance ${formatCny(bought.advance)} (${formatBps(bought.advanceBps)}), ` +
      `discount ${formatCny(bought.discount)} (${formatBps(bought.discountBps)} a year, ${bought.daysToMaturity} days); ` +
      `${formatCny(bought.price)} paid to ${name("tier3")} against the part`,
  );

  // --- 5. warehouse-receipt financing ----------------------------------------------------------
  await section("inventory financing against a warehouse receipt");
  const lot = `YS-${year}-0815`;
  receipt = await mined(
    "issue warehouse receipt",
    c.warehouseReceipts.connect(as.warehouse).issue(addr("tier1"), {
      lot,
      goods: "Cold-rolled steel coils, grade SPCC",
      quantity: 500,
      unit: text32("t"),
      valuation: RECEIPT_VALUATION,
      currency: CNY,
      documentHash: id(`receipt:${lot}`),
      documentUri: `ipfs://demo/${lot.toLowerCase()}`,
    }),
  );
  const receiptId: bigint = eventArgs(receipt, c.warehouseReceipts, "ReceiptIssued").receiptId;
  step(
    `${name("warehouse")} issued warehouse receipt #${receiptId} to ${name("tier1")}: 500 t of cold-rolled steel ` +
      `coils (lot ${lot}), valued at ${formatCny(RECEIPT_VALUATION)}`,
  );
  receipt = await mined(
    "request receipt loan",
    c.receiptFinancing.connect(as.tier1).request(receiptId, addr("bankB"), RECEIPT_LOAN, 700, 60, at(7)),
  );
  const receiptLoanId: bigint = eventArgs(receipt, c.receiptFinancing, "ReceiptLoanRequested").loanId;
  step(
    `${name("tier1")} asked ${name("bankB")} for ${formatCny(RECEIPT_LOAN)} against receipt #${receiptId} ` +
      `(at most ${formatBps(700)}, 60 days) → loan #${receiptLoanId}; the receipt is now pledged to ${name("bankB")}`,
  );
  receipt = await mined(
    "fund receipt loan",
    c.receiptFinancing.connect(as.bankB).accept(receiptLoanId, 7_000, 550, text32(`MPR-${year}-WR-0001`)),
  );
  funded = eventArgs(receipt, c.receiptFinancing, "LoanFunded");
  step(
    `${name("bankB")} lent ${formatCny(funded.principal)} at ${formatBps(funded.rateBps)} a year ` +
      `(loan-to-value ${formatBps(funded.capBps)}, cap ${formatCny(applyRateDown(RECEIPT_VALUATION, 7_000n))}), due ${formatDate(funded.dueAt)}`,
  );
  await mined(
    "good attestation",
    c.warehouseReceipts.connect(as.warehouse).attest(receiptId, 500, 0, id(`stock-check:${lot}:1`)),
  );
  step(`${name("warehouse")} attested 500 t in stock, no anomaly: the pledge stays open for drawing`);

  // --- 6. two more payables: one will default, one will be paid late ---------------------------
  await section("two more payables, which will not be paid on time");
  receipt = await mined(
    "issue the payable that defaults",
    c.receivables
      .connect(as.tier1)
      .issue(
        addr("tier2"),
        DEFAULTED_AMOUNT,
        CNY,
        at(30),
        id(`invoice:RF-${year}-0107`),
        `ipfs://demo/rf-${year}-0107`,
      ),
  );
  const defaultedReceivableId: bigint = eventArgs(receipt, c.receivables, "ReceivableIssued").receivableId;
  step(
    `${name("tier1")}, as buyer, issued receivable #${defaultedReceivableId} to ${name("tier2")}: ` +
      `${formatCny(DEFAULTED_AMOUNT)}, due ${formatDate(at(30))}`,
  );
  receipt = await mined(
    "offer the payable that defaults",
    c.factoring.connect(as.tier2).offer(defaultedReceivableId, addr("bankB"), 7_500, 1_000, true, at(3)),
  );
  const defaultedDealId: bigint = eventArgs(receipt, c.factoring, "FactoringOffered").dealId;
  receipt = await mined(
    "factor the payable that defaults",
    c.factoring.connect(as.bankB).accept(defaultedDealId, 8_000, 800, true, text32(`MPR-${year}-FA-0003`)),
  );
  bought = eventArgs(receipt, c.factoring, "FactoringFunded");
  step(
    `${name("tier2")} factored it with recourse to ${name("bankB")} (deal #${defaultedDealId}): advance ` +
      `${formatCny(bought.advance)}, discount ${formatCny(bought.discount)}, paid ${formatCny(bought.price)}`,
  );
  receipt = await mined(
    "issue the payable paid late",
    c.receivables
      .connect(as.core)
      .issue(addr("tier1"), LATE_AMOUNT, CNY, at(30), id(`invoice:INV-${year}-0051`), `ipfs://demo/inv-${year}-0051`),
  );
  const lateReceivableId: bigint = eventArgs(receipt, c.receivables, "ReceivableIssued").receivableId;
  step(
    `${name("core")} issued receivable #${lateReceivableId} to ${name("tier1")}: ${formatCny(LATE_AMOUNT)}, ` +
      `due ${formatDate(at(30))}`,
  );

  // --- 7. an inventory check that freezes the pledge -------------------------------------------
  await travelTo(at(15));
  await section("inventory check");
  receipt = await mined(
    "short attestation",
    c.warehouseReceipts.connect(as.warehouse).attest(receiptId, 470, 0, id(`stock-check:${lot}:2`)),
  );
  const frozen = eventArgs(receipt, c.warehouseReceipts, "ReceiptPledgeFrozen");
  step(
    `${name("warehouse")} attested only ${frozen.attestedQuantity} t against ${frozen.pledgedQuantity} t pledged: ` +
      `further drawing on receipt #${receiptId} is frozen`,
  );
  note(`ALERT to ${who(frozen.pledgee)}: pledge of receipt #${receiptId} frozen (ReceiptPledgeFrozen)`);
  await mined("unfreeze", c.warehouseReceipts.connect(as.bankB).unfreeze(receiptId));
  step(`${name("bankB")} reviewed the warehouse's report and lifted the freeze`);

  // --- 8. delivery: the financed order becomes a receivable ------------------------------------
  await travelTo(at(20));
  await section("delivery of the prefinanced order");
  receipt = await mined(
    "accept delivery",
    c.purchaseOrders
      .connect(as.core)
      .acceptDelivery(orderId, id(`invoice:INV-${year}-0057`), `ipfs://demo/inv-${year}-0057`),
  );
  const converted = eventArgs(receipt, c.purchaseOrders, "OrderConverted");
  const orderReceivableId: bigint = converted.receivableId;
  const orderReceivable = await c.receivables.receivable(orderReceivableId);
  step(
    `${name("core")} accepted delivery of order #${orderId} against invoice INV-${year}-0057: it became receivable #${orderReceivableId} ` +
      `(${formatCny(orderReceivable.face)}, due ${formatDate(orderReceivable.maturity)}), held by ${who(converted.creditor)} ` +
      `for loan #${orderLoanId}`,
  );

  // --- 9. maturity passes on the two late payables ---------------------------------------------
  await travelTo(at(31));
  await section("maturity passed unpaid");
  await mined("mark overdue", c.receivables.connect(as.bankB).markOverdue(defaultedReceivableId));
  step(`${name("bankB")} recorded receivable #${defaultedReceivableId} (owed by ${name("tier1")}) as overdue`);
  await mined("mark overdue", c.receivables.connect(as.tier1).markOverdue(lateReceivableId));
  step(`${name("tier1")} recorded receivable #${lateReceivableId} (owed by ${name("core")}) as overdue`);

  // --- 10. the inventory loan is repaid, the pledge released -----------------------------------
  await travelTo(at(45));
  await section("repayment of the inventory loan");
  receipt = await mined("repay receipt loan", c.receiptFinancing.connect(as.tier1).repay(receiptLoanId));
  const repaid = eventArgs(receipt, c.receiptFinancing, "LoanRepaid");
  eventArgs(receipt, c.warehouseReceipts, "ReceiptPledgeReleased");
  step(
    `${name("tier1")} repaid loan #${receiptLoanId} to ${name("bankB")}: ${formatCny(repaid.principal)} + ` +
      `${formatCny(repaid.interest)} interest; the pledge on receipt #${receiptId} is released`,
  );

  // --- 11. default, recourse, and a late payment after default ---------------------------------
  const grace = Number(await c.receivables.DEFAULT_GRACE_PERIOD());
  await travelTo(at(30) + grace + HOUR);
  await section("defaults after the grace period");
  await mined("declare default", c.receivables.connect(as.bankB).declareDefault(defaultedReceivableId));
  step(
    `${name("bankB")} declared receivable #${defaultedReceivableId} in default (grace period of ${grace / DAY} days over)`,
  );
  receipt = await mined("claim recourse", c.factoring.connect(as.bankB).claimRecourse(defaultedDealId));
  const claimed = eventArgs(receipt, c.factoring, "FactoringRecourseClaimed");
  step(`${name("bankB")} claimed its advance of ${formatCny(claimed.amount)} from ${name("tier2")} under recourse`);
  receipt = await mined("settle recourse", c.factoring.connect(as.tier2).settleRecourse(defaultedDealId));
  const settled = eventArgs(receipt, c.factoring, "FactoringRecourseSettled");
  step(
    `${name("tier2")} paid ${formatCny(settled.amount)} back to ${name("bankB")} and took receivable #${defaultedReceivableId} ` +
      `back: it holds the defaulted claim on ${name("tier1")}`,
  );
  await mined("declare default", c.receivables.connect(as.operator).declareDefault(lateReceivableId));
  step(`${name("operator")} declared receivable #${lateReceivableId} (owed by ${name("core")}) in default`);
  receipt = await mined("late payment", c.receivables.connect(as.core).pay(lateReceivableId));
  const latePaid = eventArgs(receipt, c.receivables, "ReceivablePaid");
  step(
    `${name("core")} paid receivable #${lateReceivableId} late (${latePaid.late ? "after maturity" : "on time"}` +
      `${latePaid.afterDefault ? ", after the default" : ""}): ${formatCny(latePaid.amount)}`,
  );
  receipt = await mined("redeem late payment", c.receivables.connect(as.tier1).redeem(lateReceivableId));
  step(`${name("tier1")} redeemed its part: ${formatCny(eventArgs(receipt, c.receivables, "PartRedeemed").amount)}`);

  // --- 12. the delivered order's receivable matures: waterfall ----------------------------------
  await travelTo(Number(orderReceivable.maturity) - HOUR);
  await section("maturity of the prefinanced order's receivable");
  receipt = await mined("pay order receivable", c.receivables.connect(as.core).pay(orderReceivableId));
  step(`${name("core")} paid receivable #${orderReceivableId} on time: ${formatCny(orderReceivable.face)}`);
  receipt = await mined("collect order financing", c.orderFinancing.connect(as.bankA).collect(orderLoanId));
  const waterfall = eventArgs(receipt, c.orderFinancing, "OrderFinancingCollected");
  step(
    `Waterfall of loan #${orderLoanId}: of ${formatCny(waterfall.proceeds)} collected, ${name("bankA")} received ` +
      `${formatCny(waterfall.toBank)} (principal and interest), ${name("tier1")} the remaining ${formatCny(waterfall.toBorrower)}; ` +
      `loan repaid, lien released`,
  );

  // --- 13. the split receivable matures: every holder is paid ----------------------------------
  const invoiceReceivable = await c.receivables.receivable(invoiceReceivableId);
  await travelTo(Number(invoiceReceivable.maturity) - HOUR);
  await section("maturity of the split receivable");
  await mined("pay split receivable", c.receivables.connect(as.core).pay(invoiceReceivableId));
  step(`${name("core")} paid receivable #${invoiceReceivableId} on time: ${formatCny(invoiceReceivable.face)}`);
  receipt = await mined("redeem tier-1 part", c.receivables.connect(as.tier1).redeem(invoiceReceivableId));
  step(
    `${name("tier1")} redeemed part #${invoiceReceivableId}: ${formatCny(eventArgs(receipt, c.receivables, "PartRedeemed").amount)}`,
  );
  for (const [dealId, bank] of [
    [recourseDealId, as.bankA],
    [openDealId, as.bankB],
  ] as const) {
    receipt = await mined("collect factoring", c.factoring.connect(bank).collect(dealId));
    const collected = eventArgs(receipt, c.factoring, "FactoringCollected");
    const deal = await c.factoring.deal(dealId);
    step(
      `Deal #${dealId} collected: ${who(deal.bank)} received its advance ${formatCny(collected.toBank)}, ` +
        `${who(deal.seller)} the reserve ${formatCny(collected.toSeller)}`,
    );
  }

  // --- 14. the regulator's view: lineage ---------------------------------------------------------
  await section("the regulator traces a part back to its trade");
  const view = c.receivables.connect(as.regulator);
  let partId = tier3PartId;
  let rootId = 0n;
  for (;;) {
    const part = await view.part(partId);
    rootId = part.rootId;
    step(
      `part #${partId}: ${formatCny(part.face)} held by ${who(part.holder)} (${statusName(PartStatus, part.status)})` +
        (part.parentId === 0n ? "" : `, split from part #${part.parentId}`),
    );
    if (part.parentId === 0n) break;
    partId = part.parentId;
  }
  const root = await view.receivable(rootId);
  step(
    `receivable #${rootId}: ${formatCny(root.face)} owed by ${who(root.obligor)}, invoice ${root.invoiceHash.slice(0, 10)}…, ` +
      `${statusName(ReceivableStatus, root.status)} on ${formatDate(root.paidAt)}`,
  );

  // --- 15. the books ---------------------------------------------------------------------------
  await section("settlement-token balances");
  for (const [bank, counterparty, kind] of lines) {
    const line = await c.creditLimits.creditLine(addr(bank), addr(counterparty), kind);
    if (line.used !== 0n) {
      note(`${name(bank)} still uses ${formatCny(line.used)} of its line for ${name(counterparty)}`);
    }
  }
  const transfers = await c.settlementToken.queryFilter(c.settlementToken.filters.Transfer(), deployment.startBlock);
  const holderSet = new Set<string>();
  for (const member of Object.values(members)) holderSet.add(member.address.toLowerCase());
  for (const address of Object.values(deployment.contracts)) holderSet.add(address.toLowerCase());
  for (const transfer of transfers) {
    for (const address of [transfer.args.from, transfer.args.to]) {
      if (address !== ZeroAddress) holderSet.add(address.toLowerCase());
    }
  }
  const holders: DemoHolder[] = [];
  for (const address of holderSet) {
    holders.push({ label: who(address), address, balance: await c.settlementToken.balanceOf(address) });
  }
  const balances = {} as Record<MemberKey, bigint>;
  for (const member of Object.values(members)) {
    balances[member.key] = holders.find((h) => h.address === member.address.toLowerCase())!.balance;
  }
  const totalSupply = await c.settlementToken.totalSupply();
  const sumOfBalances = holders.reduce((sum, h) => sum + h.balance, 0n);

  const nameWidth = 30;
  const moneyWidth = 18;
  log(`  ${pad("Holder", nameWidth)} ${pad("Address", 13)} ${padLeft("Balance", moneyWidth)}`);
  for (const member of Object.values(members)) {
    log(
      `  ${pad(member.name, nameWidth)} ${pad(shortAddress(member.address), 13)} ${padLeft(formatCny(balances[member.key]), moneyWidth)}`,
    );
  }
  const memberAddresses = new Set(Object.values(members).map((m) => m.address.toLowerCase()));
  const contractAddresses = new Set(Object.values(deployment.contracts).map((a) => a.toLowerCase()));
  for (const holder of holders) {
    // Protocol contracts are listed when they hold something; any other holder always.
    if (memberAddresses.has(holder.address)) continue;
    if (contractAddresses.has(holder.address) && holder.balance === 0n) continue;
    log(
      `  ${pad(holder.label, nameWidth)} ${pad(shortAddress(holder.address), 13)} ${padLeft(formatCny(holder.balance), moneyWidth)}`,
    );
  }
  log(
    `  ${pad(`Sum of all ${holders.length} accounts`, nameWidth + 14)} ${padLeft(formatCny(sumOfBalances), moneyWidth)}`,
  );
  log(`  ${pad("Total supply", nameWidth + 14)} ${padLeft(formatCny(totalSupply), moneyWidth)}`);
  if (totalSupply !== sumOfBalances) {
    throw new Error(
      `total supply ${formatCny(totalSupply)} differs from the sum of balances ${formatCny(sumOfBalances)}`,
    );
  }
  step("total supply = sum of all balances: no value was created or lost");

  return {
    members,
    ids: {
      orderId,
      orderLoanId,
      orderReceivableId,
      invoiceReceivableId,
      tier2PartId,
      tier3PartId,
      recourseDealId,
      openDealId,
      receiptId,
      receiptLoanId,
      defaultedReceivableId,
      defaultedDealId,
      lateReceivableId,
    },
    startedAt,
    balances,
    holders,
    totalSupply,
    sumOfBalances,
  };
}
