/**
 * Support of the prepared-step tests (trade, warehouse, servicing and their malformed-input files): rows
 * of the index tables their seeds share, GraphQL literals, the decoding of a prepared transaction into
 * the contract call it makes, and the role matrix every step is checked against.
 */
import { expect } from "chai";
import type { Interface } from "ethers";
import { CONTRACT_INTERFACES } from "../../src/chain/contracts";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { documentRows, type GqlAnswer, type TestApp } from "./app";

/** The fields of a prepared transaction the step tests select. */
export const TX = "chainId from to data value method description";

/** A GraphQL input object literal (strings quoted, numbers bare). */
export function gqlInput(input: Record<string, unknown>): string {
  return `{ ${Object.entries(input)
    .map(([k, v]) => `${k}: ${typeof v === "number" ? v : JSON.stringify(v)}`)
    .join(", ")} }`;
}

/** The code of an answer's first error (undefined when it has none). */
export function code(answer: GqlAnswer): string | undefined {
  return answer.errors?.[0]?.extensions.code;
}

/** Opens a session per address into `tokens`, keyed by the address. */
export async function openSessions(t: TestApp, tokens: Record<string, string>, addresses: string[]): Promise<void> {
  for (const address of addresses) tokens[address] = await t.session(address);
}

// -------------------------------------------------------------------------------------------------
// Seed rows
// -------------------------------------------------------------------------------------------------

type OrderRow = typeof schema.purchaseOrders.$inferInsert;
type ReceivableRow = typeof schema.receivables.$inferInsert;
type PartRow = typeof schema.receivableParts.$inferInsert;
type ReceiptRow = typeof schema.warehouseReceipts.$inferInsert;

/** A purchase order of 100 000 CNY on 30 days' terms (number PO-<id>), submitted in block 5. */
export function orderRow(
  fields: Pick<OrderRow, "id" | "supplier" | "buyer" | "status" | "deliveryDate" | "submittedAt"> & Partial<OrderRow>,
): OrderRow {
  return {
    orderNumber: `PO-${fields.id}`,
    amount: "100000",
    currency: "CNY",
    paymentTermDays: 30,
    documentHash: "0x01",
    documentUri: "ipfs://x",
    submittedBlock: 5,
    updatedBlock: 5,
    ...fields,
  };
}

/** A short-term CNY receivable, nothing redeemed, issued in block 6 (its invoice named by its id). */
export function receivableRow(
  fields: Pick<ReceivableRow, "id" | "obligor" | "creditor" | "face" | "status" | "maturity" | "issuedAt"> &
    Partial<ReceivableRow>,
): ReceivableRow {
  return {
    currency: "CNY",
    longTerm: false,
    invoiceHash: `0x${fields.id.toString(16).padStart(64, "0")}`,
    invoiceUri: `ipfs://invoice/${fields.id}`,
    redeemed: "0",
    issuedBlock: 6,
    updatedBlock: 6,
    ...fields,
  };
}

/** A root part (depth 0, face = amount) of a receivable, created in block 6. */
export function partRow(
  fields: Pick<PartRow, "id" | "receivableId" | "holder" | "amount" | "status" | "createdAt">,
): PartRow {
  return { depth: 0, face: fields.amount, createdBlock: 6, updatedBlock: 6, ...fields };
}

/** An active, unpledged CNY warehouse receipt (lot LOT-<id>, its scan named by its id), issued in block 5. */
export function receiptRow(
  fields: Pick<ReceiptRow, "id" | "warehouse" | "owner" | "goods" | "quantity" | "unit" | "valuation" | "issuedAt"> &
    Partial<ReceiptRow>,
): ReceiptRow {
  return {
    lot: `LOT-${fields.id}`,
    currency: "CNY",
    documentHash: `0x${fields.id.toString(16).padStart(64, "0")}`,
    documentUri: `ipfs://scan/${fields.id}`,
    status: "Active",
    pledgee: null,
    pledgedQuantity: null,
    frozen: false,
    lastAttestedQuantity: null,
    issuedBlock: 5,
    updatedBlock: 5,
    ...fields,
  };
}

