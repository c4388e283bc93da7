/**
 * Guard mutation test: "show each guarding check matters: the suite fails if it is removed".
 *
 * For every guard listed in MUTATIONS below, this script removes the guard from a COPY of the
 * repository (never the repository itself), compiles the copy, runs the test files that should
 * notice, and records whether the suite failed (the mutant is "killed") or still passed (the mutant
 * "SURVIVED": the guard is not really tested).
 *
 *   npx ts-node scripts/mutation/guards.ts            (or: npm run test:mutation)
 *
 * Environment:
 *   MUTATION_FILTER=<substring>   run only the mutations whose name contains it (a comma-separated
 *                                 list runs those matching any of them)
 *   MUTATION_JOBS=<n>             copies run in parallel (default 1)
 *   MUTATION_TIMEOUT_S=<s>        time limit of one test run (default 900); a timeout counts as killed
 *   MUTATION_SKIP_BASELINE=1      skip the check that the mapped tests pass without any mutation
 *   MUTATION_KEEP=1               keep the temporary copies (their paths are printed)
 *   MUTATION_VERBOSE=1            print the output of every compile and test run
 *
 * Every snippet must occur exactly once in its file, otherwise the script fails before running
 * anything, so the list cannot rot silently when a contract changes. Exit code: 0 only when every
 * selected guard was killed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface Mutation {
  /** Unique, stable name; MUTATION_FILTER matches a substring of it. */
  name: string;
  /** Source file, relative to the repository root. */
  file: string;
  /** Exact source text; must occur exactly once in `file`. */
  find: string;
  /** What replaces it: the same code without the guard. */
  replace: string;
  /** Test files (relative to the repository root) that must fail without the guard. */
  tests: string[];
}

const T = {
  registry: "test/membership/MemberRegistry.test.ts",
  settlement: "test/settlement/SettlementToken.test.ts",
  credit: "test/financing/CreditLimits.test.ts",
  receivables: "test/assets/Receivables.test.ts",
  orders: "test/assets/PurchaseOrders.test.ts",
  receipts: "test/assets/WarehouseReceipts.test.ts",
  factoring: "test/financing/Factoring.test.ts",
  orderFinancing: "test/financing/OrderFinancing.test.ts",
  receiptFinancing: "test/financing/ReceiptFinancing.test.ts",
  property: "test/invariants/protocol.property.test.ts",
} as const;

const F = {
  registry: "contracts/membership/MemberRegistry.sol",
  gated: "contracts/membership/MemberGated.sol",
  settlement: "contracts/settlement/SettlementToken.sol",
  credit: "contracts/financing/CreditLimits.sol",
  receivables: "contracts/assets/Receivables.sol",
  orders: "contracts/assets/PurchaseOrders.sol",
  receipts: "contracts/assets/WarehouseReceipts.sol",
  financingBase: "contracts/financing/FinancingBase.sol",
  loanBook: "contracts/financing/LoanBook.sol",
  factoring: "contracts/financing/Factoring.sol",
  orderFinancing: "contracts/financing/OrderFinancing.sol",
  receiptFinancing: "contracts/financing/ReceiptFinancing.sol",
} as const;

/** Lines of a snippet, joined with newlines (keeps the exact indentation readable). */
const lines = (...l: string[]): string => l.join("\n");

