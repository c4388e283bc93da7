/**
 * The shared consortium fixture: every contract deployed and wired by the product's own deployment
 * code, and a demo membership: an operator, two core enterprises, three suppliers (two tiers), two
 * banks, a warehouse, a regulator and an outsider who was never admitted.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import { currencyCode, deployConsortium, Role, text32 } from "../../scripts/lib/consortium";

import { DAY } from "./chain";

export { Role, currencyCode, text32, DAY };
export { actAs, noon } from "./chain";
export * from "../../scripts/lib/statuses";
export * as pricing from "../../scripts/lib/pricing";

export const CNY = currencyCode("CNY");
/** Starting cash, in minor units (fen): 10 million CNY for each bank and core enterprise. */
export const INITIAL_CASH = 1_000_000_000n;
/** Credit limit each bank gives every obligor and borrower in the fixture. */
export const DEFAULT_LIMIT = 500_000_000n;

export async function consortiumFixture() {
  const [operator, core, core2, supplier1, supplier2, supplier3, bank1, bank2, warehouse, regulator, outsider] =
    await ethers.getSigners();
  const { contracts, deployment } = await deployConsortium(operator);
  const { registry, settlementToken, creditLimits } = contracts;

  const members: [HardhatEthersSigner, string, number][] = [
    [core, "core-enterprise-a", Role.CORE_ENTERPRISE],
    [core2, "core-enterprise-b", Role.CORE_ENTERPRISE],
    // A tier-1 supplier that also buys from tier 2.
    [supplier1, "tier1-supplier", Role.SUPPLIER | Role.CORE_ENTERPRISE],
    [supplier2, "tier2-supplier", Role.SUPPLIER],
    [supplier3, "tier3-supplier", Role.SUPPLIER],
    [bank1, "bank-one", Role.BANK],
    [bank2, "bank-two", Role.BANK],
    [warehouse, "warehouse", Role.WAREHOUSE],
    [regulator, "regulator", Role.REGULATOR],
  ];
  for (const [signer, org, roles] of members) {
    await registry.admit(signer.address, text32(org), roles, id(`kyc:${org}`));
  }

  // Banks mint deposits for themselves and the core enterprises; everybody approves the protocol.
  for (const bank of [bank1, bank2]) {
    await settlementToken.connect(bank).mint(bank.address, INITIAL_CASH, id(`deposit:${bank.address}`));
  }
  await settlementToken.connect(bank1).mint(core.address, INITIAL_CASH, id("deposit:core"));
  await settlementToken.connect(bank2).mint(core2.address, INITIAL_CASH, id("deposit:core2"));
  const spenders = [contracts.receivables, contracts.factoring, contracts.orderFinancing, contracts.receiptFinancing];
  for (const signer of [core, core2, supplier1, supplier2, supplier3, bank1, bank2]) {
    for (const spender of spenders) {
      await settlementToken.connect(signer).approve(await spender.getAddress(), ethers.MaxUint256);
    }
  }
  // Each bank gives every core enterprise an obligor line and every supplier a borrower line.
  for (const bank of [bank1, bank2]) {
    for (const obligor of [core, core2, supplier1]) {
      await creditLimits.connect(bank).setLimit(obligor.address, 0, DEFAULT_LIMIT);
    }
    for (const borrower of [supplier1, supplier2, supplier3, core]) {
      await creditLimits.connect(bank).setLimit(borrower.address, 1, DEFAULT_LIMIT);
    }
  }

  return {
    ...contracts,
    deployment,
    operator,
    core,
    core2,
    supplier1,
    supplier2,
    supplier3,
    bank1,
    bank2,
    warehouse,
    regulator,
    outsider,
  };
}

export type Fixture = Awaited<ReturnType<typeof consortiumFixture>>;

let counter = 0;
/** A fresh, unique document or invoice hash. */
export function docHash(label = "doc"): string {
  counter += 1;
  return keccak256(toUtf8Bytes(`${label}:${counter}:${Date.now()}`));
}

/** The obligor `core` issues a receivable of `face` to `creditor`, due in `days` days. */
export async function issueReceivable(
  f: Fixture,
  opts: { face?: bigint; days?: number; creditor?: HardhatEthersSigner; obligor?: HardhatEthersSigner } = {},
): Promise<bigint> {
  const obligor = opts.obligor ?? f.core;
  const creditor = opts.creditor ?? f.supplier1;
  const maturity = (await time.latest()) + (opts.days ?? 90) * DAY;
  const tx = await f.receivables
    .connect(obligor)
    .issue(creditor.address, opts.face ?? 1_000_000n, CNY, maturity, docHash("invoice"), "ipfs://invoice");
  const receipt = await tx.wait();
  const log = receipt!.logs
    .map((l) => {
      try {
        return f.receivables.interface.parseLog(l);
      } catch {
        return null;
      }
    })
    .find((l) => l?.name === "ReceivableIssued");
  return log!.args.receivableId as bigint;
}

/** Supplier1 submits an order to `core` and `core` confirms it. Returns the order id. */
export async function confirmedOrder(
  f: Fixture,
  opts: { amount?: bigint; paymentTermDays?: number; number?: string; supplier?: HardhatEthersSigner } = {},
): Promise<bigint> {
  const supplier = opts.supplier ?? f.supplier1;
  const number = opts.number ?? `PO-${++counter}`;
  const delivery = (await time.latest()) + 30 * DAY;
  await f.purchaseOrders
    .connect(supplier)
    .submit(
      f.core.address,
      number,
      opts.amount ?? 2_000_000n,
      CNY,
      delivery,
      opts.paymentTermDays ?? 60,
      docHash("po"),
      "ipfs://po",
    );
  const orderId = await f.purchaseOrders.orderIdOf(f.core.address, supplier.address, number);
  await f.purchaseOrders.connect(f.core).confirm(orderId);
  return orderId;
}

/** The warehouse issues a receipt to `owner` (supplier1 by default). Returns its id. */
export async function issueReceipt(
  f: Fixture,
  opts: { owner?: HardhatEthersSigner; quantity?: bigint; valuation?: bigint; lot?: string } = {},
): Promise<bigint> {
  const owner = opts.owner ?? f.supplier1;
  const lot = opts.lot ?? `LOT-${++counter}`;
  await f.warehouseReceipts.connect(f.warehouse).issue(owner.address, {
    lot,
    goods: "Cold-rolled steel coils",
    quantity: opts.quantity ?? 1_000n,
    unit: text32("t"),
    valuation: opts.valuation ?? 5_000_000n,
    currency: CNY,
    documentHash: docHash("receipt"),
    documentUri: "ipfs://receipt",
  });
  return f.warehouseReceipts.receiptIdOf(f.warehouse.address, lot);
}

export { ZeroHash };
