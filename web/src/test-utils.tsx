/**
 * Component-test support: renders a page inside the portal's providers, signed in as a given member,
 * with the API answered by handlers (by the first field name the operation selects). The end-to-end
 * tests (web/e2e) run the same pages against the real backend and chain; these check rendering,
 * validation and error states quickly.
 */
import { render, screen, waitFor } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { expect, vi } from "vitest";
import { I18nProvider, type Locale } from "./i18n";
import { SessionProvider, useSession, type Viewer } from "./lib/session";

/** What a handler answers: data for the field, or an error with its code. */
export class ApiFailure {
  constructor(
    readonly message: string,
    readonly code = "BAD_USER_INPUT",
  ) {}
}
export type Handler = (variables: Record<string, any>, query: string) => unknown;

export interface ApiCall {
  field: string;
  query: string;
  variables: Record<string, any>;
}

/** The first field an operation selects: `{ viewer {` → "viewer", `mutation($x: T) { submitOrder(` → "submitOrder". */
function firstField(query: string): string {
  const body = query.slice(query.indexOf("{") + 1);
  return /\s*([A-Za-z_]\w*)/.exec(body)?.[1] ?? "";
}

/**
 * Replaces fetch: /graphql operations go to `handlers[field]` (an unknown field fails the test with its
 * name), /portal/config.json answers a development config. Answers the list of calls made.
 */
export function mockApi(handlers: Record<string, Handler>): ApiCall[] {
  const calls: ApiCall[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith("/portal/config.json")) {
      return Response.json({
        chainId: 31337,
        contracts: {},
        devSigner: false,
        rpcPath: "/rpc",
        graphqlPath: "/graphql",
      });
    }
    if (url.endsWith("/graphql")) {
      const { query, variables } = JSON.parse(String(init?.body));
      const field = firstField(query);
      calls.push({ field, query, variables });
      const handler = handlers[field];
      if (!handler)
        return Response.json({ errors: [{ message: `no test handler for ${field}`, extensions: { code: "TEST" } }] });
      try {
        const answer = await handler(variables ?? {}, query);
        if (answer instanceof ApiFailure) {
          return Response.json({
            data: null,
            errors: [{ message: answer.message, extensions: { code: answer.code } }],
          });
        }
        return Response.json({ data: { [field]: answer } });
      } catch (error) {
        return Response.json({ errors: [{ message: (error as Error).message, extensions: { code: "TEST" } }] });
      }
    }
    throw new Error(`unexpected fetch of ${url} in a component test`);
  });
  return calls;
}

export const ADDRESSES = {
  supplier: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  core: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  tier2: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  bankA: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  bankB: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  warehouse: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  regulator: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
};

/** Its children once the session is restored (as the portal's frame does). */
function WhenSignedIn({ children }: { children: ReactNode }) {
  return useSession().viewer ? <>{children}</> : null;
}

/**
 * Renders `ui` signed in as `viewer` (address + roles), in `locale` (default en), with `handlers` as the
 * API; waits until the session is restored. Answers the API calls list.
 */
export async function renderSignedIn(
  ui: ReactElement,
  options: { address: string; roles: string[]; orgId?: string; locale?: Locale; handlers?: Record<string, Handler> },
): Promise<ApiCall[]> {
  const viewer: Viewer = {
    address: options.address,
    orgId: options.orgId ?? "test-org",
    roles: options.roles,
    expiresAt: "2099-01-01T00:00:00Z",
  };
  sessionStorage.setItem("scf.session", JSON.stringify({ token: "test-token", method: { kind: "injected" } }));
  const calls = mockApi({ viewer: () => viewer, ...(options.handlers ?? {}) });
  render(
    <I18nProvider locale={options.locale ?? "en"}>
      <SessionProvider>
        <WhenSignedIn>{ui}</WhenSignedIn>
      </SessionProvider>
    </I18nProvider>,
  );
  await waitFor(() => expect(calls.some((c) => c.field === "viewer")).toBe(true));
  return calls;
}

export { screen, waitFor };
