/** GraphQL helpers of the applications tests: create a draft, submit it, read raw rows. */
import { sql } from "drizzle-orm";
import { A, ok, type Actor, type AppsApi, type GqlResult } from "./support";

export const APP_FIELDS = `id status product applicant assetId expiresAt quote { asOf days base advanceBps rateBps advance discount interest proceeds repayment }`;

/** Creates a DRAFT as `actor`; returns its id. */
export async function create(api: AppsApi, actor: Actor, input: Record<string, unknown>): Promise<string> {
  const data = ok(
    await api.gql(
      actor,
      `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id status } }`,
      {
        input,
      },
    ),
  );
  return data.createApplication.id;
}

export async function submit(api: AppsApi, actor: Actor, id: string) {
  return ok(await api.gql(actor, `mutation($id: ID!) { submitApplication(id: $id) { ${APP_FIELDS} } }`, { id }))
    .submitApplication;
}

/** Rows of a raw query on the test database. */
export async function rows<T = Record<string, any>>(api: AppsApi, text: string): Promise<T[]> {
  const result: any = await api.db.execute(sql.raw(text));
  return (result.rows ?? result) as T[];
}

/** The stored status of application `id`, read directly (no reconcile on read). */
export async function storedStatus(api: AppsApi, id: string): Promise<string> {
  const [row] = await rows<{ status: string }>(
    api,
    `select status from financing_applications where id = ${Number(id)}`,
  );
  return row.status;
}

/** An ORDER_FINANCING draft of `sup1` on order `assetId`, addressed to bank1 (70 % at most 8 %). */
export function orderInput(assetId: string, tenorDays: number, expiry: Date): Record<string, unknown> {
  return {
    product: "ORDER_FINANCING",
    assetId,
    banks: [A.bank1],
    minAdvanceBps: 7000,
    maxRateBps: 800,
    tenorDays,
    expiresAt: expiry.toISOString(),
  };
}

/** A RECEIPT_LOAN draft of `sup1` on receipt `assetId`, addressed to bank1 (`amount` at most 9 %). */
export function receiptInput(
  assetId: string,
  amount: string,
  tenorDays: number,
  expiry: Date,
): Record<string, unknown> {
  return {
    product: "RECEIPT_LOAN",
    assetId,
    banks: [A.bank1],
    amount,
    maxRateBps: 900,
    tenorDays,
    expiresAt: expiry.toISOString(),
  };
}

/** `bank` approving application `id` with `terms` (a GraphQL literal); the raw answer, to test refusals. */
export function approveCall(api: AppsApi, id: string, terms: string, bank: Actor = "bank1"): Promise<GqlResult> {
  return api.gql(bank, `mutation($id: ID!) { approveApplication(id: $id, terms: ${terms}) { status } }`, { id });
}

/** `bank` approving application `id` with `terms`, which must be accepted. */
export async function approve(api: AppsApi, id: string, terms: string, bank: Actor = "bank1") {
  return ok(await approveCall(api, id, terms, bank)).approveApplication;
}

/** The applicant's prepared offer or request to `bank` (`to` and `data` of each transaction). */
export async function executionTransactions(
  api: AppsApi,
  actor: Actor,
  id: string,
  bank: string,
): Promise<{ to: string; data: string }[]> {
  return ok(
    await api.gql(
      actor,
      `mutation($id: ID!, $bank: String!) { executionTransactions(id: $id, bank: $bank) { to data } }`,
      { id, bank },
    ),
  ).executionTransactions;
}