const MUTATIONS: Mutation[] = [
  // --- Membership ---------------------------------------------------------------------------
  {
    name: "registry-admit-requires-operator",
    file: F.registry,
    find: "function admit(address account, bytes32 orgId, uint16 roles, bytes32 kycRef) external onlyActiveOperator {",
    replace: "function admit(address account, bytes32 orgId, uint16 roles, bytes32 kycRef) external {",
    tests: [T.registry],
  },
  {
    name: "registry-suspended-operator-cannot-act",
    file: F.registry,
    find: "if (_members[msg.sender].status != MemberStatus.Active) revert MemberNotActive(msg.sender);",
    replace: "",
    tests: [T.registry],
  },
  {
    name: "gated-role-required",
    file: F.gated,
    find: "if (held & roles == 0) revert IMemberRegistry.MemberLacksRole(account, roles);",
    replace: "",
    tests: [T.receivables, T.credit, T.receipts],
  },
  {
    name: "gated-blacklisted-cannot-start-financing",
    file: F.gated,
    find: lines(
      "if (roles != 0 && held & roles == 0) revert IMemberRegistry.MemberLacksRole(account, roles);",
      "        if (blacklisted) revert IMemberRegistry.MemberBlacklisted(account);",
    ),
    replace: "if (roles != 0 && held & roles == 0) revert IMemberRegistry.MemberLacksRole(account, roles);",
    tests: [T.factoring, T.orderFinancing, T.receiptFinancing, T.settlement],
  },
  // --- Settlement token ---------------------------------------------------------------------
  {
    name: "settlement-recipient-must-be-member",
    file: F.settlement,
    find: "if (to != address(0)) _requireActive(to);",
    replace: "",
    tests: [T.settlement],
  },
  {
    name: "settlement-sender-must-be-member",
    file: F.settlement,
    find: "if (from != address(0)) _requireActive(from);",
    replace: "",
    tests: [T.settlement],
  },
  {
    name: "settlement-mint-bank-only",
    file: F.settlement,
    find: "_requireFinanceable(msg.sender, Roles.BANK);",
    replace: "",
    tests: [T.settlement],
  },
  // --- Credit limits ------------------------------------------------------------------------
  {
    name: "credit-set-limit-bank-only",
    file: F.credit,
    find: "_requireRole(msg.sender, Roles.BANK);",
    replace: "",
    tests: [T.credit],
  },
  {
    name: "credit-consume-system-only",
    file: F.credit,
    find: lines(
      "function consume(address bank, address obligor, address borrower, uint256 amount) external {",
      "        _requireSystemCaller();",
    ),
    replace: "function consume(address bank, address obligor, address borrower, uint256 amount) external {",
    tests: [T.credit],
  },
  {
    name: "credit-limit-exceeded",
    file: F.credit,
    find: "if (amount > free) revert CreditLimitExceeded(bank, counterparty, kind, amount, free);",
    replace: "",
    tests: [T.credit, T.factoring, T.orderFinancing, T.receiptFinancing],
  },
  // --- Receivables --------------------------------------------------------------------------
  {
    name: "receivable-issue-core-enterprise-only",
    file: F.receivables,
    find: "_requireRole(msg.sender, Roles.CORE_ENTERPRISE);",
    replace: "",
    tests: [T.receivables],
  },
  {
    name: "receivable-issue-from-order-system-only",
    file: F.receivables,
    find: lines("_requireSystemCaller();", "        return _issue(orderId,"),
    replace: "return _issue(orderId,",
    tests: [T.receivables, T.orders],
  },
  {
    name: "receivable-invoice-registered-once",
    file: F.receivables,
    find: "if (invoiceHash == bytes32(0) || _invoiceUsed[invoiceHash]) {",
    replace: "if (invoiceHash == bytes32(0)) {",
    tests: [T.receivables, T.orders],
  },
  {
    name: "receivable-term-at-most-365-days",
    file: F.receivables,
    find: "if (maturity <= block.timestamp || maturity > latest) revert",
    replace: "if (maturity <= block.timestamp) revert",
    tests: [T.receivables],
  },
  {
    name: "receivable-split-amount-bounds",
    file: F.receivables,
    find: "if (amount == 0 || amount >= available) revert ReceivableInvalidSplit(parentId, amount, available);",
    replace: "",
    tests: [T.receivables, T.property],
  },
  {
    name: "receivable-recipient-must-be-member",
    file: F.receivables,
    find: lines("if (to == from) revert ReceivableSelfTransfer(partId);", "        _requireActive(to);"),
    replace: "if (to == from) revert ReceivableSelfTransfer(partId);",
    tests: [T.receivables],
  },
  {
    name: "receivable-holder-only-part-already-offered",
    file: F.receivables,
    find: "if (p.holder != from) revert ReceivableNotHolder(partId, from, p.holder);",
    replace: "",
    tests: [T.receivables, T.factoring],
  },
  {
    name: "receivable-settlement-token-set-once",
    file: F.receivables,
    find: "if (current != address(0)) revert ReceivableSettlementTokenAlreadySet(currency, current);",
    replace: "",
    tests: [T.receivables],
  },
  {
    name: "receivable-custody-part-redeemed-by-custodian-only",
    file: F.receivables,
    find: "if (msg.sender != holder && _holdsRole(holder, Roles.SYSTEM)) revert ReceivablePartInCustody(partId, holder);",
    replace: "",
    tests: [T.factoring],
  },
  {
    name: "registry-operator-role-only-through-membership",
    file: F.registry,
    find: "if (role == OPERATOR_ROLE) revert OperatorRoleManagedByMembership(role);",
    replace: "",
    tests: [T.registry],
  },
  {
    name: "receipt-pledge-ended-by-pledging-contract-only",
    file: F.receipts,
    find: "if (msg.sender != pledger) revert ReceiptUnauthorized(receiptId, msg.sender, pledger);",
    replace: "",
    tests: [T.receipts],
  },
  {
    name: "receipt-financing-traders-only",
    file: F.receiptFinancing,
    find: "_requireFinanceable(msg.sender, Roles.TRADER);",
    replace: "_requireFinanceable(msg.sender, 0);",
    tests: [T.receiptFinancing],
  },
  {
    name: "receipt-financing-enforce-active-bank-only",
    file: F.receiptFinancing,
    find: "_requireRole(msg.sender, Roles.BANK);",
    replace: "",
    tests: [T.receiptFinancing],
  },
  {
    name: "financing-payout-held-for-inactive-member",
    file: F.financingBase,
    find: "if (_isActive(to)) {",
    replace: "if (true) {",
    tests: [T.factoring, T.orderFinancing],
  },
  {
    name: "receivable-part-redeemed-once",
    file: F.receivables,
    find: "if (p.status != PartStatus.Active || r.status != ReceivableStatus.Paid) {",
    replace: "if (r.status != ReceivableStatus.Paid) {",
    tests: [T.receivables, T.property],
  },
  // --- Purchase orders ----------------------------------------------------------------------
  {
    name: "order-number-registered-once",
    file: F.orders,
    find: "if (existing != 0) revert OrderAlreadyRegistered(buyer, msg.sender, orderNumber, existing);",
    replace: "",
    tests: [T.orders],
  },
  {
    name: "order-confirm-buyer-only",
    file: F.orders,
    find: "if (msg.sender != o.buyer) revert OrderUnauthorized(orderId, msg.sender, o.buyer);",
    replace: "",
    tests: [T.orders],
  },
  {
    name: "order-lien-once-order-already-financed",
    file: F.orders,
    find: "if (o.lienHolder != address(0)) revert OrderAlreadyEncumbered(orderId, o.lienHolder);",
    replace: "",
    tests: [T.orders, T.orderFinancing],
  },
  {
    name: "order-set-lien-system-only",
    file: F.orders,
    find: lines("_requireSystemCaller();", "        Order storage o = _existingOrder(orderId);"),
    replace: "Order storage o = _existingOrder(orderId);",
    tests: [T.orders],
  },
  // --- Warehouse receipts -------------------------------------------------------------------
  {
    name: "receipt-issue-warehouse-only",
    file: F.receipts,
    find: lines("_requireRole(msg.sender, Roles.WAREHOUSE);", "        if (owner == msg.sender)"),
    replace: "if (owner == msg.sender)",
    tests: [T.receipts],
  },
  {
    name: "receipt-owner-must-be-member",
    file: F.receipts,
    find: lines("if (owner == msg.sender) revert ReceiptSelfDealing(owner);", "        _requireActive(owner);"),
    replace: "if (owner == msg.sender) revert ReceiptSelfDealing(owner);",
    tests: [T.receipts],
  },
  {
    name: "receipt-lot-issued-once",
    file: F.receipts,
    find: "if (existing != 0) revert ReceiptLotAlreadyIssued(msg.sender, terms.lot, existing);",
    replace: "",
    tests: [T.receipts],
  },
  {
    name: "receipt-pledged-blocks-transfer-release-and-repledge",
    file: F.receipts,
    find: "if (r.pledgee != address(0)) revert ReceiptPledged(receiptId, r.pledgee);",
    replace: "",
    tests: [T.receipts, T.receiptFinancing],
  },
  {
    name: "receipt-pledge-system-only",
    file: F.receipts,
    find: lines("_requireSystemCaller();", "        Receipt storage r = _unpledgedActive(receiptId);"),
    replace: "Receipt storage r = _unpledgedActive(receiptId);",
    tests: [T.receipts],
  },
  {
    name: "receipt-attestation-freezes-pledge",
    file: F.receipts,
    find: "if (freezes) r.frozen = true;",
    replace: "",
    tests: [T.receipts, T.receiptFinancing],
  },
  // --- Financing ----------------------------------------------------------------------------
  {
    name: "financing-tenor-at-most-180-days",
    file: F.financingBase,
    find: "if (tenorDays == 0 || tenorDays > MAX_TENOR_DAYS) revert",
    replace: "if (tenorDays == 0) revert",
    tests: [T.orderFinancing, T.receiptFinancing],
  },
  {
    name: "financing-default-after-grace-period",
    file: F.financingBase,
    find: "if (block.timestamp <= graceEndsAt) revert FinancingGracePeriodNotOver(id, graceEndsAt);",
    replace: "",
    tests: [T.orderFinancing, T.receiptFinancing],
  },
  {
    name: "loan-borrower-must-be-financeable-at-acceptance",
    file: F.loanBook,
    find: "_requireFinanceable(ln.borrower, 0);",
    replace: "",
    tests: [T.orderFinancing, T.receiptFinancing],
  },
  {
    name: "factoring-advance-rate-at-most-100-percent",
    file: F.factoring,
    find: lines('_checkBps("advanceBps", advanceBps);', "        if (advanceBps < d.minAdvanceBps) {"),
    replace: "if (advanceBps < d.minAdvanceBps) {",
    tests: [T.factoring],
  },
  {
    name: "factoring-accept-addressed-bank-only",
    file: F.factoring,
    find: "if (d.bank != address(0) && msg.sender != d.bank) revert FinancingUnauthorized(dealId, msg.sender, d.bank);",
    replace: "",
    tests: [T.factoring],
  },
  {
    name: "order-financing-advance-rate-at-most-100-percent",
    file: F.orderFinancing,
    find: '_checkBps("advanceBps", advanceBps);',
    replace: "",
    tests: [T.orderFinancing],
  },
  {
    name: "receipt-financing-ltv-cap",
    file: F.receiptFinancing,
    find: "if (total > cap) revert FinancingExceedsCap(loanId, total, cap);",
    replace: "",
    tests: [T.receiptFinancing],
  },
  {
    name: "receipt-financing-frozen-blocks-drawing",
    file: F.receiptFinancing,
    find: lines(
      "if (rc.frozen) revert ReceiptFinancingFrozen(receiptId);",
      "        PledgeBook storage book = _books[receiptId];",
      "        uint256 total",
    ),
    replace: lines("PledgeBook storage book = _books[receiptId];", "        uint256 total"),
    tests: [T.receiptFinancing],
  },
  {
    name: "receipt-financing-one-bank-per-pledge",
    file: F.receiptFinancing,
    find: lines(
      "if (rc.pledgee != address(0) && rc.pledgee != bank)",
      "            revert IWarehouseReceipts.ReceiptPledged(receiptId, rc.pledgee);",
    ),
    replace: "",
    tests: [T.receiptFinancing],
  },
];

