/**
 * Financing applications end to end through GraphQL, on PGlite and PostgreSQL: each product from
 * creation to EXECUTED (the reconciler driven by the financings rows the indexer would write), the
 * stored quote against a hand computation with pricing.ts, the risk summary, and the prepared
 * transactions decoded with the contracts' ethers Interfaces.
 */
import { expect } from "chai";
import { decodeBytes32String } from "ethers";
import { factoringPrice, interest, applyRateDown } from "../../../scripts/lib/pricing";
import {
  Factoring__factory,
  OrderFinancing__factory,
  ReceiptFinancing__factory,
  SettlementToken__factory,
} from "../../../typechain-types";
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
  type AppsApi,
} from "./support";
import {
  approve,
  approveCall,
  create,
  executionTransactions,
  orderInput,
  receiptInput,
  rows,
  storedStatus,
  submit,
} from "./queries";

const factoringIface = Factoring__factory.createInterface();
const orderIface = OrderFinancing__factory.createInterface();
const receiptIface = ReceiptFinancing__factory.createInterface();
const tokenIface = SettlementToken__factory.createInterface();

for (const kind of ["pglite", "postgres"] as const) {
  describe(`applications: products end to end (${kind})`, function () {
    let api: AppsApi;
    before(async () => {
      api = await startAppsApi(kind);
    });
    after(async () => {
      await api?.close();
    });

    const expiresAt = () => new Date(Math.floor((Date.now() + 30 * DAY) / 1000) * 1000);

    it("runs FACTORING from DRAFT to EXECUTED", async () => {
      const expiry = expiresAt();
      const id = await create(api, "sup1", {
        product: "FACTORING",
        assetId: "102",
        banks: [A.bank1, A.bank2],
        minAdvanceBps: 8000,
        maxDiscountBps: 1200,
        recourseAccepted: true,
        expiresAt: expiry.toISOString(),
      });
      const updated = ok(
        await api.gql(
          "sup1",
          `mutation($id: ID!) { updateApplication(id: $id, input: { documentIds: ["doc-1"] }) { status documentIds } }`,
          { id },
        ),
      );
      expect(updated.updateApplication).to.deep.equal({ status: "DRAFT", documentIds: ["doc-1"] });

      const submitted = await submit(api, "sup1", id);
      expect(submitted.status).to.equal("SUBMITTED");
      // The stored quote equals pricing.ts at the bounds, on the quote's own day.
      const q = submitted.quote;
      const asOf = Math.floor(Date.parse(q.asOf) / 1000);
      const maturity = Math.floor((await maturityOf(api, 1)) / 1000);
      const hand = factoringPrice(20_000n, 8000, 1200, asOf, maturity);
      expect(q).to.include({
        base: "20000",
        advanceBps: 8000,
        rateBps: 1200,
        advance: hand.advance.toString(),
        discount: hand.discount.toString(),
        proceeds: hand.price.toString(),
        days: Number(hand.days),
      });
      expect(hand.advance).to.equal(16_000n);

      // bank1 opens it and sees it in its queue, with the risk summary.
      expect(
        ok(await api.gql("bank1", `mutation($id: ID!) { openApplication(id: $id) { status } }`, { id })).openApplication
          .status,
      ).to.equal("UNDER_REVIEW");
      const queue = ok(
        await api.gql(
          "bank1",
          `{ applicationQueue(first: 50) { edges { node { id riskSummary {
              bank assetType lineage { partId parentId depth holder } confirmation { event by blockNumber txHash }
              borrowerHistory { financings maxDaysPastDue defaults }
              concentration { obligor shareBps }
              obligorLimit { counterparty kind exists remaining } borrowerLimit { kind exists remaining }
              factors { name value explanation } } } } } }`,
        ),
      );
      const item = queue.applicationQueue.edges.find((e: any) => e.node.id === id).node;
      const risk = item.riskSummary;
      expect(risk.bank).to.equal(A.bank1);
      expect(risk.lineage.map((s: any) => s.partId)).to.deep.equal(["102", "101", "1"]);
      expect(risk.lineage[0]).to.include({ parentId: "101", depth: 2, holder: A.sup1 });
      expect(risk.confirmation).to.include({ event: "ReceivableIssued", by: A.core1, blockNumber: 11 });
      expect(risk.obligorLimit).to.deep.equal({
        counterparty: A.core1,
        kind: "Obligor",
        exists: true,
        remaining: "1000000",
      });
      expect(risk.borrowerLimit).to.include({ kind: "Borrower", exists: true, remaining: "500000" });
      expect(risk.factors.map((f: any) => f.name)).to.include.members([
        "Lineage depth",
        "Borrower defaults",
        "Concentration on the obligor",
        "Remaining obligor limit",
      ]);
      expect(risk.factors.find((f: any) => f.name === "Lineage depth").value).to.equal("2");

      // bank1 approves within the bounds.
      const approved = ok(
        await api.gql(
          "bank1",
          `mutation($id: ID!) { approveApplication(id: $id, terms: { advanceBps: 9000, discountBps: 1000 }) {
              status decisions { bank status advanceBps rateBps withRecourse quote { advance discount proceeds } } } }`,
          { id },
        ),
      ).approveApplication;
      expect(approved.status).to.equal("APPROVED");
      // A bank sees its own decision only.
      expect(approved.decisions).to.have.length(1);
      expect(approved.decisions[0]).to.include({
        bank: A.bank1,
        status: "APPROVED",
        advanceBps: 9000,
        rateBps: 1000,
        withRecourse: false,
      });

      // The applicant's step: the offer to bank1 with the approved terms as bounds.
      const exec = ok(
        await api.gql(
          "sup1",
          `mutation($id: ID!, $bank: String!) { executionTransactions(id: $id, bank: $bank) { chainId from to data value method } }`,
          { id, bank: A.bank1 },
        ),
      ).executionTransactions;
      expect(exec).to.have.length(1);
      expect(exec[0]).to.include({
        from: A.sup1,
        to: api.config.deployment.contracts.factoring,
        method: "factoring.offer",
        value: "0",
      });
      const offer = factoringIface.parseTransaction({ data: exec[0].data })!;
      expect(offer.name).to.equal("offer");
      expect(offer.args.map(String)).to.deep.equal([
        "102",
        A.bank1,
        "9000",
        "1000",
        "false",
        String(expiry.getTime() / 1000),
      ]);

      // Before the offer is indexed, the bank cannot accept.
      expectConflict(
        await api.gql("bank1", `mutation($id: ID!) { acceptanceTransactions(id: $id) { data } }`, { id }),
        "OFFER_NOT_INDEXED",
      );

      // The indexer sees FactoringOffered.
      await api.indexFinancing(
        financingRow({
          product: "FACTORING",
          id: 41,
          assetType: "part",
          assetId: 102,
          receivableId: 1,
          party: A.sup1,
          bank: A.bank1,
          obligor: A.core1,
          status: "Offered",
          requestedAmount: "20000",
          minAdvanceBps: 9000,
          maxRateBps: 1000,
          recourse: false,
          expiresAt: expiry,
        }),
      );
      const accept = ok(
        await api.gql("bank1", `mutation($id: ID!) { acceptanceTransactions(id: $id) { from to data method } }`, {
          id,
        }),
      ).acceptanceTransactions;
      expect(accept.map((t: any) => t.method)).to.deep.equal(["settlementToken.approve", "factoring.accept"]);
      expect(accept.every((t: any) => t.from === A.bank1)).to.equal(true);
      const approval = tokenIface.parseTransaction({ data: accept[0].data })!;
      expect(approval.args.map(String)).to.deep.equal([
        api.config.deployment.contracts.factoring,
        String(applyRateDown(20_000n, 9000)),
      ]);
      const acceptCall = factoringIface.parseTransaction({ data: accept[1].data })!;
      expect(acceptCall.name).to.equal("accept");
      expect(acceptCall.args.slice(0, 4).map(String)).to.deep.equal(["41", "9000", "1000", "false"]);
      expect(decodeBytes32String(acceptCall.args[4])).to.equal(`scf-app:${id}`);

      // The indexer sees FactoringFunded: the reconciler executes the application.
      await api.updateFinancing("FACTORING", 41, {
        status: "Funded",
        fundedAt: new Date(),
        principal: "18000",
        outstanding: "18000",
        registryRef: `scf-app:${id}`,
      });
      expect(await api.reconciler.reconcile()).to.be.greaterThan(0);
      const done = ok(
        await api.gql(
          "sup1",
          `query($id: ID!) { application(id: $id) { status executedBank financing { product id } history { bank actor fromStatus toStatus } decisions { bank financingId financingStatus } } }`,
          { id },
        ),
      ).application;
      expect(done.status).to.equal("EXECUTED");
      expect(done.executedBank).to.equal(A.bank1);
      expect(done.financing).to.deep.equal({ product: "FACTORING", id: "41" });
      const appHistory = done.history
        .filter((h: any) => h.bank === null)
        .map((h: any) => `${h.fromStatus}>${h.toStatus}`);
      expect(appHistory).to.deep.equal([
        "null>DRAFT",
        "DRAFT>DRAFT",
        "DRAFT>SUBMITTED",
        "SUBMITTED>UNDER_REVIEW",
        "UNDER_REVIEW>APPROVED",
        "APPROVED>EXECUTED",
      ]);
      expect(done.history.at(-1).actor).to.equal("system");
      expect(done.decisions.find((d: any) => d.bank === A.bank1)).to.include({ financingId: "41" });
    });

    it("runs ORDER_FINANCING from DRAFT to EXECUTED", async () => {
      const expiry = expiresAt();
      const id = await create(api, "sup1", orderInput("1", 120, expiry));
      const submitted = await submit(api, "sup1", id);
      const principal = applyRateDown(50_000n, 7000);
      const owed = interest(principal, 800, 120n);
      expect(submitted.quote).to.include({
        base: "50000",
        advance: principal.toString(),
        interest: owed.toString(),
        proceeds: principal.toString(),
        repayment: (principal + owed).toString(),
        days: 120,
      });
      await approve(api, id, "{ advanceBps: 7500, rateBps: 700 }");
      const exec = await executionTransactions(api, "sup1", id, A.bank1);
      expect(exec[0].to).to.equal(api.config.deployment.contracts.orderFinancing);
      const request = orderIface.parseTransaction({ data: exec[0].data })!;
      expect(request.name).to.equal("request");
      expect(request.args.map(String)).to.deep.equal([
        "1",
        A.bank1,
        "7500",
        "700",
        "120",
        String(expiry.getTime() / 1000),
      ]);

      await api.indexFinancing(orderRequestRow(7, 1, 120, expiry));
      const accept = ok(
        await api.gql("bank1", `mutation($id: ID!) { acceptanceTransactions(id: $id) { data method } }`, { id }),
      ).acceptanceTransactions;
      const approval = tokenIface.parseTransaction({ data: accept[0].data })!;
      expect(approval.args.map(String)).to.deep.equal([
        api.config.deployment.contracts.orderFinancing,
        applyRateDown(50_000n, 7500).toString(),
      ]);
      const acceptCall = orderIface.parseTransaction({ data: accept[1].data })!;
      expect(acceptCall.name).to.equal("accept");
      expect(acceptCall.args.slice(0, 3).map(String)).to.deep.equal(["7", "7500", "700"]);
      expect(decodeBytes32String(acceptCall.args[3])).to.equal(`scf-app:${id}`);

      await api.updateFinancing("ORDER", 7, {
        status: "Active",
        fundedAt: new Date(),
        principal: "37500",
        outstanding: "37500",
      });
      await api.reconciler.reconcile();
      const done = ok(
        await api.gql("sup1", `query($id: ID!) { application(id: $id) { status financing { product id } } }`, { id }),
      ).application;
      expect(done).to.deep.equal({ status: "EXECUTED", financing: { product: "ORDER", id: "7" } });
    });

    it("runs RECEIPT_LOAN from DRAFT to EXECUTED, reconciled after the indexed block moves", async () => {
      const expiry = expiresAt();
      const id = await create(api, "sup1", receiptInput("1", "60000", 90, expiry));
      const submitted = await submit(api, "sup1", id);
      expect(submitted.quote).to.include({
        advance: "60000",
        interest: interest(60_000n, 900, 90n).toString(),
        days: 90,
      });
      // An LTV below what the amount needs is beyond the contract's cap.
      expect(failure(await approveCall(api, id, "{ ltvBps: 5000, rateBps: 800 }"))).to.include({
        code: "BAD_USER_INPUT",
        reason: "EXCEEDS_LTV_CAP",
      });
      await approve(api, id, "{ ltvBps: 7000, rateBps: 800 }");
      const exec = await executionTransactions(api, "sup1", id, A.bank1);
      const request = receiptIface.parseTransaction({ data: exec[0].data })!;
      expect(request.args.map(String)).to.deep.equal([
        "1",
        A.bank1,
        "60000",
        "800",
        "90",
        String(expiry.getTime() / 1000),
      ]);

      await api.indexFinancing(receiptRequestRow(31, 1, "60000", 90, expiry));
      const accept = ok(
        await api.gql("bank1", `mutation($id: ID!) { acceptanceTransactions(id: $id) { data } }`, { id }),
      ).acceptanceTransactions;
      expect(tokenIface.parseTransaction({ data: accept[0].data })!.args.map(String)).to.deep.equal([
        api.config.deployment.contracts.receiptFinancing,
        "60000",
      ]);
      const acceptCall = receiptIface.parseTransaction({ data: accept[1].data })!;
      expect(acceptCall.args.slice(0, 3).map(String)).to.deep.equal(["31", "7000", "800"]);
      expect(decodeBytes32String(acceptCall.args[3])).to.equal(`scf-app:${id}`);

      // Funded on chain; the reconciler runs by itself once the indexed block moves.
      await api.updateFinancing("RECEIPT", 31, {
        status: "Active",
        fundedAt: new Date(),
        principal: "60000",
        outstanding: "60000",
      });
      api.sync.update({ indexedBlock: 1000 });
      const deadline = Date.now() + 5000;
      let status = "";
      while (Date.now() < deadline) {
        status = await storedStatus(api, id);
        if (status === "EXECUTED") break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).to.equal("EXECUTED");
    });

    it("previews a quote at the bounds with quoteApplication, as pricing.ts computes it", async () => {
      const r = ok(
        await api.gql(
          "sup1",
          `{ quoteApplication(input: { product: FACTORING, assetId: "10", minAdvanceBps: 8500, maxDiscountBps: 1500 }) {
              asOf days base advance discount proceeds repayment } }`,
        ),
      ).quoteApplication;
      const asOf = Math.floor(Date.parse(r.asOf) / 1000);
      const hand = factoringPrice(100_000n, 8500, 1500, asOf, Math.floor((await maturityOf(api, 10)) / 1000));
      expect(r).to.deep.include({
        days: Number(hand.days),
        base: "100000",
        advance: hand.advance.toString(),
        discount: hand.discount.toString(),
        proceeds: hand.price.toString(),
        repayment: hand.advance.toString(),
      });
      // 85 % of 100 000, the discount rounded up: recomputed by hand without the library too.
      const days = BigInt(hand.days);
      const numerator = 85_000n * 1500n * days;
      expect(hand.discount).to.equal((numerator + 3_600_000n - 1n) / 3_600_000n);
    });
  });
}

async function maturityOf(api: AppsApi, receivableId: number): Promise<number> {
  const [row] = await rows(api, `select maturity from receivables where id = ${receivableId}`);
  return new Date(row.maturity).getTime();
}
