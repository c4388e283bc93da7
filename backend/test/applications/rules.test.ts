/**
 * The rules of applications, on PGlite and PostgreSQL: every eligibility failure with its reason (and
 * nothing changed), every illegal transition, the races (two banks approving at once, one bank twice,
 * approve vs withdraw, two submissions of one asset), each party that may NOT do a thing, expiry, and
 * on-chain withdrawals and declines followed by the reconciler.
 */
import { expect } from "chai";
import { A, DAY, failure, financingRow, ok, startAppsApi, type Actor, type AppsApi } from "./support";
import { create, rows, storedStatus, submit } from "./queries";

const future = () => new Date(Math.floor((Date.now() + 20 * DAY) / 1000) * 1000).toISOString();

const factoring = (assetId: string | number, banks = [A.bank1], extra: Record<string, unknown> = {}) => ({
  product: "FACTORING",
  assetId: String(assetId),
  banks,
  minAdvanceBps: 8000,
  maxDiscountBps: 1200,
  expiresAt: future(),
  ...extra,
});
const orderApp = (assetId: number, banks = [A.bank1], extra: Record<string, unknown> = {}) => ({
  product: "ORDER_FINANCING",
  assetId: String(assetId),
  banks,
  minAdvanceBps: 7000,
  maxRateBps: 800,
  tenorDays: 90,
  expiresAt: future(),
  ...extra,
});
const receiptApp = (assetId: number, banks = [A.bank1], extra: Record<string, unknown> = {}) => ({
  product: "RECEIPT_LOAN",
  assetId: String(assetId),
  banks,
  amount: "10000",
  maxRateBps: 900,
  tenorDays: 60,
  expiresAt: future(),
  ...extra,
});

const M = {
  update: `mutation($id: ID!) { updateApplication(id: $id, input: { documentIds: ["x"] }) { status } }`,
  submit: `mutation($id: ID!) { submitApplication(id: $id) { status } }`,
  withdraw: `mutation($id: ID!) { withdrawApplication(id: $id, note: "changed my mind") { status } }`,
  open: `mutation($id: ID!) { openApplication(id: $id) { status } }`,
  approveFactoring: `mutation($id: ID!) { approveApplication(id: $id, terms: { advanceBps: 9000, discountBps: 1000 }) { status } }`,
  approveOrder: `mutation($id: ID!) { approveApplication(id: $id, terms: { advanceBps: 7500, rateBps: 700 }) { status } }`,
  reject: `mutation($id: ID!) { rejectApplication(id: $id, reason: "concentration too high") { status } }`,
  execution: `mutation($id: ID!, $bank: String!) { executionTransactions(id: $id, bank: $bank) { data } }`,
  acceptance: `mutation($id: ID!) { acceptanceTransactions(id: $id) { data } }`,
  read: `query($id: ID!) { application(id: $id) { id status decisions { bank status reason financingStatus } } }`,
};

