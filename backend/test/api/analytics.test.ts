/**
 * GraphQL API analytics: receivable lineage, member positions, bank portfolio, maturity calendar,
 * asset history and sync status, checked against figures computed from the data set.
 */
import assert from "node:assert/strict";
import { A, AS_OF, describeApi, ok, seedData } from "./harness";

const data = seedData();
const DAY = 86_400_000;

describeApi("GraphQL analytics", (api) => {
  describe("receivableLineage", () => {
    const query = `query($id: ID!) {
      receivableLineage(partId: $id) {
        part { id depth }
        ancestors { id depth holder face amount status holderMember { orgId } }
        descendants { id parentId depth holder face amount status }
        activeAmount
      }
    }`;

    it("gives a leaf's ancestors up to the root", async () => {
      const { receivableLineage: l } = ok(await api().gql(query, { id: "1002" })) as any;
      assert.deepEqual(l.part, { id: "1002", depth: 2 });
      assert.deepEqual(l.ancestors, [
        {
          id: "1",
          depth: 0,
          holder: A.sup2,
          face: "2000",
          amount: "700",
          status: "Active",
          holderMember: { orgId: "org:sup2" },
        },
        {
          id: "1001",
          depth: 1,
          holder: A.sup3,
          face: "1000",
          amount: "600",
          status: "Active",
          holderMember: { orgId: "org:sup3" },
        },
      ]);
      assert.deepEqual(l.descendants, []);
      assert.equal(l.activeAmount, "400");
    });

    it("gives the root's every descendant, by depth", async () => {
      const { receivableLineage: l } = ok(await api().gql(query, { id: 1 })) as any;
      assert.deepEqual(l.ancestors, []);
      assert.deepEqual(
        l.descendants.map((p: any) => [p.id, p.parentId, p.depth, p.holder, p.amount]),
        [
          ["1001", "1", 1, A.sup3, "600"],
          ["1003", "1", 1, A.bank2, "300"],
          ["1002", "1001", 2, A.bank1, "400"],
        ],
      );
      assert.equal(l.activeAmount, "2000", "the tree still holds the whole face");
    });

    it("gives a middle part both sides, and null for an unknown part", async () => {
      const { receivableLineage: l } = ok(await api().gql(query, { id: "1001" })) as any;
      assert.deepEqual(
        l.ancestors.map((p: any) => p.id),
        ["1"],
      );
      assert.deepEqual(
        l.descendants.map((p: any) => p.id),
        ["1002"],
      );
      assert.equal(l.activeAmount, "1000");
      assert.equal((ok(await api().gql(query, { id: "424242" })) as any).receivableLineage, null);
      const bad = await api().gql(query, { id: "x1" });
      assert.equal(bad.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    });
  });

  describe("memberPositions", () => {
    const query = `query($a: String!, $all: Boolean!) {
      memberPositions(address: $a, includeClosed: $all) {
        address member { orgId }
        balances { balance } heldPayouts { amount }
        holdings { receivableId amount receivable { status } }
        parts { id status }
        ordersAsSupplier { id status } ordersAsBuyer { id status }
        receiptsOwned { id status }
        financingsAsParty { product id status } financingsAsBank { product id status }
      }
    }`;
    const live = ["Offered", "Requested", "Funded", "RecourseClaimed", "Active", "Defaulted"];
    const fin = (f: { product: string; id: number; status: string }) => ({
      product: f.product,
      id: String(f.id),
      status: f.status,
    });
    /** Financings as the API lists them: by request time. */
    const financings = (keep: (f: (typeof data.financings)[number]) => boolean) =>
      data.financings
        .filter(keep)
        .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())
        .map(fin);

    it("lists a supplier's open positions", async () => {
      const { memberPositions: p } = ok(await api().gql(query, { a: A.sup1.toLowerCase(), all: false })) as any;
      assert.equal(p.address, A.sup1);
      assert.equal(p.member.orgId, "org:sup1");
      assert.deepEqual(p.balances, [{ balance: String(1_000_000 * 3) }]);
      assert.deepEqual(p.heldPayouts, []);
      const holdings = data.holdings.filter((h) => h.holder === A.sup1 && BigInt(h.amount) > 0n);
      assert.deepEqual(
        p.holdings.map((h: any) => [Number(h.receivableId), h.amount]),
        holdings.map((h) => [h.receivableId, h.amount]).sort((a, b) => (a[0] as number) - (b[0] as number)),
      );
      assert.ok(p.holdings.every((h: any) => h.receivable.status !== "Paid"));
      const parts = data.parts.filter((x) => x.holder === A.sup1 && x.status === "Active").map((x) => String(x.id));
      assert.deepEqual(
        p.parts.map((x: any) => x.id),
        parts,
      );
      assert.deepEqual(p.ordersAsSupplier, []);
      assert.deepEqual(p.ordersAsBuyer, []);
      assert.deepEqual(p.receiptsOwned, [{ id: "1", status: "Active" }]);
      assert.deepEqual(
        p.financingsAsParty,
        financings((f) => f.party === A.sup1 && live.includes(f.status)),
      );
      assert.deepEqual(p.financingsAsBank, []);
    });

    it("includes closed positions on request, and a bank's and a buyer's side", async () => {
      const { memberPositions: all } = ok(await api().gql(query, { a: A.sup1, all: true })) as any;
      assert.deepEqual(
        all.ordersAsSupplier.map((o: any) => Number(o.id)),
        data.orders.filter((o) => o.supplier === A.sup1).map((o) => o.id),
      );
      assert.deepEqual(
        all.receiptsOwned.map((r: any) => r.id),
        ["1", "2"],
      );
      assert.equal(all.parts.length, data.parts.filter((x) => x.holder === A.sup1).length);

      const { memberPositions: bank } = ok(await api().gql(query, { a: A.bank1, all: false })) as any;
      assert.deepEqual(
        bank.financingsAsBank,
        financings((f) => f.bank === A.bank1 && live.includes(f.status)),
      );
      assert.deepEqual(
        bank.parts.map((x: any) => x.id),
        ["1002"],
      );

      const { memberPositions: buyer } = ok(await api().gql(query, { a: A.core2, all: false })) as any;
      assert.deepEqual(buyer.ordersAsBuyer, [{ id: "8", status: "Confirmed" }]);

      const { memberPositions: nobody } = ok(await api().gql(query, { a: A.stranger, all: true })) as any;
      assert.equal(nobody.member, null);
      assert.deepEqual(nobody.holdings, []);
    });
  });

  describe("bankPortfolio", () => {
    const query = `query($bank: String!, $days: Int!, $asOf: DateTime) {
      bankPortfolio(bank: $bank, maturingWithinDays: $days, asOf: $asOf) {
        bank asOf maturingWithinDays bankMember { orgId }
        open { count outstanding } maturing { count outstanding } overdue { count outstanding }
        exposures { counterparty kind count outstanding limit used remaining counterpartyMember { orgId } }
      }
    }`;

    it("sums open financings, maturing and overdue ones, and exposures against credit lines", async () => {
      const { bankPortfolio: p } = ok(
        await api().gql(query, { bank: A.bank1, days: 30, asOf: AS_OF.toISOString() }),
      ) as any;
      assert.equal(p.bank, A.bank1);
      assert.equal(p.asOf, AS_OF.toISOString());
      assert.equal(p.bankMember.orgId, "org:bank1");
      // Open: FACTORING 1 (400, due +10 d), 2 (300, due -5 d), 5 (250, due with its receivable, before),
      // ORDER 1 (1000, due +60 d), RECEIPT 1 (500, due +20 d). Collected and offered deals are not open.
      assert.deepEqual(p.open, { count: 5, outstanding: "2450" });
      assert.deepEqual(p.maturing, { count: 2, outstanding: "900" });
      assert.deepEqual(p.overdue, { count: 2, outstanding: "550" });
      assert.deepEqual(p.exposures, [
        {
          counterparty: A.core2,
          kind: "Obligor",
          count: 1,
          outstanding: "1000",
          limit: "800",
          used: "1000",
          remaining: "0",
          counterpartyMember: { orgId: "org:core2" },
        },
        {
          counterparty: A.core1,
          kind: "Obligor",
          count: 3,
          outstanding: "950",
          limit: "5000",
          used: "950",
          remaining: "4050",
          counterpartyMember: { orgId: "org:core1" },
        },
        {
          counterparty: A.sup1,
          kind: "Borrower",
          count: 1,
          outstanding: "500",
          limit: null,
          used: null,
          remaining: null,
          counterpartyMember: { orgId: "org:sup1" },
        },
      ]);
    });

    it("moves the maturing window with maturingWithinDays and asOf", async () => {
      const figures = async (days: number, asOf: Date) =>
        (ok(await api().gql(query, { bank: A.bank1, days, asOf: asOf.toISOString() })) as any).bankPortfolio as any;
      assert.deepEqual((await figures(5, AS_OF)).maturing, { count: 0, outstanding: "0" });
      assert.deepEqual(
        (await figures(60, AS_OF)).maturing,
        { count: 2, outstanding: "900" },
        "due at +60 d is not within 60 days",
      );
      assert.deepEqual((await figures(61, AS_OF)).maturing, { count: 3, outstanding: "1900" });
      const later = await figures(30, new Date(AS_OF.getTime() + 15 * DAY));
      assert.deepEqual(later.overdue, { count: 3, outstanding: "950" });
      assert.deepEqual(later.maturing, { count: 1, outstanding: "500" });

      const { bankPortfolio: other } = ok(
        await api().gql(query, { bank: A.bank2, days: 30, asOf: AS_OF.toISOString() }),
      ) as any;
      assert.deepEqual(other.open, { count: 1, outstanding: "800" });
      assert.deepEqual(other.maturing, { count: 1, outstanding: "800" });
      assert.equal(other.exposures[0].remaining, "2200");

      const none = (
        ok(
          await api().gql(
            `{ bankPortfolio(bank: "${A.stranger}") { maturingWithinDays open { count outstanding } exposures { kind } } }`,
          ),
        ) as any
      ).bankPortfolio;
      assert.deepEqual(none, { maturingWithinDays: 30, open: { count: 0, outstanding: "0" }, exposures: [] });

      for (const days of [-1, 100_000]) {
        const r = await api().gql(query, { bank: A.bank1, days, asOf: null });
        assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT");
        assert.equal(r.errors?.[0].extensions?.argument, "maturingWithinDays");
      }
    });

    describe("charts", () => {
      const query = `query($bank: String!, $asOf: DateTime) {
      bankPortfolio(bank: $bank, asOf: $asOf) {
        open { count outstanding } overdue { count outstanding }
        maturityLadder { key fromDay toDay count outstanding }
        overdueByCounterparty { counterparty kind count outstanding counterpartyMember { orgId } }
      }
    }`;
      const OPEN = ["Funded", "RecourseClaimed", "Active", "Defaulted"];
      const LADDER: [string, number | null, number | null][] = [
        ["overdue", null, -1],
        ["d30", 0, 30],
        ["d90", 31, 90],
        ["d180", 91, 180],
        ["later", 181, null],
      ];

      /** The two charts of `bank` at `asOf`, computed from the data set. */
      function expected(bank: string, asOf: Date) {
        const ladder = LADDER.map(([key, fromDay, toDay]) => ({ key, fromDay, toDay, count: 0, outstanding: 0n }));
        const overdue = new Map<string, { counterparty: string; kind: string; count: number; outstanding: bigint }>();
        for (const f of data.financings) {
          if (f.bank !== bank || !OPEN.includes(f.status)) continue;
          const due = f.dueAt ?? data.receivables.find((r) => r.id === f.receivableId)?.maturity ?? null;
          if (!due) continue;
          const days = Math.floor((due.getTime() - asOf.getTime()) / DAY);
          const bucket = ladder.find((b) => (b.fromDay ?? -Infinity) <= days && days <= (b.toDay ?? Infinity))!;
          bucket.count++;
          bucket.outstanding += BigInt(f.outstanding);
          if (days >= 0) continue;
          const counterparty = f.obligor ?? f.party;
          const kind = f.obligor ? "Obligor" : "Borrower";
          const g = overdue.get(`${counterparty}:${kind}`) ?? { counterparty, kind, count: 0, outstanding: 0n };
          g.count++;
          g.outstanding += BigInt(f.outstanding);
          overdue.set(`${counterparty}:${kind}`, g);
        }
        return {
          maturityLadder: ladder.map((b) => ({ ...b, outstanding: String(b.outstanding) })),
          overdueByCounterparty: [...overdue.values()]
            .sort((a, b) => Number(b.outstanding - a.outstanding) || a.counterparty.localeCompare(b.counterparty))
            .map((g) => ({
              ...g,
              outstanding: String(g.outstanding),
              counterpartyMember: { orgId: data.members.find((m) => m.address === g.counterparty)!.orgId },
            })),
        };
      }

      const charts = async (bank: string, asOf: Date, as?: string) => {
        const r = await api().gql(query, { bank, asOf: asOf.toISOString() }, as ? { as } : undefined);
        return (ok(r) as any).bankPortfolio;
      };

      it("buckets the open book by due date, as the data set gives it", async () => {
        const p = await charts(A.bank1, AS_OF);
        // Overdue: FACTORING 2 (-5 d) and 5 (its receivable's maturity); 0-30 d: FACTORING 1 (+10 d) and
        // RECEIPT 1 (+20 d); 31-90 d: ORDER 1 (+60 d).
        assert.deepEqual(
          p.maturityLadder.map((b: any) => [b.key, b.count, b.outstanding]),
          [
            ["overdue", 2, "550"],
            ["d30", 2, "900"],
            ["d90", 1, "1000"],
            ["d180", 0, "0"],
            ["later", 0, "0"],
          ],
        );
        assert.deepEqual(p.overdueByCounterparty, [
          {
            counterparty: A.core1,
            kind: "Obligor",
            count: 2,
            outstanding: "550",
            counterpartyMember: { orgId: "org:core1" },
          },
        ]);
        const day = (n: number, ms = 0) => new Date(AS_OF.getTime() + n * DAY + ms);
        // ORDER 1 is due at +60 d: 31 days after +29 d, 30 days and 23:59:59.999 after +29 d + 1 ms, and
        // overdue from +60 d + 1 ms; the borrower of RECEIPT 1 (+20 d) joins core1 after +20 d.
        const moments = [
          day(-40),
          AS_OF,
          day(15),
          day(20),
          day(20, 1),
          day(29),
          day(29, 1),
          day(60),
          day(60, 1),
          day(300),
        ];
        for (const bank of [A.bank1, A.bank2, A.stranger]) {
          for (const asOf of moments) {
            const got = await charts(bank, asOf);
            const want = expected(bank, asOf);
            assert.deepEqual(got.maturityLadder, want.maturityLadder, `ladder of ${bank} at ${asOf.toISOString()}`);
            assert.deepEqual(
              got.overdueByCounterparty,
              want.overdueByCounterparty,
              `overdue of ${bank} at ${asOf.toISOString()}`,
            );
            assert.deepEqual(
              got.maturityLadder[0].count,
              got.overdue.count,
              "the overdue bucket is the overdue figure",
            );
            assert.deepEqual(got.maturityLadder[0].outstanding, got.overdue.outstanding);
            const sum = got.maturityLadder.reduce((t: bigint, b: any) => t + BigInt(b.outstanding), 0n);
            assert.equal(String(sum), got.open.outstanding, "every open financing of the data set has a due date");
          }
        }
        assert.deepEqual(
          (await charts(A.bank1, day(29))).maturityLadder.map((b: any) => b.count),
          [4, 0, 1, 0, 0],
          "31 days ahead is in 31-90",
        );
        assert.deepEqual(
          (await charts(A.bank1, day(29, 1))).maturityLadder.map((b: any) => b.count),
          [4, 1, 0, 0, 0],
          "30 days and a bit ahead is in 0-30",
        );
        const late = await charts(A.bank1, day(60, 1));
        assert.deepEqual(
          late.overdueByCounterparty.map((g: any) => [g.counterparty, g.kind, g.count, g.outstanding]),
          [
            [A.core2, "Obligor", 1, "1000"],
            [A.core1, "Obligor", 3, "950"],
            [A.sup1, "Borrower", 1, "500"],
          ],
        );
      });

      it("computes them in the database and loads the counterparties' members in one batch", async () => {
        api().statements.count = 0;
        api().statements.log.length = 0;
        const p = await charts(A.bank1, new Date(AS_OF.getTime() + 61 * DAY));
        assert.equal(p.overdueByCounterparty.length, 3);
        const financingReads = api().statements.log.filter((q) => /from "financings"/i.test(q));
        assert.ok(financingReads.length > 0);
        for (const q of financingReads) assert.match(q, /count\(\*\)/, `a financings read without aggregate: ${q}`);
        const memberReads = api().statements.log.filter((q) => /from "members"/i.test(q));
        assert.equal(memberReads.length, 1, memberReads.join("\n"));
      });

      it("are the bank's own: another bank is refused, the bank itself is answered", async () => {
        const r = await api().gql(query, { bank: A.bank2, asOf: AS_OF.toISOString() }, { as: A.bank1 });
        assert.equal(r.errors?.[0].extensions?.code, "FORBIDDEN");
        assert.equal(r.errors?.[0].extensions?.argument, "bank");
        assert.equal(r.data?.bankPortfolio ?? null, null);
        const own = await charts(A.bank2, AS_OF, A.bank2);
        assert.deepEqual(own.maturityLadder, expected(A.bank2, AS_OF).maturityLadder);
      });
    });
  });

  describe("maturityCalendar", () => {
    const query = `query($o: String!, $from: DateTime!, $to: DateTime!, $bucket: CalendarBucket!) {
      maturityCalendar(obligor: $o, from: $from, to: $to, bucket: $bucket) {
        obligor bucket from to
        buckets { start end currency count face paid outstanding overdueCount }
      }
    }`;
    const from = new Date("2025-01-10T00:00:00.000Z");
    const to = new Date("2025-09-20T00:00:00.000Z");

    function periodStart(d: Date, bucket: string): Date {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      if (bucket === "DAY") return new Date(day);
      if (bucket === "WEEK") return new Date(day - ((d.getUTCDay() + 6) % 7) * DAY);
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    }

    function expected(obligor: string, bucket: string) {
      const groups = new Map<
        string,
        { start: Date; currency: string; count: number; face: bigint; paid: bigint; overdue: number }
      >();
      for (const r of data.receivables) {
        if (r.obligor !== obligor || r.maturity! < from || r.maturity! >= to) continue;
        const start = periodStart(r.maturity!, bucket);
        const k = `${start.toISOString()}|${r.currency}`;
        const g = groups.get(k) ?? { start, currency: r.currency, count: 0, face: 0n, paid: 0n, overdue: 0 };
        g.count++;
        g.face += BigInt(r.face);
        if (r.status === "Paid") g.paid += BigInt(r.face);
        if (r.status === "Overdue" || r.status === "Defaulted") g.overdue++;
        groups.set(k, g);
      }
      return [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, g]) => ({
          start: g.start.toISOString(),
          currency: g.currency,
          count: g.count,
          face: g.face.toString(),
          paid: g.paid.toString(),
          outstanding: (g.face - g.paid).toString(),
          overdueCount: g.overdue,
        }));
    }

    for (const bucket of ["DAY", "WEEK", "MONTH"]) {
      it(`buckets a core enterprise's receivables by ${bucket.toLowerCase()}`, async () => {
        const { maturityCalendar: c } = ok(
          await api().gql(query, { o: A.core1, from: from.toISOString(), to: to.toISOString(), bucket }),
        ) as any;
        assert.equal(c.obligor, A.core1);
        assert.equal(c.bucket, bucket);
        const want = expected(A.core1, bucket);
        assert.ok(want.length > (bucket === "MONTH" ? 6 : 20));
        assert.deepEqual(
          c.buckets.map(({ end: _end, ...b }: any) => b),
          want,
        );
        for (const b of c.buckets) {
          const length = new Date(b.end).getTime() - new Date(b.start).getTime();
          if (bucket === "DAY") assert.equal(length, DAY);
          if (bucket === "WEEK") assert.equal(length, 7 * DAY);
          if (bucket === "MONTH")
            assert.ok(length >= 28 * DAY && length <= 31 * DAY && new Date(b.end).getUTCDate() === 1);
        }
      });
    }

    it("refuses an empty range", async () => {
      const r = await api().gql(query, { o: A.core1, from: to.toISOString(), to: from.toISOString(), bucket: "DAY" });
      assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT");
      assert.match(r.errors![0].message, /must be after "from"/);
    });
  });

  describe("assetHistory", () => {
    const query = `query($kind: AssetKind!, $id: String!, $first: Int, $after: String) {
      assetHistory(kind: $kind, id: $id, first: $first, after: $after) {
        totalCount edges { node { blockNumber logIndex name refs txHash blockTime args } } pageInfo { hasNextPage endCursor }
      }
    }`;

    async function history(kind: string, id: string, first = 50) {
      const out: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (;;) {
        const { assetHistory: h } = ok(await api().gql(query, { kind, id, first, after })) as any;
        total = h.totalCount;
        out.push(...h.edges.map((e: any) => `${e.node.blockNumber}/${e.node.logIndex} ${e.node.name}`));
        if (!h.pageInfo.hasNextPage) break;
        after = h.pageInfo.endCursor;
      }
      assert.equal(out.length, total);
      return out;
    }

    it("gives every event of an asset in chain order, paginated", async () => {
      const want = [
        "1/0 ReceivableIssued",
        "5/3 PartSplit",
        "6/1 PartSplit",
        "8/2 PartSplit",
        "12/1 FactoringOffered",
        "13/1 FactoringFunded",
      ];
      assert.deepEqual(await history("RECEIVABLE", "1"), want);
      assert.deepEqual(await history("RECEIVABLE", "1", 4), want);
      assert.deepEqual(await history("PART", "1002"), [
        "6/1 PartSplit",
        "12/1 FactoringOffered",
        "13/1 FactoringFunded",
      ]);
      assert.deepEqual(await history("FACTORING", "1"), ["12/1 FactoringOffered", "13/1 FactoringFunded"]);
      assert.deepEqual(await history("MEMBER", A.sup3.toLowerCase()), ["5/3 PartSplit", "12/1 FactoringOffered"]);
      assert.deepEqual(await history("ORDER_LOAN", "1"), []);
      const line = `${A.bank1.toLowerCase()}:${A.core1.toLowerCase()}:Obligor`;
      assert.deepEqual(await history("CREDIT_LINE", line), ["20/4 CreditLimitSet"]);
      const { assetHistory: h } = ok(await api().gql(query, { kind: "RECEIVABLE", id: "1", first: 1 })) as any;
      assert.deepEqual(h.edges[0].node.args, { id: "1", amount: "1000" });
      assert.ok(h.edges[0].node.refs.includes("receivable:1"));
    });

    it("refuses a malformed id", async () => {
      for (const [kind, id] of [
        ["RECEIVABLE", "one"],
        ["MEMBER", "0xnope"],
        ["CREDIT_LINE", `${A.bank1}:${A.core1}:Lender`],
        ["CREDIT_LINE", `${A.bank1}:Obligor`],
      ]) {
        const r = await api().gql(query, { kind, id });
        assert.equal(r.errors?.[0].extensions?.code, "BAD_USER_INPUT");
        assert.equal(r.errors?.[0].extensions?.argument, "id");
      }
    });
  });

  it("reports the sync status", async () => {
    api().sync.update({
      indexedBlock: 100,
      indexedBlockHash: "0xabc",
      headBlock: 107,
      caughtUp: true,
      lastError: null,
    });
    const { syncStatus: s } = ok(
      await api().gql(
        `{ syncStatus { chainId indexedBlock indexedBlockHash headBlock lag caughtUp lastError updatedAt } }`,
      ),
    ) as any;
    assert.equal(s.chainId, 31337);
    assert.equal(s.indexedBlock, 100);
    assert.equal(s.indexedBlockHash, "0xabc");
    assert.equal(s.headBlock, 107);
    assert.equal(s.lag, 7);
    assert.equal(s.caughtUp, true);
    assert.equal(s.lastError, null);
    assert.ok(Date.now() - Date.parse(s.updatedAt) < 60_000);
  });
});
