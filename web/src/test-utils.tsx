/**
 * Component-test support: renders a page inside the portal's providers, signed in as a given member,
 * with the API answered by handlers (one per top-level field the operation selects). The end-to-end
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
/**
 * Answers one top-level field: `variables` and `query` of the operation, and `key`, the name the field is
 * answered under (its alias, else its name), which tells apart several aliases of the same field.
 */
export type Handler = (variables: Record<string, any>, query: string, key: string) => unknown;

export interface ApiCall {
  /** The first top-level field the operation selects. */
  field: string;
  /** Every top-level field it selects, in order. */
  fields: string[];
  query: string;
  variables: Record<string, any>;
}

/**
 * The top-level fields an operation selects, with the key each is answered under (its alias, if any):
 * `{ a { x } b: c(f: { y: 1 }) { z } }` → [{ key: "a", name: "a" }, { key: "b", name: "c" }].
 */
function topLevelFields(query: string): { key: string; name: string }[] {
  let i = query.indexOf("{") + 1;
  const fields: { key: string; name: string }[] = [];
  const space = () => {
    while (i < query.length && /[\s,]/.test(query[i])) i++;
  };
  const name = () => {
    const m = /^[A-Za-z_]\w*/.exec(query.slice(i));
    i += m?.[0].length ?? 0;
    return m?.[0] ?? "";
  };
  /** Skips a balanced (...) or {...} starting at i, strings included. */
  const balanced = (open: string, close: string) => {
    let depth = 0;
    do {
      const c = query[i];
      if (c === '"') {
        for (i++; i < query.length && query[i] !== '"'; i++) if (query[i] === "\\") i++;
      } else if (c === open) depth++;
      else if (c === close) depth--;
      i++;
    } while (depth > 0 && i < query.length);
  };
  for (space(); i < query.length && query[i] !== "}"; space()) {
    const key = name();
    if (!key) throw new Error(`test-utils cannot read the fields of: ${query}`);
    let field = key;
    space();
    if (query[i] === ":") {
      i++;
      space();
      field = name();
      space();
    }
    if (query[i] === "(") balanced("(", ")");
    space();
    while (query[i] === "@") {
      i++;
      name();
      space();
      if (query[i] === "(") balanced("(", ")");
      space();
    }
    if (query[i] === "{") balanced("{", "}");
    fields.push({ key, name: field });
  }
  return fields;
}

/**
 * Replaces fetch: /graphql operations have each top-level field answered by `handlers[field]`, called with
 * the key it is answered under (a field without a handler fails the request with its name; a handler's
 * ApiFailure fails it with its code), /portal/config.json answers a development config. Answers the list
 * of calls made.
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
      const selected = topLevelFields(query);
      const fields = selected.map((f) => f.name);
      calls.push({ field: fields[0] ?? "", fields, query, variables });
      const data: Record<string, unknown> = {};
      const errors: { message: string; extensions: { code: string } }[] = [];
      for (const { key, name } of selected) {
        const handler = handlers[name];
        if (!handler) {
          errors.push({ message: `no test handler for ${name}`, extensions: { code: "TEST" } });
          continue;
        }
        try {
          const answer = await handler(variables ?? {}, query, key);
          if (answer instanceof ApiFailure) errors.push({ message: answer.message, extensions: { code: answer.code } });
          else data[key] = answer;
        } catch (error) {
          errors.push({ message: (error as Error).message, extensions: { code: "TEST" } });
        }
      }
      return Response.json(errors.length > 0 ? { data: null, errors } : { data });
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