/** Files and folders a copy needs; the build output is copied too so that a copy only recompiles the mutated file. */
const COPIED = [
  "contracts",
  "test",
  "scripts",
  "hardhat.config.ts",
  "tsconfig.json",
  "package.json",
  ".solcover.js",
  "artifacts",
  "cache",
  "typechain-types",
];

const ROOT = path.resolve(__dirname, "..", "..");
const HARDHAT_CACHE = path.join("cache", "solidity-files-cache.json");

type Outcome = "killed" | "killed (timeout)" | "SURVIVED" | "COMPILE-ERROR" | "NO-TESTS";

interface RunResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

const env = {
  filter: process.env.MUTATION_FILTER ?? "",
  jobs: Math.max(1, Number.parseInt(process.env.MUTATION_JOBS ?? "1", 10) || 1),
  timeoutMs: Math.max(1, Number.parseInt(process.env.MUTATION_TIMEOUT_S ?? "900", 10) || 900) * 1000,
  skipBaseline: process.env.MUTATION_SKIP_BASELINE === "1",
  keep: process.env.MUTATION_KEEP === "1",
  verbose: process.env.MUTATION_VERBOSE === "1",
};

const running = new Set<ChildProcess>();
const copies: string[] = [];

function occurrences(haystack: string, needle: string): number {
  return needle.length === 0 ? 0 : haystack.split(needle).length - 1;
}

