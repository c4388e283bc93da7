/**
 * The regulator's (and operator's) `networkStatistics`: every figure checked against counts computed
 * here from the data set, face totals exact per currency, who may read it, and that it is answered
 * by a few aggregate statements (no rows loaded).
 */
import assert from "node:assert/strict";
import { A, describeApi, ok, seedData } from "./harness";

const data = seedData();

const QUERY = `{
  networkStatistics {
    members { total active suspended none blacklisted byRole { role total active suspended none blacklisted } }
    purchaseOrders { status count }
    receivables { byStatus { status count } unpaid unpaidFace { currency total } }
    warehouseReceipts { active pledged frozen released }
    financings { product total open }
  }
}`;

// The expected figures, computed independently of the API's code.
const ROLE_BITS: [string, number][] = [
  ["OPERATOR", 1],
  ["CORE_ENTERPRISE", 2],
  ["SUPPLIER", 4],
  ["BANK", 8],
  ["WAREHOUSE", 16],
  ["REGULATOR", 32],
  ["SYSTEM", 64],
];
type SeedMember = (typeof data.members)[number];
const memberCounts = (rows: SeedMember[]) => ({
  total: rows.length,
  active: rows.filter((m) => m.status === "Active").length,
  suspended: rows.filter((m) => m.status === "Suspended").length,
  none: rows.filter((m) => m.status === "None").length,
  blacklisted: rows.filter((m) => m.blacklisted).length,
});
const countBy = <T>(rows: T[], statuses: string[], statusOf: (r: T) => string) =>
  statuses.map((status) => ({ status, count: rows.filter((r) => statusOf(r) === status).length }));
const unpaid = data.receivables.filter((r) => r.status === "Outstanding" || r.status === "Overdue");
const faceByCurrency = new Map<string, bigint>();
for (const r of unpaid) faceByCurrency.set(r.currency, (faceByCurrency.get(r.currency) ?? 0n) + BigInt(r.face));
const OPEN = ["Funded", "RecourseClaimed", "Active", "Defaulted"];

describeApi("GraphQL networkStatistics", (api) => {
  it("gives the members by status and by role", async () => {
    const { members } = (ok(await api().gql(QUERY)) as any).networkStatistics;
    const { byRole, ...all } = members;
    assert.deepEqual(all, memberCounts(data.members));
    assert.deepEqual(
      byRole,
      ROLE_BITS.map(([role, bit]) => ({ role, ...memberCounts(data.members.filter((m) => (m.roles & bit) !== 0)) })),
    );
    // The data set's suspended supplier and the blacklisted account without a role.
    assert.equal(byRole.find((r: any) => r.role === "SUPPLIER")?.suspended, 1);
    assert.equal(all.none, 1);
    assert.equal(all.blacklisted, 1);
  });

  it("counts the orders and the receivables per status, and totals the unpaid faces per currency exactly", async () => {
    const s = (ok(await api().gql(QUERY)) as any).networkStatistics;
    assert.deepEqual(
      s.purchaseOrders,
      countBy(data.orders, ["Pending", "Confirmed", "Rejected", "Cancelled", "Converted"], (o) => o.status),
    );
    assert.deepEqual(
      s.receivables.byStatus,
      countBy(data.receivables, ["Outstanding", "Overdue", "Defaulted", "Paid"], (r) => r.status),
    );
    assert.equal(s.receivables.unpaid, unpaid.length);
    assert.deepEqual(
      s.receivables.unpaidFace,
      [...faceByCurrency]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, total]) => ({ currency, total: total.toString() })),
    );
    assert.deepEqual(
      s.receivables.unpaidFace.map((f: any) => f.currency),
      ["CNY", "USD"],
    );
  });

  it("counts the warehouse receipts and the financings per product", async () => {
    const s = (ok(await api().gql(QUERY)) as any).networkStatistics;
    const receipts = data.receipts;
    assert.deepEqual(s.warehouseReceipts, {
      active: receipts.filter((r) => r.status === "Active" || r.status === "ReleaseRequested").length,
      pledged: receipts.filter((r) => r.pledgee !== null).length,
      frozen: receipts.filter((r) => r.frozen).length,
      released: receipts.filter((r) => r.status === "Released").length,
    });
    assert.deepEqual(
      s.financings,
      ["FACTORING", "ORDER", "RECEIPT"].map((product) => {
        const of = data.financings.filter((f) => f.product === product);
        return { product, total: of.length, open: of.filter((f) => OPEN.includes(f.status)).length };
      }),
    );
    // The same meaning of "open" as the financings list's filter.
    const listed = ok(
      await api().gql(`{ financings(filter: { product: [ORDER], open: true }, first: 0) { totalCount } }`),
    ) as any;
    assert.equal(s.financings[1].open, listed.financings.totalCount);
  });

  it("answers the operator as the regulator", async () => {
    const regulator = ok(await api().gql(QUERY));
    const operator = ok(await api().gql(QUERY, undefined, { as: A.operator }));
    assert.deepEqual(operator, regulator);
  });

  for (const [who, address] of [
    ["a supplier", A.sup1],
    ["a bank", A.bank1],
    ["a core enterprise", A.core1],
  ]) {
    it(`refuses ${who}: FORBIDDEN, saying who may read it`, async () => {
      const r = await api().gql(QUERY, undefined, { as: address });
      assert.equal(r.data?.networkStatistics ?? null, null);
      assert.equal(r.errors?.[0].extensions?.code, "FORBIDDEN");
      assert.match(r.errors![0].message, /only to the regulator and the operator/);
      assert.ok(r.errors![0].message.includes(address));
    });
  }

  it("refuses an anonymous request: UNAUTHENTICATED", async () => {
    const r = await api().gql(`{ networkStatistics { warehouseReceipts { active } } }`, undefined, { as: null });
    assert.equal(r.errors?.[0].extensions?.code, "UNAUTHENTICATED");
  });

  it("is computed by a few aggregate statements, only for the parts selected", async () => {
    api().statements.count = 0;
    api().statements.log.length = 0;
    ok(await api().gql(QUERY));
    const tables = /\b(from|join) "(members|purchase_orders|receivables|warehouse_receipts|financings)"/;
    // The session lookup (which joins members) is not the statistics' work.
    const statisticsReads = () =>
      api().statements.log.filter((q) => tables.test(q) && !q.includes('from "auth_sessions"'));
    const reads = statisticsReads();
    // Members: all and by role; orders; receivables: by status and faces; receipts; financings.
    assert.equal(reads.length, 7, reads.join("\n"));
    for (const q of reads) assert.match(q, /count\(\*\)|sum\(/, `not an aggregate: ${q}`);

    api().statements.log.length = 0;
    ok(await api().gql(`{ networkStatistics { warehouseReceipts { frozen } } }`));
    assert.deepEqual(
      statisticsReads().map((q) => tables.exec(q)![2]),
      ["warehouse_receipts"],
    );
  });
});
