/**
 * Withdrawing and declining a live on-chain offer through the API, on PGlite and PostgreSQL: the
 * prepared Factoring/LoanBook withdraw and decline decoded with the contracts' Interfaces, each
 * refusal (nothing offered yet, a bank that did not approve, a reason that does not fit in bytes32, a
 * seller the part cannot go back to, an offer no longer live), every role that may not, and the
 * application following once the indexer records the Withdrawn/Declined row.
 */
import { expect } from "chai";
import { decodeBytes32String, encodeBytes32String } from "ethers";
import { Factoring__factory, OrderFinancing__factory, ReceiptFinancing__factory } from "../../../typechain-types";
import { TX } from "../support/steps";
import { approve, create, orderInput, receiptInput, rows, storedStatus, submit } from "./queries";
import {
  A,
  DAY,
  expectConflict,
  failure,
  financingRow,
  ok,
  orderRequestRow,
  receiptRequestRow,
  startAppsApi,
  type Actor,
  type AppsApi,
} from "./support";

const factoringIface = Factoring__factory.createInterface();
const orderIface = OrderFinancing__factory.createInterface();
const receiptIface = ReceiptFinancing__factory.createInterface();

const M = {
  withdraw: `mutation($id: ID!, $bank: String!) { offerWithdrawalTransactions(id: $id, bank: $bank) { ${TX} } }`,
  decline: `mutation($id: ID!, $reason: String!) { declineTransactions(id: $id, reason: $reason) { ${TX} } }`,
  read: `query($id: ID!) { application(id: $id) { status decisions { bank status reason financingId financingStatus } } }`,
};

/** Whole seconds, as stored and as the on-chain offer carries it. */
const future = () => new Date(Math.floor((Date.now() + 20 * DAY) / 1000) * 1000);