/** Checks every listed snippet against the real sources (read only); returns the problems found. */
function validate(mutations: Mutation[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const m of mutations) {
    if (names.has(m.name)) problems.push(`duplicate mutation name "${m.name}"`);
    names.add(m.name);
    const file = path.join(ROOT, m.file);
    if (!fs.existsSync(file)) {
      problems.push(`${m.name}: file ${m.file} not found`);
      continue;
    }
    const count = occurrences(fs.readFileSync(file, "utf8"), m.find);
    if (count !== 1) problems.push(`${m.name}: snippet found ${count} times in ${m.file} (expected exactly once)`);
    if (m.find === m.replace) problems.push(`${m.name}: replacement equals the snippet`);
    if (m.tests.length === 0) problems.push(`${m.name}: no test files mapped`);
  }
  return problems;
}

/** Copies the repository into a fresh temporary directory, with node_modules as a symlink. */
function makeCopy(index: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `guards-mutation-${index}-`));
  copies.push(dir);
  for (const entry of COPIED) {
    const from = path.join(ROOT, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  // Hardhat's compile cache is keyed by absolute path: point the project's own sources at the copy
  // (node_modules resolve through the symlink to the real path, so those keys stay as they are).
  const cacheFile = path.join(dir, HARDHAT_CACHE);
  if (fs.existsSync(cacheFile)) {
    const cache = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { files: Record<string, unknown> };
    const files: Record<string, unknown> = {};
    const rootPrefix = ROOT + path.sep;
    const modulesPrefix = path.join(ROOT, "node_modules") + path.sep;
    for (const [key, value] of Object.entries(cache.files)) {
      const moved = key.startsWith(rootPrefix) && !key.startsWith(modulesPrefix);
      files[moved ? path.join(dir, key.slice(rootPrefix.length)) : key] = value;
    }
    fs.writeFileSync(cacheFile, JSON.stringify({ ...cache, files }, null, 2));
  }
  return dir;
}

function removeCopies(): void {
  if (env.keep) {
    for (const dir of copies) console.log(`kept copy: ${dir}`);
    return;
  }
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  copies.length = 0;
}

/** Runs `hardhat <args>` in `cwd` in its own process group (so a timeout kills the whole tree). */
function hardhat(cwd: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(path.join(cwd, "node_modules", ".bin", "hardhat"), args, {
      cwd,
      detached: true,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let output = "";
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.length > 400_000) output = output.slice(-200_000);
      if (env.verbose) process.stdout.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, timeoutMs);
    child.on("error", (err) => {
      output += `\n${err.message}`;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, output, timedOut });
    });
  });
}

