/**
 * GraphQL API: searching orders by (part of) their number and receipts by (part of) their lot
 * (`orderNumberContains`, `lotContains`): case-insensitive substrings where `%`, `_` and `\` match
 * themselves, within the viewer's visibility, and the refusal of blank or too long text.
 *
 * Runs on its own database (the shared one of harness.ts is not changed): the seed data of harness.ts
 * plus orders and receipts whose numbers hold LIKE's special characters, and look-alikes that would
 * match only if those characters were wildcards.
 */
import assert from "node:assert/strict";
import * as schema from "../../src/database/schema";
import { startTestApp, type GqlAnswer, type TestApp } from "../support/app";
import { A, DATABASE_KINDS, seedData } from "./harness";

const data = seedData();

/** Orders 11-14: next to the seed's PO-1 ... PO-10. */
const EXTRA_ORDERS = [
  { id: 11, orderNumber: "PO-100%_OFF", supplier: A.sup1, buyer: A.core1 },
  // Matches "100%_off" only when `%` and `_` are wildcards.
  { id: 12, orderNumber: "PO-100xAOFF", supplier: A.sup2, buyer: A.core2 },
  { id: 13, orderNumber: "po-back\\slash", supplier: A.sup2, buyer: A.core2 },
  { id: 14, orderNumber: "Q-7", supplier: A.sup1, buyer: A.core2 },
];
/** Receipts 4-5: next to the seed's LOT-1 ... LOT-3. */
const EXTRA_RECEIPTS = [
  { id: 4, lot: "lot_a%", owner: A.sup2 },
  // Matches "t_a" only when `_` is a wildcard.
  { id: 5, lot: "LOTXAB", owner: A.sup1 },
];

const orders = [
  ...data.orders,
  ...EXTRA_ORDERS.map((o) => ({ ...data.orders[0], ...o, receivableId: null, lienHolder: null, status: "Pending" })),
];
const receipts = [...data.receipts, ...EXTRA_RECEIPTS.map((r) => ({ ...data.receipts[2], ...r }))];

/** The orders `viewer` may see (common/access.ts restated: a party, or a party to a loan on it). */
function visibleOrder(viewer: string, o: (typeof orders)[number]): boolean {
  return (
    viewer === A.regulator ||
    o.supplier === viewer ||
    o.buyer === viewer ||
    data.financings.some(
      (f) => f.assetType === "order" && f.assetId === o.id && (f.party === viewer || f.bank === viewer),
    )
  );
}

const ORDERS = `query($filter: PurchaseOrderFilter, $after: String) {
  purchaseOrders(filter: $filter, first: 2, after: $after) {
    totalCount edges { node { id orderNumber } } pageInfo { hasNextPage endCursor }
  }
}`;
const RECEIPTS = `query($filter: WarehouseReceiptFilter) {
  warehouseReceipts(filter: $filter, first: 100) { totalCount edges { node { id lot } } }
}`;

