/**
 * Compares what the indexer projected with what the contracts say when asked directly: every member,
 * order, receipt, receivable, part, financing, credit line, held payout and cash balance. Returns the
 * differences (none expected).
 */
import { statusName } from "../../../scripts/lib/statuses";
import * as S from "../../../scripts/lib/statuses";
import type { ConsortiumContracts } from "../../../scripts/lib/consortium";
import type { Database } from "../../src/database/database";
import {
  creditLines,
  financings,
  heldPayouts,
  members,
  purchaseOrders,
  receivableParts,
  receivables,
  tokenBalances,
  warehouseReceipts,
} from "../../src/database/schema";

export async function differencesFromChain(db: Database, c: ConsortiumContracts): Promise<string[]> {
  const out: string[] = [];
  const expect = (what: string, indexed: unknown, chain: unknown) => {
    if (String(indexed) !== String(chain)) out.push(`${what}: indexed ${String(indexed)}, chain ${String(chain)}`);
  };

  for (const m of await db.select().from(members)) {
    const onChain = await c.registry.member(m.address);
    expect(`member ${m.address} roles`, m.roles, onChain.roles);
    expect(`member ${m.address} status`, m.status, statusName(S.MemberStatus, onChain.status));
    expect(`member ${m.address} blacklisted`, m.blacklisted, onChain.blacklisted);
  }
  for (const o of await db.select().from(purchaseOrders)) {
    const onChain = await c.purchaseOrders.order(o.id);
    expect(`order ${o.id} status`, o.status, statusName(S.OrderStatus, onChain.status));
    expect(`order ${o.id} amount`, o.amount, onChain.amount);
    expect(`order ${o.id} lien`, o.lienHolder ?? "0x0000000000000000000000000000000000000000", onChain.lienHolder);
  }
  for (const r of await db.select().from(warehouseReceipts)) {
    const onChain = await c.warehouseReceipts.receipt(r.id);
    expect(`receipt ${r.id} status`, r.status, statusName(S.ReceiptStatus, onChain.status));
    expect(`receipt ${r.id} owner`, r.owner, onChain.owner);
    expect(`receipt ${r.id} pledgee`, r.pledgee ?? "0x0000000000000000000000000000000000000000", onChain.pledgee);
    expect(`receipt ${r.id} frozen`, r.frozen, onChain.frozen);
    expect(`receipt ${r.id} pledged quantity`, r.pledgedQuantity ?? "0", onChain.pledgedQuantity);
  }
  for (const r of await db.select().from(receivables)) {
    const onChain = await c.receivables.receivable(r.id);
    expect(`receivable ${r.id} status`, r.status, statusName(S.ReceivableStatus, onChain.status));
    expect(`receivable ${r.id} face`, r.face, onChain.face);
  }
  for (const p of await db.select().from(receivableParts)) {
    const onChain = await c.receivables.part(p.id);
    expect(`part ${p.id} holder`, p.holder, onChain.holder);
    expect(`part ${p.id} amount`, p.amount, onChain.amount);
    expect(`part ${p.id} status`, p.status, statusName(S.PartStatus, onChain.status));
    expect(`part ${p.id} parent`, p.parentId ?? 0, onChain.parentId);
    expect(`part ${p.id} root`, p.receivableId, onChain.rootId);
  }
  for (const f of await db.select().from(financings)) {
    if (f.product === "FACTORING") {
      const deal = await c.factoring.deal(f.id);
      expect(`factoring ${f.id} status`, f.status, statusName(S.DealStatus, deal.status));
      expect(`factoring ${f.id} bank`, f.bank, deal.bank);
    } else {
      const book = f.product === "ORDER" ? c.orderFinancing : c.receiptFinancing;
      const loan = await book.loan(f.id);
      expect(`${f.product} loan ${f.id} status`, f.status, statusName(S.LoanStatus, loan.status));
      expect(`${f.product} loan ${f.id} principal`, f.principal ?? "0", loan.principal);
    }
  }
  for (const l of await db.select().from(creditLines)) {
    const line = await c.creditLimits.creditLine(l.bank, l.counterparty, l.kind === "Obligor" ? 0 : 1);
    expect(`credit line ${l.bank}/${l.counterparty}/${l.kind} limit`, l.limit, line.limit);
    expect(`credit line ${l.bank}/${l.counterparty}/${l.kind} used`, l.used, line.used);
  }
  const currency = await c.settlementToken.currency();
  for (const h of await db.select().from(heldPayouts)) {
    const contract = c[h.contract as "factoring" | "orderFinancing" | "receiptFinancing"];
    expect(`held payout ${h.contract}/${h.account}`, h.amount, await contract.heldFor(h.account, currency));
  }
  const token = await c.settlementToken.getAddress();
  const balances = await db.select().from(tokenBalances);
  for (const b of balances) {
    expect(`token ${b.token} of ${b.account}`, b.token, token);
    expect(`balance of ${b.account}`, b.balance, await c.settlementToken.balanceOf(b.account));
  }
  const supply = balances.reduce((sum, b) => sum + BigInt(b.balance), 0n);
  expect("total cash", supply, await c.settlementToken.totalSupply());
  return out;
}
