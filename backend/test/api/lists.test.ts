/**
 * GraphQL API: every entity's list with filters, sorting and keyset pagination, the getters and
 * relations, argument errors, and the proof that relations are batched (no N+1).
 */
import assert from "node:assert/strict";
import { A, describeApi, ok, RECEIVABLE_COUNT, seedData, type TestApi } from "./harness";

const data = seedData();

type Connection<T> = {
  totalCount?: number;
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/** Walks a list query page by page; returns every node in order. */
async function walk<T>(
  api: TestApi,
  field: string,
  selection: string,
  args: { filter?: unknown; orderBy?: unknown; first: number },
): Promise<{ nodes: T[]; pages: number }> {
  const query = `query($filter: ${filterType(field)}, $orderBy: ${orderType(field)}, $first: Int, $after: String) {
    ${field}(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount edges { cursor node { ${selection} } } pageInfo { hasNextPage endCursor }
    }
  }`;
  const nodes: T[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const result: Record<string, Connection<T>> = ok(
      await api.gql<Record<string, Connection<T>>>(query, { ...args, after }),
    );
    const page: Connection<T> = result[field];
    nodes.push(...page.edges.map((e) => e.node));
    pages++;
    if (!page.pageInfo.hasNextPage) break;
    assert.ok(page.edges.length === args.first, "a page that is not the last one is full");
    after = page.pageInfo.endCursor;
    assert.ok(pages < 1000, "pagination terminates");
  }
  return { nodes, pages };
}

const TYPES: Record<string, string> = {
  members: "Member",
  tokenBalances: "TokenBalance",
  heldPayouts: "HeldPayout",
  creditLines: "CreditLine",
  purchaseOrders: "PurchaseOrder",
  warehouseReceipts: "WarehouseReceipt",
  attestations: "Attestation",
  receivables: "Receivable",
  receivableParts: "ReceivablePart",
  holdings: "Holding",
  financings: "Financing",
  repayments: "Repayment",
  chainEvents: "ChainEvent",
};
const filterType = (field: string) => `${TYPES[field]}Filter`;
const orderType = (field: string) => `${TYPES[field]}Order`;

const byNumber = (a: number, b: number) => a - b;
const ids = (nodes: { id: string }[]) => nodes.map((n) => Number(n.id));

describeApi("GraphQL lists", (api) => {
  it("lists every entity with its total count", async () => {
    const expected: Record<string, number> = {
      members: data.members.length,
      tokenBalances: data.tokenBalances.length,
      heldPayouts: data.heldPayouts.length,
      creditLines: data.creditLines.length,
      purchaseOrders: data.orders.length,
      warehouseReceipts: data.receipts.length,
      attestations: data.attestations.length,
      receivables: data.receivables.length,
      receivableParts: data.parts.length,
      holdings: data.holdings.length,
      financings: data.financings.length,
      repayments: data.repayments.length,
      chainEvents: data.events.length,
    };
    const query = `{ ${Object.keys(expected)
      .map((f) => `${f}(first: 1) { totalCount edges { cursor } pageInfo { hasNextPage } }`)
      .join(" ")} }`;
    const result = ok(await api().gql<Record<string, Connection<unknown>>>(query));
    for (const [field, count] of Object.entries(expected)) {
      assert.equal(result[field].totalCount, count, field);
      assert.equal(result[field].edges.length, 1, field);
      assert.equal(result[field].pageInfo.hasNextPage, count > 1, field);
    }
  });

  it("filters receivables by party, status, currency, maturity and face", async () => {
    const from = new Date("2025-03-01T00:00:00Z");
    const to = new Date("2025-07-01T00:00:00Z");
    const filter = {
      obligor: A.core1.toLowerCase(), // normalised to EIP-55
      status: ["Outstanding", "Overdue"],
      currency: "CNY",
      maturityFrom: from.toISOString(),
      maturityTo: to.toISOString(),
      faceMin: "2000",
    };
    const expected = data.receivables
      .filter(
        (r) =>
          r.obligor === A.core1 &&
          ["Outstanding", "Overdue"].includes(r.status) &&
          r.currency === "CNY" &&
          r.maturity >= from &&
          r.maturity < to &&
          BigInt(r.face) >= 2000n,
      )
      .map((r) => r.id as number);
    assert.ok(expected.length > 3);
    const { nodes } = await walk<{ id: string; obligor: string }>(api(), "receivables", "id obligor", {
      filter,
      first: 500,
    });
    assert.deepEqual(ids(nodes), expected.sort(byNumber));
    assert.ok(nodes.every((n) => n.obligor === A.core1));

    const party = await walk<{ id: string }>(api(), "receivables", "id", { filter: { party: A.sup1 }, first: 500 });
    assert.deepEqual(
      ids(party.nodes),
      data.receivables.filter((r) => r.creditor === A.sup1 || r.obligor === A.sup1).map((r) => r.id as number),
    );
  });

  it("sorts by a non-unique column with the primary key as tie-break, both ways", async () => {
    for (const direction of ["ASC", "DESC"]) {
      const { nodes } = await walk<{ id: string; face: string }>(api(), "receivables", "id face", {
        orderBy: { field: "FACE", direction },
        first: 500,
      });
      const expected = [...data.receivables]
        .sort((a, b) => Number(BigInt(a.face) - BigInt(b.face)) || (a.id as number) - (b.id as number))
        .map((r) => r.id as number);
      assert.deepEqual(ids(nodes), direction === "ASC" ? expected : expected.reverse(), direction);
    }
  });

  it("pages through every list without duplicates or misses", async () => {
    const cases: {
      field: string;
      selection: string;
      key: (n: any) => string;
      orderBy?: unknown;
      expected: string[];
    }[] = [
      {
        field: "receivables",
        selection: "id",
        key: (n) => n.id,
        orderBy: { field: "MATURITY", direction: "DESC" },
        expected: [...data.receivables]
          .sort((a, b) => b.maturity!.getTime() - a.maturity!.getTime() || (b.id as number) - (a.id as number))
          .map((r) => String(r.id)),
      },
      {
        field: "chainEvents",
        selection: "blockNumber logIndex",
        key: (n) => `${n.blockNumber}/${n.logIndex}`,
        expected: [...data.events]
          .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)
          .map((e) => `${e.blockNumber}/${e.logIndex}`),
      },
      {
        field: "financings",
        selection: "product id",
        key: (n) => `${n.product}:${n.id}`,
        orderBy: { field: "ID", direction: "ASC" },
        expected: [...data.financings]
          .sort((a, b) => a.id - b.id || a.product.localeCompare(b.product))
          .map((f) => `${f.product}:${f.id}`),
      },
      {
        field: "holdings",
        selection: "holder receivableId amount",
        key: (n) => `${n.holder}/${n.receivableId}`,
        orderBy: { field: "AMOUNT", direction: "DESC" },
        // Ties on amount are broken by holder, a text column: the database's collation decides.
        expected: [],
      },
      {
        field: "members",
        selection: "address admittedBlock",
        key: (n) => n.address,
        orderBy: { field: "ADMITTED", direction: "DESC" },
        // Never admitted (null) sorts as -1: last when descending.
        expected: [...data.members]
          .sort((a, b) => (b.admittedBlock ?? -1) - (a.admittedBlock ?? -1))
          .map((m) => m.address),
      },
      {
        field: "receivableParts",
        selection: "id",
        key: (n) => n.id,
        orderBy: { field: "DEPTH", direction: "ASC" },
        expected: [...data.parts].sort((a, b) => a.depth - b.depth || a.id - b.id).map((p) => String(p.id)),
      },
    ];
    for (const c of cases) {
      if (c.expected.length === 0) {
        const all = await walk<any>(api(), c.field, c.selection, { orderBy: c.orderBy, first: 500 });
        c.expected = all.nodes.map(c.key);
        const amounts = all.nodes.map((n) => BigInt(n.amount));
        assert.ok(
          amounts.every((a, i) => i === 0 || a <= amounts[i - 1]),
          "amounts descend",
        );
        assert.deepEqual([...c.expected].sort(), data.holdings.map((h) => `${h.holder}/${h.receivableId}`).sort());
      }
      for (const first of [1, 7, 50]) {
        if (first === 1 && c.expected.length > 60) continue;
        const { nodes, pages } = await walk(api(), c.field, c.selection, { orderBy: c.orderBy, first });
        const keys = nodes.map(c.key);
        assert.equal(new Set(keys).size, keys.length, `${c.field} first ${first}: no duplicates`);
        assert.deepEqual(keys, c.expected, `${c.field} first ${first}`);
        assert.equal(pages, Math.max(1, Math.ceil(c.expected.length / first)), `${c.field} first ${first}: pages`);
      }
    }
  });

  it("filters the other entities", async () => {
    const q = ok(
      await api().gql(
        `query($bank: String!, $core1: String!, $sup1: String!) {
          members(filter: { role: BANK }) { edges { node { address roleNames } } }
          suspended: members(filter: { status: [Suspended] }) { edges { node { orgId suspensionReason } } }
          ghosts: members(filter: { status: [None], blacklisted: true }) { edges { node { address admittedAt roleNames blacklistReason } } }
          tokenBalances(filter: { nonZero: true }) { totalCount }
          creditLines(filter: { bank: $bank }, orderBy: { field: LIMIT, direction: DESC }) { edges { node { counterparty limit remaining } } }
          purchaseOrders(filter: { party: $core1, status: [Converted, Pending] }) { edges { node { id } } }
          someOrders: purchaseOrders(filter: { ids: ["3", "1", "999999"] }) { edges { node { id } } }
          warehouseReceipts(filter: { owner: $sup1, pledged: true }) { edges { node { id pledgee } } }
          attestations(filter: { anomalous: true }) { edges { node { receiptId anomaly } } }
          financings(filter: { bank: $bank, open: true }, orderBy: { field: OUTSTANDING, direction: DESC }) { edges { node { product id outstanding } } }
          repayments(filter: { kind: [COLLECTED] }) { edges { node { product financingId toBank financing { status } } } }
          chainEvents(filter: { names: ["PartSplit"], fromBlock: 6 }) { edges { node { blockNumber name } } }
          receivableParts(filter: { receivableId: "1", root: false }) { edges { node { id } } }
          heldPayouts(filter: { contract: "factoring" }) { edges { node { contract account amount } } }
          noneHeld: heldPayouts(filter: { contract: "orderFinancing" }) { totalCount }
        }`,
        { bank: A.bank1, core1: A.core1, sup1: A.sup1 },
      ),
    ) as any;
    const nodes = (c: any) => c.edges.map((e: any) => e.node);
    assert.deepEqual(
      nodes(q.members)
        .map((m: any) => m.address)
        .sort(),
      [A.bank1, A.bank2].sort(),
    );
    assert.deepEqual(nodes(q.members)[0].roleNames, ["BANK"]);
    assert.deepEqual(nodes(q.suspended), [{ orgId: "org:sup3", suspensionReason: "audit" }]);
    assert.deepEqual(nodes(q.ghosts), [
      { address: A.ghost, admittedAt: null, roleNames: [], blacklistReason: "sanctions" },
    ]);
    assert.equal(q.tokenBalances.totalCount, data.tokenBalances.length - 1);
    assert.deepEqual(nodes(q.creditLines), [
      { counterparty: A.core1, limit: "5000", remaining: "4050" },
      { counterparty: A.sup3, limit: "2000", remaining: "2000" },
      { counterparty: A.core2, limit: "800", remaining: "0" },
    ]);
    assert.deepEqual(
      nodes(q.purchaseOrders).map((o: any) => Number(o.id)),
      data.orders
        .filter((o) => (o.supplier === A.core1 || o.buyer === A.core1) && ["Converted", "Pending"].includes(o.status))
        .map((o) => o.id),
    );
    // The ids that exist, in the list's order; an unknown id is no error.
    assert.deepEqual(nodes(q.someOrders), [{ id: "1" }, { id: "3" }]);
    assert.deepEqual(nodes(q.warehouseReceipts), [{ id: "1", pledgee: A.bank1 }]);
    assert.deepEqual(nodes(q.attestations), [{ receiptId: "1", anomaly: 2 }]);
    assert.deepEqual(
      nodes(q.financings).map((f: any) => `${f.product}:${f.id}:${f.outstanding}`),
      ["ORDER:1:1000", "RECEIPT:1:500", "FACTORING:1:400", "FACTORING:2:300", "FACTORING:5:250"],
    );
    assert.deepEqual(nodes(q.repayments), [
      { product: "FACTORING", financingId: "3", toBank: "4500", financing: { status: "Collected" } },
    ]);
    assert.deepEqual(nodes(q.chainEvents), [
      { blockNumber: 6, name: "PartSplit" },
      { blockNumber: 8, name: "PartSplit" },
    ]);
    assert.deepEqual(
      nodes(q.receivableParts).map((p: any) => p.id),
      ["1001", "1002", "1003"],
    );
    // Held payouts are keyed by the contract's name, as the indexer stores them.
    assert.deepEqual(
      nodes(q.heldPayouts).sort((a: any, b: any) => a.account.localeCompare(b.account)),
      data.heldPayouts
        .map((h) => ({ contract: "factoring", account: h.account, amount: h.amount }))
        .sort((a, b) => a.account.localeCompare(b.account)),
    );
    assert.equal(q.noneHeld.totalCount, 0);
  });

  it("gets single entities by id, with their relations", async () => {
    const q = ok(
      await api().gql(
        `query($sup3: String!) {
          receivable(id: "1") { id face status obligorMember { orgId } creditorMember { orgId } order { id status buyerMember { orgId } }
            parts { id depth holder } holdings { holder amount } financings { product id } }
          receivablePart(id: 1002) { id parent { id parent { id parent { id } } } children { id } receivable { id } holderMember { orgId }
            financings { product id status } }
          root: receivablePart(id: "1") { children { id } }
          purchaseOrder(id: 8) { status lienHolder receivable { id } financings { product id bankMember { orgId } } }
          warehouseReceipt(id: 1) { status attestations { quantity receipt { id } } financings { product id } ownerMember { orgId } }
          financing(product: FACTORING, id: 1) { status part { id } receivable { id } order { id } obligorMember { orgId } repayments { kind } }
          loan: financing(product: ORDER, id: 1) { order { id } repayments { kind principal interest } }
          member(address: $sup3) { orgId status balances { balance } heldPayouts { amount } creditLinesReceived { bank kind } }
          missing: receivable(id: 99999) { id }
          missingMember: member(address: "0x000000000000000000000000000000000000dEaD") { address }
        }`,
        { sup3: A.sup3.toLowerCase() },
      ),
    ) as any;
    assert.equal(q.receivable.face, "2000");
    assert.equal(q.receivable.obligorMember.orgId, "org:core1");
    assert.equal(q.receivable.creditorMember.orgId, "org:sup2");
    assert.deepEqual(q.receivable.order, { id: "1", status: "Converted", buyerMember: { orgId: "org:core1" } });
    assert.deepEqual(
      q.receivable.parts.map((p: any) => p.id),
      ["1", "1001", "1003", "1002"],
    );
    assert.equal(q.receivable.holdings.length, 4);
    assert.deepEqual(q.receivable.financings, [{ product: "FACTORING", id: "1" }]);
    assert.deepEqual(q.receivablePart.parent, { id: "1001", parent: { id: "1", parent: null } });
    assert.deepEqual(q.receivablePart.children, []);
    assert.deepEqual(q.receivablePart.receivable, { id: "1" });
    assert.equal(q.receivablePart.holderMember.orgId, "org:bank1");
    assert.deepEqual(q.receivablePart.financings, [{ product: "FACTORING", id: "1", status: "Funded" }]);
    assert.deepEqual(q.root.children, [{ id: "1001" }, { id: "1003" }]);
    assert.deepEqual(q.purchaseOrder, {
      status: "Confirmed",
      lienHolder: A.bank1,
      receivable: null,
      financings: [{ product: "ORDER", id: "1", bankMember: { orgId: "org:bank1" } }],
    });
    assert.deepEqual(q.warehouseReceipt.attestations, [
      { quantity: "100", receipt: { id: "1" } },
      { quantity: "95", receipt: { id: "1" } },
    ]);
    assert.deepEqual(q.warehouseReceipt.financings, [{ product: "RECEIPT", id: "1" }]);
    assert.deepEqual(q.financing, {
      status: "Funded",
      part: { id: "1002" },
      receivable: { id: "1" },
      order: null,
      obligorMember: { orgId: "org:core1" },
      repayments: [],
    });
    assert.deepEqual(q.loan, { order: { id: "8" }, repayments: [{ kind: "REPAID", principal: "100", interest: "5" }] });
    assert.equal(q.member.orgId, "org:sup3");
    assert.equal(q.member.status, "Suspended");
    assert.deepEqual(q.member.heldPayouts, [{ amount: "500" }]);
    assert.deepEqual(q.member.creditLinesReceived, [{ bank: A.bank1, kind: "Borrower" }]);
    assert.equal(q.missing, null);
    assert.equal(q.missingMember, null);
  });

  it("answers amounts as strings of digits and timestamps in ISO-8601", async () => {
    const q = ok(await api().gql(`{ receivable(id: 3) { face redeemed maturity issuedAt paidAt } }`)) as any;
    assert.equal(q.receivable.face, "4000");
    assert.equal(q.receivable.redeemed, "0");
    assert.equal(q.receivable.maturity, data.receivables[2].maturity!.toISOString());
    assert.match(q.receivable.issuedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(q.receivable.paidAt, null);
  });

  describe("argument errors", () => {
    const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

    it("refuses a page size above 500 and a negative one", async () => {
      for (const first of [501, -1]) {
        const r = await api().gql(`query($first: Int) { receivables(first: $first) { totalCount } }`, { first });
        assert.equal(code(r), "BAD_USER_INPUT");
        assert.equal(r.errors![0].extensions!.argument, "first");
        assert.match(r.errors![0].message, /"first" must be between 0 and 500/);
      }
      const zero = ok(
        await api().gql(`{ receivables(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`),
      ) as any;
      assert.deepEqual(zero.receivables, { totalCount: RECEIVABLE_COUNT, edges: [], pageInfo: { hasNextPage: true } });
    });

    it("refuses malformed and foreign cursors", async () => {
      const page = ok(await api().gql(`{ receivables(first: 2) { pageInfo { endCursor } } }`)) as any;
      const cursor = page.receivables.pageInfo.endCursor as string;
      const tampered = Buffer.from(JSON.stringify(["receivables", "ID", "x"])).toString("base64url");
      const cases: [string, string, RegExp][] = [
        [`{ receivables(after: "not a cursor!") { totalCount } }`, "after", /not a valid cursor: malformed/],
        [`{ receivables(after: "${tampered}") { totalCount } }`, "after", /malformed/],
        [`{ members(after: "${cursor}") { totalCount } }`, "after", /another list/],
        [
          `{ receivables(after: "${cursor}", orderBy: { field: FACE }) { totalCount } }`,
          "after",
          /issued for orderBy.field ID/,
        ],
      ];
      for (const [query, argument, message] of cases) {
        const r = await api().gql(query);
        assert.equal(code(r), "BAD_USER_INPUT", query);
        assert.equal(r.errors![0].extensions!.argument, argument);
        assert.match(r.errors![0].message, message);
      }
    });

    it("refuses bad addresses, naming the argument, and normalises good ones", async () => {
      const bad = "0x1234";
      const checksumTypo = A.core1.slice(0, -1) + (A.core1.endsWith("a") ? "A" : A.core1.endsWith("A") ? "a" : "0");
      const cases: [string, Record<string, unknown>, RegExp][] = [
        [`query($a: String!) { member(address: $a) { orgId } }`, { a: bad }, /argument "address" must be an address/],
        [
          `query($a: String!) { receivables(filter: { obligor: $a }) { totalCount } }`,
          { a: bad },
          /"filter": obligor must be an address/,
        ],
        [
          `query($a: String!) { members(filter: { addresses: [$a] }) { totalCount } }`,
          { a: "nope" },
          /addresses must be an address/,
        ],
        [`query($a: String!) { bankPortfolio(bank: $a) { bank } }`, { a: bad }, /argument "bank"/],
        [`query($a: String!) { assetHistory(kind: MEMBER, id: $a) { totalCount } }`, { a: bad }, /argument "id"/],
        [
          `query($c: String!) { heldPayouts(filter: { contract: $c }) { totalCount } }`,
          { c: A.factoring },
          /contract must be one of factoring, orderFinancing, receiptFinancing/,
        ],
      ];
      if (checksumTypo !== A.core1 && /[a-fA-F]$/.test(A.core1)) {
        cases.push([`query($a: String!) { member(address: $a) { orgId } }`, { a: checksumTypo }, /checksum/]);
      }
      for (const [query, variables, message] of cases) {
        const r = await api().gql(query, variables);
        assert.equal(code(r), "BAD_USER_INPUT", query);
        assert.match(r.errors![0].message, message);
      }
      const good = ok(
        await api().gql(`query($a: String!) { member(address: $a) { address } }`, { a: A.core1.toLowerCase() }),
      ) as any;
      assert.equal(good.member.address, A.core1);
    });

    it("refuses bad ids and BigInt values", async () => {
      const cases: [string, Record<string, unknown> | undefined][] = [
        [`{ receivable(id: "abc") { id } }`, undefined],
        [`{ receivables(filter: { ids: ["1", "-2"] }) { totalCount } }`, undefined],
        [`{ purchaseOrders(filter: { ids: ["1", "x"] }) { totalCount } }`, undefined],
        [
          `query($ids: [ID!]) { purchaseOrders(filter: { ids: $ids }) { totalCount } }`,
          { ids: Array.from({ length: 501 }, (_, i) => String(i + 1)) },
        ],
        [`{ receivables(filter: { faceMin: "12a" }) { totalCount } }`, undefined],
        [`{ receivables(filter: { faceMin: -1 }) { totalCount } }`, undefined],
        [`query($f: BigInt) { receivables(filter: { faceMin: $f }) { totalCount } }`, { f: "1.5" }],
        [`query($f: BigInt) { receivables(filter: { faceMin: $f }) { totalCount } }`, { f: "1".padEnd(80, "0") }],
      ];
      for (const [query, variables] of cases) {
        const r = await api().gql(query, variables);
        assert.equal(code(r), "BAD_USER_INPUT", `${query} ${JSON.stringify(variables)}: ${JSON.stringify(r.errors)}`);
      }
      const big = ok(await api().gql(`{ receivables(filter: { faceMin: 7000 }) { totalCount } }`)) as any;
      assert.equal(big.receivables.totalCount, data.receivables.filter((r) => BigInt(r.face) >= 7000n).length);
    });
  });

  it("batches relations: a page of 50 receivables with parts, members and orders takes a constant number of statements", async () => {
    const query = `query($first: Int) {
      receivables(first: $first, orderBy: { field: MATURITY }) {
        edges { node {
          id
          obligorMember { address orgId balances { balance } }
          creditorMember { address }
          order { id buyerMember { orgId } }
          parts { id holderMember { orgId } children { id } }
          holdings { amount holderMember { orgId } }
          financings { product bankMember { orgId } }
        } }
      }
    }`;
    const counts: Record<number, number> = {};
    for (const first of [5, 50]) {
      api().statements.count = 0;
      api().statements.log.length = 0;
      const result = ok(await api().gql(query, { first })) as any;
      assert.equal(result.receivables.edges.length, first);
      assert.ok(result.receivables.edges.every((e: any) => e.node.obligorMember.orgId && e.node.parts.length >= 1));
      counts[first] = api().statements.count;
    }
    // One statement per relation level, whatever the page size (naively: 50 x 9 or more).
    assert.ok(counts[50] <= 14, `50 receivables took ${counts[50]} statements:\n${api().statements.log.join("\n")}`);
    assert.ok(counts[50] <= counts[5] + 1, `statements grow with the page: ${counts[5]} for 5, ${counts[50]} for 50`);
    console.log(`      statements for a page of 5: ${counts[5]}, of 50: ${counts[50]}`);
  });
});
