/**
 * GraphQL API request limits (depth, aliases, cost), read-your-writes (x-min-block /
 * extensions.minBlock) and the shape of errors.
 */
import assert from "node:assert/strict";
import { getIntrospectionQuery } from "graphql";
import { describeApi, ok } from "./harness";

/** receivablePart { parent { parent ... { id } } }: depth = parents + 2. */
function nested(parents: number): string {
  return `{ receivablePart(id: 1002) { ${"parent { ".repeat(parents)}id${" }".repeat(parents)} } }`;
}

function aliases(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: syncStatus { lag }`).join(" ")} }`;
}

describeApi("GraphQL limits and read-your-writes", (api) => {
  describe("limits", () => {
    it("refuses a query nested deeper than 12 levels", async () => {
      ok(await api().gql(nested(10)));
      const r = await api().gql(nested(11));
      assert.equal(r.status, 400);
      assert.equal(r.data, undefined);
      assert.deepEqual(r.errors?.[0].extensions, { code: "QUERY_TOO_DEEP", depth: 13, maxDepth: 12 });
      assert.match(r.errors![0].message, /nested 13 levels deep; at most 12/);

      const viaFragments = await api().gql(
        `query { receivablePart(id: 1) { ...A } }
         fragment A on ReceivablePart { children { ...B } }
         fragment B on ReceivablePart { children { ...C } }
         fragment C on ReceivablePart { children { children { children { children { children { children { children { children { children { id } } } } } } } } } }`,
      );
      assert.equal(viaFragments.errors?.[0].extensions?.code, "QUERY_TOO_DEEP");
    });

    it("refuses more than 30 aliases, counting fragments each time they are spread", async () => {
      ok(await api().gql(aliases(30)));
      const r = await api().gql(aliases(31));
      assert.equal(r.status, 400);
      assert.deepEqual(r.errors?.[0].extensions, { code: "TOO_MANY_ALIASES", aliases: 31, maxAliases: 30 });

      const fields = Array.from({ length: 16 }, (_, i) => `f${i}: lag`).join(" ");
      const spread = await api().gql(
        `{ syncStatus { ...S } again: syncStatus { ...S } } fragment S on SyncStatus { ${fields} }`,
      );
      assert.equal(spread.errors?.[0].extensions?.code, "TOO_MANY_ALIASES");
      assert.equal(spread.errors?.[0].extensions?.aliases, 33);
    });

    it("refuses a query whose estimated cost is too high, counting pages and nested lists", async () => {
      const query = `query($n: Int) { receivables(first: $n) { edges { node { parts { holderMember { balances { token } } } } } } }`;
      const small = await api().gql(query, { n: 10 });
      ok(small);
      for (const variables of [{ n: 500 }, {}]) {
        const r = await api().gql(query.replace("$n: Int", "$n: Int = 200"), variables);
        assert.equal(r.status, 400, JSON.stringify(variables));
        assert.equal(r.errors?.[0].extensions?.code, "QUERY_TOO_COMPLEX");
        assert.equal(r.errors?.[0].extensions?.maxCost, 20_000);
        assert.match(r.errors![0].message, /estimated cost is \d+; at most 20000/);
      }
      // A full page of flat rows is fine.
      const full = ok(
        await api().gql(`{ receivables(first: 500) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { id obligor creditor face currency maturity status redeemed issuedAt issuedBlock } }
        } }`),
      ) as any;
      assert.equal(full.receivables.edges.length, 120);
    });

    it("still answers the standard introspection query", async () => {
      const r = await api().gql(getIntrospectionQuery());
      assert.equal(r.status, 200);
      const types = (ok(r) as any).__schema.types.map((t: any) => t.name);
      for (const name of ["BigInt", "DateTime", "Receivable", "ReceivableConnection", "PageInfo"])
        assert.ok(types.includes(name), name);
      // Recursing through the schema is refused (graphql-js limits introspection depth, the cost limit the rest).
      const k = 6;
      const recursive = await api().gql(
        `{ __schema { types { ${"fields { type { ".repeat(k)} name ${"} } ".repeat(k)} } } }`,
      );
      assert.equal(recursive.status, 400);
      assert.ok(recursive.errors?.length);
    });
  });

  describe("read-your-writes", () => {
    const query = `{ syncStatus { indexedBlock } receivable(id: 1) { id } }`;

    it("waits for the named block to be indexed, then answers", async () => {
      api().sync.update({ indexedBlock: 10 });
      const started = Date.now();
      const pending = api().gql(query, undefined, { headers: { "x-min-block": "12" } });
      await new Promise((resolve) => setTimeout(resolve, 150));
      api().sync.update({ indexedBlock: 11 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      api().sync.update({ indexedBlock: 12 });
      const r = await pending;
      const waited = Date.now() - started;
      assert.equal(r.status, 200);
      assert.deepEqual(ok(r), { syncStatus: { indexedBlock: 12 }, receivable: { id: "1" } });
      assert.ok(waited >= 190, `answered after ${waited} ms`);

      const extension = await api().gql(query, undefined, { extensions: { minBlock: 12 } });
      assert.equal((ok(extension) as any).syncStatus.indexedBlock, 12);
      const both = api().gql(query, undefined, { headers: { "x-min-block": "5" }, extensions: { minBlock: 13 } });
      setTimeout(() => api().sync.update({ indexedBlock: 13 }), 50);
      assert.equal((ok(await both) as any).syncStatus.indexedBlock, 13, "the highest block named wins");
    });

    it("gives up after the configured wait with BLOCK_NOT_INDEXED", async () => {
      api().sync.update({ indexedBlock: 20 });
      const started = Date.now();
      const r = await api().gql(query, undefined, { headers: { "x-min-block": "1000" } });
      const waited = Date.now() - started;
      assert.equal(r.status, 503);
      assert.equal(r.headers.get("retry-after"), "1");
      assert.equal(r.data, undefined);
      assert.equal(r.errors?.length, 1);
      const [error] = r.errors!;
      assert.equal(error.extensions?.code, "BLOCK_NOT_INDEXED");
      assert.equal(error.extensions?.block, 1000);
      assert.equal(error.extensions?.indexedBlock, 20);
      assert.match(error.message, /^block 1000 is not indexed yet \(indexed up to 20\); waited \d+ ms, try again$/);
      assert.ok(waited >= 400 && waited < 5000, `gave up after ${waited} ms`);
    });

    it("refuses a malformed block number", async () => {
      for (const options of [
        { headers: { "x-min-block": "twelve" } },
        { headers: { "x-min-block": "-1" } },
        { extensions: { minBlock: -3 } },
        { extensions: { minBlock: "0x10" } },
      ]) {
        const r = await api().gql(query, undefined, options);
        assert.equal(r.status, 400, JSON.stringify(options));
        assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT");
        assert.match(r.errors![0].message, /must be a block number/);
      }
    });
  });

  describe("errors", () => {
    it("gives every error a code", async () => {
      const parse = await api().gql(`{ receivables( }`);
      assert.equal(parse.errors?.[0].extensions?.code, "GRAPHQL_PARSE_FAILED");
      const unknown = await api().gql(`{ receivables { nope } }`);
      assert.equal(unknown.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
      const badEnum = await api().gql(`{ receivables(filter: { status: [Lost] }) { totalCount } }`);
      assert.equal(badEnum.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
      const variable = await api().gql(`query($n: Int) { receivables(first: $n) { totalCount } }`, { n: "many" });
      assert.equal(variable.errors?.[0].extensions?.code, "BAD_USER_INPUT");
      for (const r of [parse, unknown, badEnum, variable]) {
        assert.equal(r.errors?.[0].extensions?.stacktrace, undefined, "no stack traces");
      }
    });
  });
});