for (const kind of ["pglite", "postgres"] as const) {
  describe(`applications: rules (${kind})`, function () {
    let api: AppsApi;
    before(async () => {
      api = await startAppsApi(kind);
    });
    after(async () => {
      await api?.close();
    });

    const call = (actor: Actor | null, query: string, variables: Record<string, unknown>) =>
      api.gql(actor, query, variables);

    describe("eligibility at creation", () => {
      // The asset and the banks are checked when the draft is made, and again at submission.
      const cases: [string, Actor, Record<string, unknown>, string, string, RegExp][] = [
        ["the asset is not in the index", "sup1", factoring(9999), "NOT_FOUND", "ASSET_NOT_FOUND", /not in the index/],
        ["the asset id is zero", "sup1", factoring(0), "NOT_FOUND", "ASSET_NOT_FOUND", /not in the index/],
        [
          "the applicant does not hold the part",
          "sup1",
          factoring(6),
          "FORBIDDEN",
          "NOT_ASSET_HOLDER",
          /only its holder/,
        ],
        ["the part is in custody", "sup1", factoring(5), "CONFLICT", "ASSET_IN_CUSTODY", /custody of the factoring/],
        ["a bank is suspended", "sup1", factoring(20, [A.bank3]), "BAD_USER_INPUT", "BANK_NOT_ACTIVE", /suspended/],
        [
          "an addressee is not a bank",
          "sup1",
          factoring(20, [A.sup2]),
          "BAD_USER_INPUT",
          "BANK_NOT_A_BANK",
          /not a bank/,
        ],
        ["the order is another supplier's", "sup1", orderApp(4), "FORBIDDEN", "NOT_ASSET_HOLDER", /only its supplier/],
      ];
      for (const [title, actor, input, code, reason, message] of cases) {
        it(`refuses a draft when ${title}, storing nothing`, async () => {
          const [before] = await rows(api, "select count(*)::int as n from financing_applications");
          const error = failure(
            await call(actor, `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }`, {
              input,
            }),
          );
          expect(error).to.include({ code, reason });
          expect(error.message).to.match(message);
          const [after] = await rows(api, "select count(*)::int as n from financing_applications");
          expect(after.n).to.equal(before.n);
        });
      }

      it("refuses an update that addresses a bank that is not an active bank, keeping the draft", async () => {
        const id = await create(api, "sup1", factoring(20));
        for (const banks of [[A.bank3], [A.sup2]]) {
          const error = failure(
            await call(
              "sup1",
              `mutation($id: ID!, $banks: [String!]) { updateApplication(id: $id, input: { banks: $banks }) { id } }`,
              {
                id,
                banks,
              },
            ),
          );
          expect(error.code).to.equal("BAD_USER_INPUT");
        }
        const decisions = await rows(
          api,
          `select bank from application_decisions where application_id = ${Number(id)}`,
        );
        expect(decisions.map((d) => d.bank)).to.deep.equal([A.bank1]);
        ok(await call("sup1", M.withdraw, { id }));
      });
    });

    describe("eligibility at submission", () => {
      it("checks the asset and the banks again: they may have changed since the draft", async () => {
        const id = await create(api, "sup1", factoring(20));
        const changes: [string, string, string, string][] = [
          [
            `update receivable_parts set holder = '${A.sup2}' where id = 20`,
            `update receivable_parts set holder = '${A.sup1}' where id = 20`,
            "FORBIDDEN",
            "NOT_ASSET_HOLDER",
          ],
          [
            `update members set status = 'Suspended' where address = '${A.bank1}'`,
            `update members set status = 'Active' where address = '${A.bank1}'`,
            "BAD_USER_INPUT",
            "BANK_NOT_ACTIVE",
          ],
        ];
        for (const [change, restore, code, reason] of changes) {
          await rows(api, change);
          try {
            expect(failure(await call("sup1", M.submit, { id }))).to.include({ code, reason });
            expect(await storedStatus(api, id)).to.equal("DRAFT");
          } finally {
            await rows(api, restore);
          }
        }
        ok(await call("sup1", M.withdraw, { id }));
      });

      const cases: [string, Actor, Record<string, unknown>, string, string, RegExp][] = [
        ["the part was redeemed", "sup1", factoring(8), "CONFLICT", "PART_NOT_ACTIVE", /Redeemed/],
        [
          "the receivable is not Outstanding",
          "sup1",
          factoring(2),
          "CONFLICT",
          "RECEIVABLE_NOT_OUTSTANDING",
          /Overdue/,
        ],
        [
          "the receivable matures within a day",
          "sup1",
          factoring(3),
          "CONFLICT",
          "MATURITY_TOO_CLOSE",
          /more than 1 day/,
        ],
        ["the obligor is blacklisted", "sup1", factoring(4), "CONFLICT", "OBLIGOR_BLACKLISTED", /blacklisted/],
        ["the obligor is suspended", "sup1", factoring(9), "CONFLICT", "OBLIGOR_NOT_ACTIVE", /not an active member/],
        ["the order is not confirmed", "sup1", orderApp(2), "CONFLICT", "ORDER_NOT_CONFIRMED", /Pending/],
        ["the order carries a lien", "sup1", orderApp(3), "CONFLICT", "ORDER_LIENED", /lien/],
        ["the receipt was released", "sup1", receiptApp(4), "CONFLICT", "RECEIPT_NOT_ACTIVE", /Released/],
        ["the receipt's pledge is frozen", "sup1", receiptApp(2), "CONFLICT", "RECEIPT_FROZEN", /frozen/],
        ["the receipt is pledged to another bank", "sup1", receiptApp(3), "CONFLICT", "RECEIPT_PLEDGED", /pledged to/],
        [
          "the receipt is offered already",
          "sup1",
          receiptApp(5),
          "CONFLICT",
          "ASSET_ALREADY_OFFERED",
          /offered already/,
        ],
        [
          "the amount exceeds the valuation",
          "sup1",
          receiptApp(6, [A.bank1], { amount: "100001" }),
          "BAD_USER_INPUT",
          "EXCEEDS_LTV_CAP",
          /valuation/,
        ],
        [
          "the advance rounds to zero",
          "sup1",
          factoring(21, [A.bank1], { minAdvanceBps: 1 }),
          "BAD_USER_INPUT",
          "AMOUNT_ZERO",
          /rounds down to 0/,
        ],
      ];
      for (const [title, actor, input, code, reason, message] of cases) {
        it(`refuses when ${title}, and the draft stays a DRAFT`, async () => {
          const id = await create(api, actor, input);
          const error = failure(await call(actor, M.submit, { id }));
          expect(error).to.include({ code, reason });
          expect(error.message).to.match(message);
          expect(await storedStatus(api, id)).to.equal("DRAFT");
          const [quote] = await rows(api, `select quote from financing_applications where id = ${Number(id)}`);
          expect(quote.quote).to.equal(null);
        });
      }

      it("refuses an asset in another open application", async () => {
        const first = await create(api, "sup1", factoring(22));
        await submit(api, "sup1", first);
        const second = await create(api, "sup1", factoring(22));
        expect(failure(await call("sup1", M.submit, { id: second }))).to.include({
          code: "CONFLICT",
          reason: "ASSET_IN_OPEN_APPLICATION",
        });
      });

      it("refuses bounds that do not fit the product", async () => {
        const bad: [Record<string, unknown>, string][] = [
          [orderApp(5, [A.bank1], { tenorDays: 181 }), "tenorDays"],
          [orderApp(5, [A.bank1], { tenorDays: 0 }), "tenorDays"],
          [factoring(23, [A.bank1], { minAdvanceBps: 10_001 }), "minAdvanceBps"],
          [factoring(23, [A.bank1], { tenorDays: 30 }), "tenorDays"],
          [factoring(23, [A.bank1], { maxRateBps: 100 }), "maxRateBps"],
          [receiptApp(6, [A.bank1], { amount: "0" }), "amount"],
          [factoring(23, [A.bank1, A.bank1]), "banks"],
          [factoring(23, [A.bank1], { expiresAt: new Date(Date.now() - 1000).toISOString() }), "expiresAt"],
        ];
        for (const [input, argument] of bad) {
          const result = await api.gql(
            "sup1",
            `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }`,
            {
              input,
            },
          );
          const error = failure(result);
          expect(error.code, JSON.stringify(input)).to.equal("BAD_USER_INPUT");
          expect(result.errors![0].extensions!.argument).to.equal(argument);
        }
      });
    });

    describe("transitions", () => {
      it("refuses every transition the table does not allow", async () => {
        const id = await create(api, "sup1", factoring(24, [A.bank1, A.bank2]));
        // A draft is invisible to the banks.
        expect(failure(await call("bank1", M.open, { id })).code).to.equal("NOT_FOUND");
        await submit(api, "sup1", id);
        for (const q of [M.update, M.submit]) {
          expect(failure(await call("sup1", q, { id }))).to.include({ code: "CONFLICT", reason: "INVALID_TRANSITION" });
        }
        expect(failure(await call("sup1", M.execution, { id, bank: A.bank1 }))).to.include({ code: "CONFLICT" });
        expect(failure(await call("bank1", M.acceptance, { id })).code).to.equal("CONFLICT");
        ok(await call("bank1", M.open, { id }));
        expect(failure(await call("bank1", M.open, { id }))).to.include({
          code: "CONFLICT",
          reason: "INVALID_TRANSITION",
        });
        ok(await call("bank1", M.approveFactoring, { id }));
        // An approved decision is final for its bank.
        expect(failure(await call("bank1", M.reject, { id })).code).to.equal("CONFLICT");
        expect(failure(await call("bank1", M.approveFactoring, { id })).code).to.equal("CONFLICT");
        // The applicant cannot execute with a bank that has not approved.
        expect(failure(await call("sup1", M.execution, { id, bank: A.bank2 }))).to.include({
          reason: "BANK_NOT_APPROVED",
        });
        ok(await call("bank2", M.reject, { id }));
        // bank1 approved: one rejection does not reject the application.
        expect(await storedStatus(api, id)).to.equal("APPROVED");
        ok(await call("sup1", M.withdraw, { id }));
        for (const [actor, q] of [
          ["sup1", M.withdraw],
          ["sup1", M.update],
          ["bank1", M.reject],
        ] as const) {
          expect(failure(await call(actor, q, { id })).code).to.equal("CONFLICT");
        }
      });

      it("rejects the application when every addressed bank rejected it, with the reasons", async () => {
        const id = await create(api, "sup1", orderApp(5, [A.bank1, A.bank2]));
        await submit(api, "sup1", id);
        expect(
          failure(
            await call("bank1", `mutation($id: ID!) { rejectApplication(id: $id, reason: "  ") { status } }`, { id }),
          ),
        ).to.include({
          code: "BAD_USER_INPUT",
        });
        expect(ok(await call("bank1", M.reject, { id })).rejectApplication.status).to.equal("SUBMITTED");
        expect(ok(await call("bank2", M.reject, { id })).rejectApplication.status).to.equal("REJECTED");
        const app = ok(await call("sup1", M.read, { id })).application;
        expect(app.decisions.map((d: any) => d.reason)).to.deep.equal([
          "concentration too high",
          "concentration too high",
        ]);
        expect(failure(await call("bank1", M.approveOrder, { id })).code).to.equal("CONFLICT");
        expect(failure(await call("sup1", M.withdraw, { id })).code).to.equal("CONFLICT");
      });

      it("refuses terms outside the bounds, the credit limits or the caps, changing nothing", async () => {
        const id = await create(api, "sup1", orderApp(6, [A.bank1, A.bank2]));
        await submit(api, "sup1", id);
        const approve = (actor: Actor, terms: string) =>
          call(actor, `mutation($id: ID!) { approveApplication(id: $id, terms: ${terms}) { status } }`, { id });
        expect(failure(await approve("bank1", "{ advanceBps: 6000, rateBps: 700 }"))).to.include({
          code: "BAD_USER_INPUT",
        });
        expect(failure(await approve("bank1", "{ advanceBps: 7500, rateBps: 900 }"))).to.include({
          code: "BAD_USER_INPUT",
        });
        expect(failure(await approve("bank1", "{ advanceBps: 7500 }"))).to.include({ code: "BAD_USER_INPUT" });
        expect(failure(await approve("bank1", "{ advanceBps: 7500, rateBps: 700, ltvBps: 5000 }"))).to.include({
          code: "BAD_USER_INPUT",
        });
        // bank2's borrower line for sup1 is 100: far below the principal.
        const limit = failure(await approve("bank2", "{ advanceBps: 7500, rateBps: 700 }"));
        expect(limit).to.include({ code: "CONFLICT", reason: "CREDIT_LIMIT_EXCEEDED" });
        expect(limit.message).to.match(/Borrower limit/);
        // bank4 has no lines at all; it is not addressed either.
        expect(await storedStatus(api, id)).to.equal("SUBMITTED");
        const [d] = await rows(
          api,
          `select count(*)::int as n from application_decisions where application_id = ${Number(id)} and status <> 'PENDING'`,
        );
        expect(d.n).to.equal(0);
      });
    });

    describe("races", () => {
      it("lets two banks approve at once", async () => {
        const id = await create(api, "sup1", factoring(10, [A.bank1, A.bank2]));
        await submit(api, "sup1", id);
        const results = await Promise.all([
          call("bank1", M.approveFactoring, { id }),
          call("bank2", M.approveFactoring, { id }),
        ]);
        results.forEach((r) => ok(r));
        const app = ok(await call("sup1", M.read, { id })).application;
        expect(app.status).to.equal("APPROVED");
        expect(app.decisions.map((d: any) => d.status)).to.deep.equal(["APPROVED", "APPROVED"]);
        const history = await rows(
          api,
          `select from_status, to_status from application_history where application_id = ${Number(id)} and bank is null order by id`,
        );
        expect(history.filter((h) => h.to_status === "APPROVED")).to.have.length(1);
      });

      it("lets one bank approve only once when it approves twice at once", async () => {
        const id = await create(api, "sup1", factoring(11, [A.bank1]));
        await submit(api, "sup1", id);
        const results = await Promise.all([
          call("bank1", M.approveFactoring, { id }),
          call("bank1", M.approveFactoring, { id }),
        ]);
        const failed = results.filter((r) => r.errors);
        expect(failed).to.have.length(1);
        expect(failure(failed[0]).code).to.equal("CONFLICT");
        const history = await rows(
          api,
          `select * from application_history where application_id = ${Number(id)} and bank is not null`,
        );
        expect(history).to.have.length(1);
      });

      it("keeps approve vs withdraw consistent, whichever wins", async () => {
        const id = await create(api, "sup1", factoring(12, [A.bank1]));
        await submit(api, "sup1", id);
        const [approved, withdrawn] = await Promise.all([
          call("bank1", M.approveFactoring, { id }),
          call("sup1", M.withdraw, { id }),
        ]);
        ok(withdrawn);
        expect(await storedStatus(api, id)).to.equal("WITHDRAWN");
        const [decision] = await rows(
          api,
          `select status from application_decisions where application_id = ${Number(id)}`,
        );
        if (approved.errors) {
          expect(failure(approved).code).to.equal("CONFLICT");
          expect(decision.status).to.equal("PENDING");
        } else {
          expect(decision.status).to.equal("APPROVED");
        }
        // Withdrawn first, then approved: CONFLICT and nothing changed.
        const id2 = await create(api, "sup1", factoring(13, [A.bank1]));
        await submit(api, "sup1", id2);
        ok(await call("sup1", M.withdraw, { id: id2 }));
        expect(failure(await call("bank1", M.approveFactoring, { id: id2 }))).to.include({
          code: "CONFLICT",
          reason: "INVALID_TRANSITION",
        });
        const [d2] = await rows(api, `select status from application_decisions where application_id = ${Number(id2)}`);
        expect(d2.status).to.equal("PENDING");
      });

      it("lets only one of two applications on one asset be submitted at once", async () => {
        const a = await create(api, "sup1", factoring(14));
        const b = await create(api, "sup1", factoring(14));
        const results = await Promise.all([call("sup1", M.submit, { id: a }), call("sup1", M.submit, { id: b })]);
        expect(results.filter((r) => !r.errors)).to.have.length(1);
        const failed = results.find((r) => r.errors)!;
        expect(failure(failed)).to.include({ code: "CONFLICT", reason: "ASSET_IN_OPEN_APPLICATION" });
        expect([await storedStatus(api, a), await storedStatus(api, b)].sort()).to.deep.equal(["DRAFT", "SUBMITTED"]);
      });
    });

    describe("who may not", () => {
      let id: string;
      before(async () => {
        id = await create(api, "sup1", factoring(15, [A.bank1]));
        await submit(api, "sup1", id);
      });

      it("refuses a bank or a warehouse applying", async () => {
        for (const actor of ["bank1", "warehouse"] as const) {
          const r = await api.gql(
            actor,
            `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }`,
            {
              input: factoring(16),
            },
          );
          expect(failure(r).code, actor).to.equal("FORBIDDEN");
        }
        // A core enterprise may factor, but order financing is the supplier's.
        const r = await api.gql(
          "core1",
          `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }`,
          {
            input: orderApp(7),
          },
        );
        expect(failure(r).code).to.equal("FORBIDDEN");
      });

      it("refuses the supplier deciding and the bank acting for the applicant", async () => {
        for (const q of [M.open, M.approveFactoring, M.reject, M.acceptance]) {
          expect(failure(await call("sup1", q, { id })).code, q).to.equal("FORBIDDEN");
        }
        for (const q of [M.update, M.withdraw]) {
          expect(failure(await call("bank1", q, { id })).code, q).to.equal("FORBIDDEN");
        }
        expect(failure(await call("bank1", M.execution, { id, bank: A.bank1 })).code).to.equal("FORBIDDEN");
      });

      it("refuses a bank the application is not addressed to", async () => {
        for (const q of [M.open, M.approveFactoring, M.reject, M.acceptance]) {
          expect(failure(await call("bank4", q, { id })).code, q).to.equal("FORBIDDEN");
        }
        expect(failure(await call("bank4", M.read, { id })).code).to.equal("NOT_FOUND");
      });

      it("refuses the regulator every mutation, and lets it read everything", async () => {
        for (const q of [M.update, M.submit, M.withdraw, M.open, M.approveFactoring, M.reject, M.acceptance]) {
          expect(failure(await call("regulator", q, { id })).code, q).to.equal("FORBIDDEN");
        }
        expect(failure(await call("regulator", M.execution, { id, bank: A.bank1 })).code).to.equal("FORBIDDEN");
        const r = await api.gql(
          "regulator",
          `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }`,
          {
            input: factoring(16),
          },
        );
        expect(failure(r).code).to.equal("FORBIDDEN");
        expect(ok(await call("regulator", M.read, { id })).application.status).to.equal("SUBMITTED");
        const all = ok(await api.gql("regulator", `{ applications(first: 500) { totalCount } }`));
        const own = ok(await api.gql("sup1", `{ applications(first: 500) { totalCount } }`));
        expect(all.applications.totalCount).to.equal(own.applications.totalCount);
        expect(all.applications.totalCount).to.be.greaterThan(0);
      });

      it("shows a stranger nothing and an anonymous caller nothing", async () => {
        expect(failure(await call("sup2", M.read, { id })).code).to.equal("NOT_FOUND");
        expect(failure(await call("sup2", M.submit, { id })).code).to.equal("NOT_FOUND");
        expect(
          ok(await api.gql("sup2", `{ applications { totalCount edges { node { id } } } }`)).applications.totalCount,
        ).to.equal(0);
        expect(failure(await call(null, M.read, { id })).code).to.equal("UNAUTHENTICATED");
        expect(failure(await api.gql("sup1", `{ applicationQueue { totalCount } }`)).code).to.equal("FORBIDDEN");
      });
    });

    describe("expiry and the chain", () => {
      it("expires an application past expiresAt without execution", async () => {
        const id = await create(api, "sup1", factoring(17, [A.bank1]));
        await submit(api, "sup1", id);
        ok(await call("bank1", M.approveFactoring, { id }));
        await rows(
          api,
          `update financing_applications set expires_at = now() - interval '1 minute' where id = ${Number(id)}`,
        );
        await api.reconciler.reconcile();
        expect(await storedStatus(api, id)).to.equal("EXPIRED");
        const [last] = await rows(
          api,
          `select actor, from_status, to_status from application_history where application_id = ${Number(id)} order by id desc limit 1`,
        );
        expect(last).to.deep.equal({ actor: "system", from_status: "APPROVED", to_status: "EXPIRED" });
        expect(failure(await call("sup1", M.execution, { id, bank: A.bank1 })).code).to.equal("CONFLICT");
        // The asset is free again.
        const again = await create(api, "sup1", factoring(17, [A.bank1]));
        expect((await submit(api, "sup1", again)).status).to.equal("SUBMITTED");
      });

      it("follows an on-chain decline and an on-chain withdrawal", async () => {
        const declined = await create(api, "sup1", factoring(18, [A.bank1]));
        const withdrawn = await create(api, "sup1", factoring(19, [A.bank1]));
        for (const [id, dealId, part] of [
          [declined, 51, 18],
          [withdrawn, 52, 19],
        ] as const) {
          await submit(api, "sup1", id);
          ok(await call("bank1", M.approveFactoring, { id }));
          const [app] = await rows(api, `select expires_at from financing_applications where id = ${Number(id)}`);
          await api.indexFinancing(
            financingRow({
              product: "FACTORING",
              id: dealId,
              assetType: "part",
              assetId: part,
              party: A.sup1,
              bank: A.bank1,
              status: "Offered",
              requestedAmount: "100000",
              minAdvanceBps: 9000,
              maxRateBps: 1000,
              recourse: false,
              expiresAt: new Date(app.expires_at),
            }),
          );
        }
        // With a live on-chain offer, the applicant withdraws on chain, not here.
        expect(failure(await call("sup1", M.withdraw, { id: withdrawn }))).to.include({
          code: "CONFLICT",
          reason: "LIVE_ONCHAIN_OFFER",
        });
        await api.updateFinancing("FACTORING", 51, {
          status: "Declined",
          declineReason: "no appetite",
          closedAt: new Date(),
        });
        await api.updateFinancing("FACTORING", 52, { status: "Withdrawn", closedAt: new Date() });
        await api.reconciler.reconcile();
        const d = ok(await call("sup1", M.read, { id: declined })).application;
        expect(d.status).to.equal("REJECTED");
        expect(d.decisions[0].status).to.equal("REJECTED");
        expect(d.decisions[0].reason).to.match(/declined on chain \(FACTORING #51\): no appetite/);
        expect(await storedStatus(api, withdrawn)).to.equal("WITHDRAWN");
      });
    });
  });
}