function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function tail(text: string, n = 40): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** Hardhat's error when the (mutated) sources do not compile. */
const COMPILE_FAILED = /Error HH600: Compilation failed/;

/**
 * `hardhat test` compiles first (only what changed since the last run of this copy) and then runs
 * `tests`; one process instead of two saves Hardhat's start-up time on every mutation.
 */
async function compileAndTest(copy: string, tests: string[]): Promise<RunResult & { compiled: boolean }> {
  const result = await hardhat(copy, ["test", "--bail", ...tests], env.timeoutMs);
  return { ...result, compiled: !(result.code !== 0 && COMPILE_FAILED.test(result.output)) };
}

/** Applies one mutation in `copy`, compiles, runs its tests, restores the file. */
async function runMutation(copy: string, m: Mutation): Promise<{ outcome: Outcome; detail: string }> {
  const missing = m.tests.filter((t) => !fs.existsSync(path.join(ROOT, t)));
  if (missing.length > 0) return { outcome: "NO-TESTS", detail: `missing test files: ${missing.join(", ")}` };
  const file = path.join(copy, m.file);
  const original = fs.readFileSync(file, "utf8");
  if (occurrences(original, m.find) !== 1) throw new Error(`${m.name}: snippet not found exactly once in the copy`);
  fs.writeFileSync(
    file,
    original.replace(m.find, () => m.replace),
  );
  try {
    const tested = await compileAndTest(copy, m.tests);
    if (!tested.compiled) return { outcome: "COMPILE-ERROR", detail: tail(tested.output.split("HardhatError")[0], 15) };
    if (tested.timedOut) return { outcome: "killed (timeout)", detail: "" };
    if (tested.code === 0) return { outcome: "SURVIVED", detail: tail(tested.output, 8) };
    return { outcome: "killed", detail: "" };
  } finally {
    fs.writeFileSync(file, original);
  }
}