type Page = {
  totalCount: number;
  edges: { node: { id: string } }[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
};

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL search by order number and lot (${kind})`, function () {
    let app: TestApp;
    const tokens = new Map<string, string>();

    before(async function () {
      app = await startTestApp(kind, async (db) => {
        await db.insert(schema.members).values(data.members);
        await db.insert(schema.purchaseOrders).values(orders);
        await db.insert(schema.warehouseReceipts).values(receipts);
        await db.insert(schema.financings).values(data.financings);
      });
    });
    after(async () => app?.close());

    async function ask(query: string, variables: Record<string, unknown>, as = A.regulator): Promise<GqlAnswer> {
      if (!tokens.has(as)) tokens.set(as, await app.session(as));
      return app.gql(tokens.get(as)!, query, variables);
    }

    /** Every order matching `filter` for `as`, walking pages of 2; checks totalCount against them. */
    async function orderIds(filter: Record<string, unknown>, as = A.regulator): Promise<number[]> {
      const found: number[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const answer = await ask(ORDERS, { filter, after }, as);
        assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
        const page = answer.data.purchaseOrders as Page;
        found.push(...page.edges.map((e) => Number(e.node.id)));
        if (!page.pageInfo!.hasNextPage) {
          assert.equal(page.totalCount, found.length, "totalCount counts the matching rows only");
          return found;
        }
        after = page.pageInfo!.endCursor;
      }
      throw new Error("pagination did not end");
    }

    async function receiptIds(filter: Record<string, unknown>, as = A.regulator): Promise<number[]> {
      const answer = await ask(RECEIPTS, { filter }, as);
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      const page = answer.data.warehouseReceipts as Page;
      assert.equal(page.totalCount, page.edges.length);
      return page.edges.map((e) => Number(e.node.id));
    }

    it("finds orders whose number contains the text, ignoring case, over several pages", async () => {
      assert.deepEqual(await orderIds({ orderNumberContains: "po-1" }), [1, 10, 11, 12]);
      assert.deepEqual(
        await orderIds({ orderNumberContains: "Po-" }),
        [...Array(13).keys()].map((i) => i + 1),
      );
      assert.deepEqual(await orderIds({ orderNumberContains: "Q-7" }), [14]);
      assert.deepEqual(await orderIds({ orderNumberContains: "PO-1000" }), []);
    });

    it("matches %, _ and \\ in an order number literally, not as wildcards", async () => {
      assert.deepEqual(await orderIds({ orderNumberContains: "100%_off" }), [11]);
      assert.deepEqual(await orderIds({ orderNumberContains: "%" }), [11]);
      assert.deepEqual(await orderIds({ orderNumberContains: "_" }), [11]);
      assert.deepEqual(await orderIds({ orderNumberContains: "%_o" }), [11]);
      assert.deepEqual(await orderIds({ orderNumberContains: "\\" }), [13]);
      assert.deepEqual(await orderIds({ orderNumberContains: "k\\s" }), [13]);
      assert.deepEqual(await orderIds({ orderNumberContains: "\\%" }), []);
    });

    it("combines the text with the other filters", async () => {
      assert.deepEqual(await orderIds({ orderNumberContains: "po-1", supplier: A.sup2 }), [1, 10, 12]);
      assert.deepEqual(await orderIds({ orderNumberContains: "po-1", status: ["Pending"] }), [11, 12]);
    });

    it("shows a member only the matching orders it may see: the filter narrows, never widens", async () => {
      for (const viewer of [A.sup1, A.core2, A.bank2]) {
        const expected = orders
          .filter((o) => o.orderNumber.toLowerCase().includes("po-") && visibleOrder(viewer, o))
          .map((o) => o.id);
        assert.ok(expected.length > 0 && expected.length < 13, "the viewer sees some orders, not all");
        assert.deepEqual(await orderIds({ orderNumberContains: "PO-" }, viewer), expected);
      }
      // Of PO-1, PO-10, PO-100%_OFF and PO-100xAOFF, sup1 is a party to the third only, core2 to the
      // second (its buyer) and the fourth.
      assert.deepEqual(await orderIds({ orderNumberContains: "po-1" }, A.sup1), [11]);
      assert.deepEqual(await orderIds({ orderNumberContains: "po-1" }, A.core2), [10, 12]);
      assert.deepEqual(await orderIds({ orderNumberContains: "100xa" }, A.sup1), []);
      assert.deepEqual(await orderIds({ orderNumberContains: "100xa", supplier: A.sup2 }, A.sup1), []);
      // bank2 sees order 7 (it lends on it) and order 3 (a repaid loan), nothing else.
      assert.deepEqual(await orderIds({ orderNumberContains: "PO" }, A.bank2), [3, 7]);
    });

    it("finds receipts whose lot contains the text, ignoring case, with % and _ literal", async () => {
      assert.deepEqual(await receiptIds({ lotContains: "lot-" }), [1, 2, 3]);
      assert.deepEqual(await receiptIds({ lotContains: "LOT" }), [1, 2, 3, 4, 5]);
      assert.deepEqual(await receiptIds({ lotContains: "t_a" }), [4]);
      assert.deepEqual(await receiptIds({ lotContains: "%" }), [4]);
      assert.deepEqual(await receiptIds({ lotContains: "_" }), [4]);
      assert.deepEqual(await receiptIds({ lotContains: "txa" }), [5]);
      // sup1 owns receipts 1, 2 and 5; receipt 3 (sup3's) and 4 (sup2's) stay hidden.
      assert.deepEqual(await receiptIds({ lotContains: "lot" }, A.sup1), [1, 2, 5]);
      assert.deepEqual(await receiptIds({ lotContains: "_" }, A.sup1), []);
    });

    const refused: [string, string, RegExp][] = [
      ["65 characters", "x".repeat(65), /must be at most 64 characters, got 65/],
      ["an empty text", "", /must contain visible text/],
      ["blanks only", "   ", /must contain visible text/],
      ["a NUL byte", "PO\u0000", /must not contain control characters/],
    ];
    for (const [title, text, message] of refused) {
      it(`refuses ${title} with BAD_USER_INPUT naming the filter`, async () => {
        for (const [query, filter, field] of [
          [ORDERS, { orderNumberContains: text }, "orderNumberContains"],
          [RECEIPTS, { lotContains: text }, "lotContains"],
        ] as const) {
          const answer = await ask(query, { filter });
          assert.equal(answer.data?.purchaseOrders ?? answer.data?.warehouseReceipts ?? null, null);
          assert.equal(answer.errors?.length, 1, JSON.stringify(answer.errors));
          const error = answer.errors![0];
          assert.equal(error.extensions.code, "BAD_USER_INPUT");
          assert.match(error.message, new RegExp(`invalid argument "filter": ${field} `));
          assert.match(error.message, message);
        }
      });
    }

    it("accepts 64 characters", async () => {
      assert.deepEqual(await orderIds({ orderNumberContains: "x".repeat(64) }), []);
      assert.deepEqual(await receiptIds({ lotContains: "é".repeat(64) }), []);
    });
  });
}
