/** GraphQL helpers of the applications tests: create a draft, submit it, read raw rows. */
import { sql } from "drizzle-orm";
import { ok, type Actor, type AppsApi } from "./support";

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