/** The selected tests must pass on the unmutated copies, or every "killed" would mean nothing. */
async function baseline(workers: string[], tests: string[]): Promise<boolean> {
  const chunks: string[][] = workers.map(() => []);
  tests.forEach((t, i) => chunks[i % workers.length].push(t));
  const results = await Promise.all(
    workers.map(async (copy, i) => {
      if (chunks[i].length === 0) return true;
      const tested = await compileAndTest(copy, chunks[i]);
      if (!tested.compiled) {
        console.error(`baseline: the unmutated copy does not compile\n${tail(tested.output)}`);
        return false;
      }
      if (tested.code !== 0) {
        console.error(`baseline: tests fail without any mutation (${chunks[i].join(", ")})\n${tail(tested.output)}`);
        return false;
      }
      return true;
    }),
  );
  return results.every(Boolean);
}

function onSignal(signal: NodeJS.Signals): void {
  for (const child of running) killTree(child);
  removeCopies();
  console.error(`mutation: interrupted by ${signal}`);
  process.exit(130);
}

async function main(): Promise<number> {
  const problems = validate(MUTATIONS);
  if (problems.length > 0) {
    console.error("mutation: the guard list does not match the sources:");
    for (const p of problems) console.error(`  - ${p}`);
    return 1;
  }
  const filters = env.filter.split(",").filter((f) => f !== "");
  const selected = MUTATIONS.filter((m) => filters.length === 0 || filters.some((f) => m.name.includes(f)));
  if (selected.length === 0) {
    console.error(`mutation: no mutation name contains "${env.filter}"`);
    return 1;
  }
  const runnable = selected.filter((m) => m.tests.every((t) => fs.existsSync(path.join(ROOT, t))));
  const tests = [...new Set(runnable.flatMap((m) => m.tests))].sort();

  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const workers = Array.from({ length: Math.min(env.jobs, Math.max(1, runnable.length)) }, (_, i) => makeCopy(i));
  console.log(
    `mutation: ${selected.length} guard(s), ${workers.length} cop${workers.length === 1 ? "y" : "ies"} under ${os.tmpdir()}`,
  );

  try {
    if (!env.skipBaseline && tests.length > 0) {
      const started = Date.now();
      if (!(await baseline(workers, tests))) return 1;
      console.log(`baseline: ${tests.length} test file(s) pass unmutated (${seconds(started)}s)`);
    }

    const width = Math.max(...selected.map((m) => m.name.length));
    const outcomes = new Map<Mutation, Outcome>();
    let next = 0;
    let done = 0;
    await Promise.all(
      workers.map(async (copy) => {
        while (next < selected.length) {
          const m = selected[next++];
          const started = Date.now();
          const { outcome, detail } = await runMutation(copy, m);
          outcomes.set(m, outcome);
          done += 1;
          const counter = `[${String(done).padStart(String(selected.length).length)}/${selected.length}]`;
          console.log(`${counter} ${m.name.padEnd(width)}  ${outcome.padEnd(16)} ${seconds(started).padStart(6)}s`);
          if (detail !== "") console.log(indent(detail));
        }
      }),
    );

    const killed = selected.filter((m) => outcomes.get(m)?.startsWith("killed")).length;
    const failed = selected.filter((m) => !outcomes.get(m)?.startsWith("killed"));
    for (const m of failed) console.log(`not killed: ${m.name} (${outcomes.get(m)}) in ${m.file}`);
    console.log(`mutation: ${killed}/${selected.length} guards killed`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    removeCopies();
  }
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n");
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    for (const child of running) killTree(child);
    removeCopies();
    console.error(err);
    process.exit(1);
  },
);