for (const kind of ["pglite", "postgres"] as const) {
  describe(`applications: withdrawing and declining on-chain offers (${kind})`, function () {
    let api: AppsApi;
    before(async () => {
      api = await startAppsApi(kind);
    });
    after(async () => {
      await api?.close();
    });

    const withdraw = (actor: Actor | null, id: string, bank: string) => api.gql(actor, M.withdraw, { id, bank });
    const decline = (actor: Actor | null, id: string, reason: string) => api.gql(actor, M.decline, { id, reason });
    /** An application of sup1 approved by bank1 with `terms`, and its live request `row` indexed. */
    const requested = async (
      input: Record<string, unknown>,
      terms: string,
      row: ReturnType<typeof financingRow>,
    ): Promise<string> => {
      const id = await create(api, "sup1", input);
      await submit(api, "sup1", id);
      await approve(api, id, terms);
      await api.indexFinancing(row);
      return id;
    };
    const expiryOf = async (id: string) => {
      const [app] = await rows(api, `select expires_at from financing_applications where id = ${Number(id)}`);
      return new Date(app.expires_at);
    };
    const tables = async () =>
      JSON.stringify([
        await rows(api, `select id, status, updated_at from financing_applications order by id`),
        await rows(api, `select application_id, bank, status, financing_id from application_decisions order by 1, 2`),
        await rows(api, `select count(*)::int as n from application_history`),
      ]);

    describe("FACTORING", () => {
      let id: string;
      let expiry: Date;
      before(async () => {
        expiry = future();
        id = await create(api, "sup1", {
          product: "FACTORING",
          assetId: "20",
          banks: [A.bank1, A.bank2],
          minAdvanceBps: 8000,
          maxDiscountBps: 1200,
          expiresAt: expiry.toISOString(),
        });
        await submit(api, "sup1", id);
        await approve(api, id, "{ advanceBps: 9000, discountBps: 1000 }");
      });

      it("refuses both before the offer is indexed", async () => {
        expectConflict(await withdraw("sup1", id, A.bank1), "OFFER_NOT_INDEXED");
        expectConflict(await decline("bank1", id, "no appetite"), "OFFER_NOT_INDEXED");
        await api.indexFinancing(
          financingRow({
            product: "FACTORING",
            id: 61,
            assetType: "part",
            assetId: 20,
            receivableId: 20,
            party: A.sup1,
            bank: A.bank1,
            obligor: A.core1,
            status: "Offered",
            requestedAmount: "100000",
            minAdvanceBps: 9000,
            maxRateBps: 1000,
            recourse: false,
            expiresAt: expiry,
          }),
        );
      });

      it("prepares Factoring.withdraw(dealId) for the applicant", async () => {
        const txs = ok(await withdraw("sup1", id, A.bank1)).offerWithdrawalTransactions;
        expect(txs).to.have.length(1);
        expect(txs[0]).to.include({
          chainId: api.config.chainId,
          from: A.sup1,
          to: api.config.deployment.contracts.factoring,
          method: "factoring.withdraw",
          value: "0",
        });
        expect(txs[0].description).to.match(/Withdraw offer 61 of receivable part 20/);
        const call = factoringIface.parseTransaction({ data: txs[0].data })!;
        expect(call.name).to.equal("withdraw");
        expect(call.args.map(String)).to.deep.equal(["61"]);
      });

      it("prepares Factoring.decline(dealId, reasonRef) for the addressed bank, the reason as bytes32 text", async () => {
        const txs = ok(await decline("bank1", id, "  no appetite ")).declineTransactions;
        expect(txs).to.have.length(1);
        expect(txs[0]).to.include({
          from: A.bank1,
          to: api.config.deployment.contracts.factoring,
          method: "factoring.decline",
        });
        const call = factoringIface.parseTransaction({ data: txs[0].data })!;
        expect(call.name).to.equal("decline");
        expect(String(call.args[0])).to.equal("61");
        expect(call.args[1]).to.equal(encodeBytes32String("no appetite"));
        expect(decodeBytes32String(call.args[1])).to.equal("no appetite");
        // 31 bytes is the most bytes32 text holds (multi-byte characters count as bytes).
        const longest = "é".repeat(15) + "x";
        const tx = ok(await decline("bank1", id, longest)).declineTransactions[0];
        expect(decodeBytes32String(factoringIface.parseTransaction({ data: tx.data })!.args[1])).to.equal(longest);
      });

      it("refuses a reason that is empty, blank or longer than 31 bytes", async () => {
        for (const reason of ["", "   ", "r".repeat(32), "é".repeat(16), "a\u0000b"]) {
          expect(failure(await decline("bank1", id, reason)).code, JSON.stringify(reason)).to.equal("BAD_USER_INPUT");
        }
      });

      it("refuses every role that may not withdraw, changing nothing", async () => {
        const before = await tables();
        // The bank, the regulator and the warehouse are not the applicant.
        expect(failure(await withdraw("bank1", id, A.bank1)).code).to.equal("FORBIDDEN");
        expect(failure(await withdraw("regulator", id, A.bank1)).code).to.equal("FORBIDDEN");
        // A bank it is not addressed to and strangers do not see it.
        for (const actor of ["bank4", "sup2", "core1", "warehouse"] as const) {
          expect(failure(await withdraw(actor, id, A.bank1)).code, actor).to.equal("NOT_FOUND");
        }
        expect(failure(await withdraw(null, id, A.bank1)).code).to.equal("UNAUTHENTICATED");
        // The applicant naming a bank that did not approve, or one not addressed.
        expectConflict(await withdraw("sup1", id, A.bank2), "BANK_NOT_APPROVED");
        expect(failure(await withdraw("sup1", id, A.bank4)).code).to.equal("BAD_USER_INPUT");
        expect(failure(await withdraw("sup1", "987654", A.bank1)).code).to.equal("NOT_FOUND");
        expect(await tables()).to.equal(before);
      });

      it("refuses every role that may not decline, changing nothing", async () => {
        const before = await tables();
        // Not banks at all.
        for (const actor of ["sup1", "sup2", "core1", "warehouse", "regulator"] as const) {
          expect(failure(await decline(actor, id, "no")).code, actor).to.equal("FORBIDDEN");
        }
        // A bank it is not addressed to.
        expect(failure(await decline("bank4", id, "no")).code).to.equal("FORBIDDEN");
        // An addressed bank that did not approve: nothing was offered to it.
        expectConflict(await decline("bank2", id, "no"), "BANK_NOT_APPROVED");
        expect(failure(await decline(null, id, "no")).code).to.equal("UNAUTHENTICATED");
        expect(failure(await decline("bank1", "987654", "no")).code).to.equal("NOT_FOUND");
        expect(await tables()).to.equal(before);
      });

      it("refuses a decline while the part cannot go back to a suspended seller, unless the receivable is paid", async () => {
        await rows(api, `update members set status = 'Suspended' where address = '${A.sup1}'`);
        try {
          expectConflict(await decline("bank1", id, "no"), "SELLER_NOT_ACTIVE");
          // Paid: the contract redeems the part and pays or holds the proceeds, which nothing blocks.
          await rows(api, `update receivables set status = 'Paid' where id = 20`);
          expect(ok(await decline("bank1", id, "no")).declineTransactions).to.have.length(1);
        } finally {
          await rows(api, `update members set status = 'Active' where address = '${A.sup1}'`);
          await rows(api, `update receivables set status = 'Outstanding' where id = 20`);
        }
      });

      it("follows the indexed withdrawal: the application is WITHDRAWN and nothing is live any more", async () => {
        await api.updateFinancing("FACTORING", 61, { status: "Withdrawn", closedAt: new Date() });
        await api.reconciler.reconcile();
        expect(await storedStatus(api, id)).to.equal("WITHDRAWN");
        expectConflict(await withdraw("sup1", id, A.bank1), "OFFER_NOT_INDEXED");
        expectConflict(await decline("bank1", id, "late"), "OFFER_NOT_INDEXED");
      });
    });

    describe("ORDER_FINANCING", () => {
      it("prepares OrderFinancing.decline for the bank and follows the indexed decline", async () => {
        const expiry = future();
        const id = await requested(
          orderInput("5", 90, expiry),
          "{ advanceBps: 7500, rateBps: 700 }",
          orderRequestRow(71, 5, 90, expiry),
        );
        const [tx] = ok(await decline("bank1", id, "sector limit")).declineTransactions;
        expect(tx).to.include({
          from: A.bank1,
          to: api.config.deployment.contracts.orderFinancing,
          method: "orderFinancing.decline",
        });
        const call = orderIface.parseTransaction({ data: tx.data })!;
        expect(call.name).to.equal("decline");
        expect(String(call.args[0])).to.equal("71");
        expect(decodeBytes32String(call.args[1])).to.equal("sector limit");
        const [w] = ok(await withdraw("sup1", id, A.bank1)).offerWithdrawalTransactions;
        expect(w).to.include({ from: A.sup1, method: "orderFinancing.withdraw" });
        expect(orderIface.parseTransaction({ data: w.data })!.args.map(String)).to.deep.equal(["71"]);

        // The indexer records LoanDeclined: the only bank declined, so the application is REJECTED.
        await api.updateFinancing("ORDER", 71, {
          status: "Declined",
          declineReason: "sector limit",
          closedAt: new Date(),
        });
        await api.reconciler.reconcile();
        const app = ok(await api.gql("sup1", M.read, { id })).application;
        expect(app.status).to.equal("REJECTED");
        expect(app.decisions[0]).to.include({ bank: A.bank1, status: "REJECTED" });
        expect(app.decisions[0].reason).to.match(/declined on chain \(ORDER #71\): sector limit/);
        expectConflict(await decline("bank1", id, "again"), "INVALID_TRANSITION");
        expectConflict(await withdraw("sup1", id, A.bank1), "INVALID_TRANSITION");
      });
    });

    describe("RECEIPT_LOAN", () => {
      it("prepares ReceiptFinancing.withdraw, also once the application expired with the request still live", async () => {
        const expiry = future();
        const id = await requested(
          receiptInput("6", "10000", 60, expiry),
          "{ ltvBps: 7000, rateBps: 800 }",
          receiptRequestRow(81, 6, "10000", 60, expiry),
        );
        const [tx] = ok(await withdraw("sup1", id, A.bank1)).offerWithdrawalTransactions;
        expect(tx).to.include({
          from: A.sup1,
          to: api.config.deployment.contracts.receiptFinancing,
          method: "receiptFinancing.withdraw",
        });
        const call = receiptIface.parseTransaction({ data: tx.data })!;
        expect(call.name).to.equal("withdraw");
        expect(call.args.map(String)).to.deep.equal(["81"]);

        // The request lapses on chain (the contract's withdraw has no expiry check) and the
        // application expires: the request still pledges the receipt, so both steps stay available.
        const past = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000);
        await rows(
          api,
          `update financing_applications set expires_at = '${past.toISOString()}' where id = ${Number(id)}`,
        );
        await api.updateFinancing("RECEIPT", 81, { expiresAt: past });
        expect(+(await expiryOf(id))).to.equal(+past);
        await api.reconciler.reconcile();
        expect(await storedStatus(api, id)).to.equal("EXPIRED");
        const [late] = ok(await withdraw("sup1", id, A.bank1)).offerWithdrawalTransactions;
        expect(receiptIface.parseTransaction({ data: late.data })!.args.map(String)).to.deep.equal(["81"]);
        const [declined] = ok(await decline("bank1", id, "lapsed")).declineTransactions;
        expect(declined.method).to.equal("receiptFinancing.decline");

        // Withdrawn on chain: the application stays EXPIRED and nothing is live.
        await api.updateFinancing("RECEIPT", 81, { status: "Withdrawn", closedAt: new Date() });
        await api.reconciler.reconcile();
        expect(await storedStatus(api, id)).to.equal("EXPIRED");
        expectConflict(await withdraw("sup1", id, A.bank1), "OFFER_NOT_INDEXED");
      });

      it("refuses both on an application no bank approved yet", async () => {
        const id = await create(api, "sup1", receiptInput("1", "10000", 60, future()));
        await submit(api, "sup1", id);
        expectConflict(await withdraw("sup1", id, A.bank1), "INVALID_TRANSITION");
        expectConflict(await decline("bank1", id, "no"), "INVALID_TRANSITION");
      });
    });
  });
}