/** 100 t of copper in a receipt (pledged whole to `pledgee`, or not pledged), as the servicing seeds use. */
export function copperReceipt(
  id: number,
  fields: Pick<ReceiptRow, "warehouse" | "owner" | "pledgee" | "issuedAt">,
): ReceiptRow {
  return receiptRow({
    id,
    goods: "copper",
    quantity: "100",
    unit: "t",
    valuation: "1000000",
    documentHash: "0x02",
    documentUri: "ipfs://wr",
    pledgedQuantity: fields.pledgee ? "100" : null,
    issuedBlock: 4,
    updatedBlock: 4,
    ...fields,
  });
}

/** Stores documents (made by documentRows) with a wrapped key per party. */
export async function insertDocuments(db: Database, documents: ReturnType<typeof documentRows>[]): Promise<void> {
  for (const d of documents) {
    await db.insert(schema.documents).values(d.row);
    await db.insert(schema.documentKeys).values(d.keys);
  }
}

// -------------------------------------------------------------------------------------------------
// Prepared transactions
// -------------------------------------------------------------------------------------------------

/**
 * The `index`th transaction an answer prepared for `field`, and the contract call its data decodes to:
 * sent to the deployment's contract that its method names, on the test chain, with no value. With
 * `count`, the answer must hold that many transactions; with `contract`, the method must be that one's.
 */
export function decodeStep(
  t: TestApp,
  answer: GqlAnswer,
  field: string,
  options: { index?: number; count?: number; contract?: string } = {},
) {
  expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
  if (options.count !== undefined) expect(answer.data[field]).to.have.length(options.count);
  const tx = answer.data[field][options.index ?? 0];
  const [contract] = tx.method.split(".");
  if (options.contract !== undefined) expect(contract, tx.method).to.equal(options.contract);
  const contracts = t.config.deployment.contracts;
  expect(tx.to).to.equal(contracts[contract as keyof typeof contracts]);
  expect(tx.chainId).to.equal(31337);
  expect(tx.value).to.equal("0");
  const call = (CONTRACT_INTERFACES as Record<string, Interface>)[contract].parseTransaction({ data: tx.data })!;
  expect(`${contract}.${call.name}`).to.equal(tx.method);
  return { tx, call };
}

/** The answer refused the call with `expected` and prepared nothing for `field`. */
export function expectRefused(answer: GqlAnswer, field: string, expected: string): void {
  expect(code(answer), JSON.stringify(answer.errors)).to.equal(expected);
  expect(answer.data?.[field] ?? null).to.equal(null);
}

/** A test per case: `name` refuses the call `call` makes with the case's change, with the case's code. */
export function itRefuses<C>(
  name: string,
  cases: [what: string, change: C, expected: string][],
  call: (change: C) => Promise<GqlAnswer>,
): void {
  for (const [what, change, expected] of cases) {
    it(`${name} refuses ${what} (${expected})`, async function () {
      expectRefused(await call(change), name, expected);
    });
  }
}

// -------------------------------------------------------------------------------------------------
// Role matrices
// -------------------------------------------------------------------------------------------------

/** A caller of a step: its address (or a label), its token (null: anonymous) and its outcome (null: accepted). */
export type RoleCase = [who: string, token: string | null, outcome: string | null];

/**
 * Calls `mutation` (whose field is `name`) as each caller. A refused caller must get its code and no
 * data for the field; an accepted one is checked by `accepted` (by default: no errors, and the first
 * transaction is sent from `who`).
 */
export async function expectRoleMatrix(
  t: TestApp,
  name: string,
  mutation: string,
  callers: RoleCase[],
  accepted: (answer: GqlAnswer, who: string) => void = (answer, who) => {
    expect(answer.errors, `${name} by ${who}: ${JSON.stringify(answer.errors)}`).to.equal(undefined);
    expect(answer.data[name][0].from).to.equal(who);
  },
): Promise<void> {
  for (const [who, token, outcome] of callers) {
    const answer = await t.gql(token, mutation);
    if (outcome === null) {
      accepted(answer, who);
    } else {
      expect(code(answer), `${name} by ${who}: ${JSON.stringify(answer.errors)}`).to.equal(outcome);
      expect(answer.data?.[name] ?? null, `${name} by ${who}`).to.equal(null);
    }
  }
}

/** The callers refused whatever the step: a suspended and a blacklisted member (FORBIDDEN), and no one. */
export function outsiders(tokens: Record<string, string>, suspended: string, blacklisted: string): RoleCase[] {
  return [
    [suspended, tokens[suspended], "FORBIDDEN"],
    [blacklisted, tokens[blacklisted], "FORBIDDEN"],
    ["anonymous", null, "UNAUTHENTICATED"],
  ];
}
