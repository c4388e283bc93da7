/**
 * End to end through the API, on a real chain with the real indexer, PGlite and PostgreSQL: members sign
 * in with their wallets (SIWE), register document keys derived from a wallet signature, upload encrypted
 * documents, and take every step by signing the transactions the API prepares. Two products run from
 * application to settlement:
 * - order financing: a tier-2 supplier's order to its tier-1 buyer, confirmed, prefinanced by a bank,
 *   delivered (the order becomes a receivable), paid at maturity by the buyer, the loan collected;
 * - factoring: a core enterprise confirms a payable, its supplier splits a part off to its own supplier,
 *   which sells it to one of two banks asked (the other rejects), and the obligor pays at maturity.
 * Along the way: alerts reach the right members, documents open only for the parties, the application
 * becomes EXECUTED only once the funding is indexed, and the audit log holds every mutation.
 */
import { expect } from "chai";
import { openDocument, unwrapKey } from "../../src/documents/envelope";
import { type DatabaseKind } from "../support/backend";
import { DAY, demoChain, endToEnd, eventArg, TX_FIELDS, type Actor } from "./support";

const ACTORS = { core: 1, tier1: 2, tier2: 3, bankA: 5, bankB: 6, regulator: 8 } as const;

describe("backend end to end: sign-in, documents, trade and financing workflows on a real chain", function () {
  const demo = demoChain();

  for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
    describe(`on ${kind}`, function () {
      const e2e = endToEnd(demo, kind, {
        name: "workflows",
        actors: ACTORS,
        documentText: "confidential trade document of the end-to-end test",
      });
      const { actors, post, gql, send, upload, waitForStatus, timeTravel, alertKinds, balanceOf } = e2e;

      async function openAs(actor: Actor, documentId: string): Promise<string> {
        const meta = await fetch(`${e2e.base}/documents/${documentId}`, {
          headers: { authorization: `Bearer ${actor.token}` },
        });
        if (meta.status !== 200) return `HTTP ${meta.status}`;
        const record = (await meta.json()) as any;
        const content = new Uint8Array(
          await (
            await fetch(`${e2e.base}/documents/${documentId}/content`, {
              headers: { authorization: `Bearer ${actor.token}` },
            })
          ).arrayBuffer(),
        );
        const documentKey = await unwrapKey(record.wrappedKey, actor.keys.privateKey, documentId, actor.address);
        const opened = await openDocument(documentKey, { id: documentId, commitment: record.commitment }, content);
        return new TextDecoder().decode(opened);
      }

      it("order financing: order with its document, confirmation, prefinancing, delivery, payment at maturity, collection", async function () {
        const { tier1, tier2, bankA, bankB, regulator } = actors;
        // The supplier uploads the order document for its buyer and submits the order.
        const orderDoc = await upload(tier2, `order-${kind}`, "ORDER", [tier1]);
        // The demo moved the chain's clock ahead: dates are the chain's.
        const now = Number((await demo.chain.provider.getBlock("latest"))!.timestamp);
        let receipt = await send(
          tier2,
          (
            await gql(tier2, `mutation($i: SubmitOrderInput!) { submitOrder(input: $i) { ${TX_FIELDS} } }`, {
              i: {
                buyer: tier1.address,
                orderNumber: `PO-E2E-${kind}`,
                amount: "10000000",
                deliveryDate: new Date((now + 10 * DAY) * 1000).toISOString(),
                paymentTermDays: 30,
                documentId: orderDoc.id,
              },
            })
          ).submitOrder,
        );
        const orderId = eventArg(receipt, "purchaseOrders", "OrderSubmitted", "orderId");
        const { purchaseOrder: order } = await gql(
          tier2,
          `query($id: ID!) { purchaseOrder(id: $id) { status documentHash } }`,
          { id: orderId },
          receipt.blockNumber,
        );
        expect(order).to.deep.equal({ status: "Pending", documentHash: orderDoc.commitment });
        expect(await alertKinds(tier1, `order:${orderId}`, receipt.blockNumber)).to.deep.equal([
          "CONFIRMATION_REQUESTED",
        ]);
        // The buyer and the regulator open the document; a bank that is not a party cannot.
        expect(await openAs(tier1, orderDoc.id)).to.include(`order-${kind}: confidential`);
        expect(await openAs(regulator, orderDoc.id)).to.include(`order-${kind}: confidential`);
        expect(await openAs(bankB, orderDoc.id)).to.equal("HTTP 404");

        // The buyer confirms.
        receipt = await send(
          tier1,
          (await gql(tier1, `mutation($id: ID!) { confirmOrder(orderId: $id) { ${TX_FIELDS} } }`, { id: orderId }))
            .confirmOrder,
        );

        // The supplier applies to bank B; B approves; the supplier makes the on-chain request, B funds it.
        const expiresAt = new Date((now + 5 * DAY) * 1000).toISOString();
        const { createApplication } = await gql(
          tier2,
          `mutation($i: CreateApplicationInput!) { createApplication(input: $i) { id status } }`,
          {
            i: {
              product: "ORDER_FINANCING",
              assetId: orderId,
              banks: [bankB.address],
              minAdvanceBps: 5000,
              maxRateBps: 1500,
              tenorDays: 90,
              expiresAt,
            },
          },
          receipt.blockNumber,
        );
        const appId = createApplication.id;
        const submitted = await gql(
          tier2,
          `mutation($id: ID!) { submitApplication(id: $id) { status quote { advance } } }`,
          { id: appId },
        );
        expect(submitted.submitApplication.status).to.equal("SUBMITTED");
        expect(await alertKinds(bankB, `application:${appId}`, receipt.blockNumber)).to.deep.equal([
          "APPLICATION_RECEIVED",
        ]);
        // Bank A was not asked: it neither sees nor decides it.
        expect(
          (await post(bankA.token, `query($id: ID!) { application(id: $id) { id } }`, { id: appId })).data
            ?.application ?? null,
        ).to.equal(null);
        const refused = await post(bankA.token, `mutation($id: ID!) { openApplication(id: $id) { id } }`, {
          id: appId,
        });
        expect(refused.errors?.[0].extensions.code).to.be.oneOf(["FORBIDDEN", "NOT_FOUND"]);
        await gql(bankB, `mutation($id: ID!) { openApplication(id: $id) { status } }`, { id: appId });
        await gql(
          bankB,
          `mutation($id: ID!, $t: ApprovalTermsInput!) { approveApplication(id: $id, terms: $t) { status } }`,
          {
            id: appId,
            t: { advanceBps: 7000, rateBps: 900 },
          },
        );
        const cashBefore = await balanceOf(tier2, receipt.blockNumber);
        receipt = await send(
          tier2,
          (
            await gql(
              tier2,
              `mutation($id: ID!, $b: String!) { executionTransactions(id: $id, bank: $b) { ${TX_FIELDS} } }`,
              { id: appId, b: bankB.address },
            )
          ).executionTransactions,
        );
        // Requested on chain but not funded: not executed yet.
        expect(
          (await gql(tier2, `query($id: ID!) { application(id: $id) { status } }`, { id: appId }, receipt.blockNumber))
            .application.status,
        ).to.equal("APPROVED");
        receipt = await send(
          bankB,
          (
            await gql(
              bankB,
              `mutation($id: ID!) { acceptanceTransactions(id: $id) { ${TX_FIELDS} } }`,
              { id: appId },
              receipt.blockNumber,
            )
          ).acceptanceTransactions,
        );
        const executed = await waitForStatus(tier2, appId, "EXECUTED", receipt.blockNumber);
        expect(executed.financing.product).to.equal("ORDER");
        const loanId = executed.financing.id;
        expect((await balanceOf(tier2, receipt.blockNumber)) - cashBefore).to.equal(
          7_000_000n,
          "70 % of the order amount",
        );

        // Delivery: the buyer accepts it against its invoice; the receivable goes to the lender (lien).
        const invoice = await upload(tier1, `invoice-${kind}`, "INVOICE", [tier2]);
        receipt = await send(
          tier1,
          (
            await gql(
              tier1,
              `mutation($id: ID!, $d: String!) { acceptDelivery(orderId: $id, invoiceDocumentId: $d) { ${TX_FIELDS} } }`,
              { id: orderId, d: invoice.id },
            )
          ).acceptDelivery,
        );
        const receivableId = eventArg(receipt, "purchaseOrders", "OrderConverted", "receivableId");

        // At maturity the buyer pays through the API; anyone collects the loan (the waterfall).
        await timeTravel(31);
        receipt = await send(
          tier1,
          (
            await gql(
              tier1,
              `mutation($id: ID!) { payReceivable(receivableId: $id) { ${TX_FIELDS} } }`,
              {
                id: receivableId,
              },
              receipt.blockNumber,
            )
          ).payReceivable,
        );
        receipt = (await (
          await demo.consortium.contracts.orderFinancing.connect(tier2.signer).collect(loanId)
        ).wait())!;
        const { financing } = await gql(
          bankB,
          `query($id: ID!) { financing(product: ORDER, id: $id) { status outstanding } }`,
          { id: loanId },
          receipt.blockNumber,
        );
        expect(financing).to.deep.equal({ status: "Repaid", outstanding: "0" });
        const paid = await gql(
          tier1,
          `query($id: ID!) { receivable(id: $id) { status } }`,
          { id: receivableId },
          receipt.blockNumber,
        );
        expect(paid.receivable.status).to.equal("Paid");
      });

      it("factoring: a payable confirmed, a part split to a lower tier, sold to one of two banks asked, paid at maturity", async function () {
        const { core, tier1, tier2, bankA, bankB } = actors;
        const invoice = await upload(core, `payable-${kind}`, "INVOICE", [tier1]);
        const now = Number((await demo.chain.provider.getBlock("latest"))!.timestamp);
        let receipt = await send(
          core,
          (
            await gql(core, `mutation($i: IssueReceivableInput!) { issueReceivable(input: $i) { ${TX_FIELDS} } }`, {
              i: {
                creditor: tier1.address,
                face: "5000000",
                maturity: new Date((now + 60 * DAY) * 1000).toISOString(),
                invoiceDocumentId: invoice.id,
              },
            })
          ).issueReceivable,
        );
        const receivableId = eventArg(receipt, "receivables", "ReceivableIssued", "receivableId");
        receipt = await send(
          tier1,
          (
            await gql(
              tier1,
              `mutation($i: SplitPartInput!) { splitPart(input: $i) { ${TX_FIELDS} } }`,
              { i: { partId: receivableId, to: tier2.address, amount: "2000000" } },
              receipt.blockNumber,
            )
          ).splitPart,
        );
        const partId = eventArg(receipt, "receivables", "PartSplit", "partId");

        const { createApplication } = await gql(
          tier2,
          `mutation($i: CreateApplicationInput!) { createApplication(input: $i) { id } }`,
          {
            i: {
              product: "FACTORING",
              assetId: partId,
              banks: [bankA.address, bankB.address],
              minAdvanceBps: 8000,
              maxDiscountBps: 1500,
              recourseAccepted: true,
              expiresAt: new Date((now + 5 * DAY) * 1000).toISOString(),
            },
          },
          receipt.blockNumber,
        );
        const appId = createApplication.id;
        await gql(tier2, `mutation($id: ID!) { submitApplication(id: $id) { status } }`, { id: appId });
        await gql(
          bankB,
          `mutation($id: ID!) { rejectApplication(id: $id, reason: "concentration on the obligor") { status } }`,
          { id: appId },
        );
        const queue = await gql(
          bankA,
          `{ applicationQueue(first: 50) { edges { node { id riskSummary(bank: "${bankA.address}") { factors { name value } } } } } }`,
        );
        const mine = queue.applicationQueue.edges.find((e: any) => e.node.id === appId);
        expect(mine, "the application is in bank A's queue").to.not.equal(undefined);
        expect(mine.node.riskSummary.factors.length).to.be.greaterThan(3);
        await gql(bankA, `mutation($id: ID!) { openApplication(id: $id) { status } }`, { id: appId });
        await gql(
          bankA,
          `mutation($id: ID!, $t: ApprovalTermsInput!) { approveApplication(id: $id, terms: $t) { status } }`,
          {
            id: appId,
            t: { advanceBps: 9000, discountBps: 800, withRecourse: false },
          },
        );
        expect(await alertKinds(tier2, `application:${appId}`, receipt.blockNumber)).to.deep.equal([
          "APPLICATION_APPROVED",
          "APPLICATION_REJECTED",
        ]);
        receipt = await send(
          tier2,
          (
            await gql(
              tier2,
              `mutation($id: ID!, $b: String!) { executionTransactions(id: $id, bank: $b) { ${TX_FIELDS} } }`,
              { id: appId, b: bankA.address },
            )
          ).executionTransactions,
        );
        receipt = await send(
          bankA,
          (
            await gql(
              bankA,
              `mutation($id: ID!) { acceptanceTransactions(id: $id) { ${TX_FIELDS} } }`,
              { id: appId },
              receipt.blockNumber,
            )
          ).acceptanceTransactions,
        );
        const executed = await waitForStatus(tier2, appId, "EXECUTED", receipt.blockNumber);
        expect(executed.financing.product).to.equal("FACTORING");

        await timeTravel(61);
        receipt = await send(
          core,
          (
            await gql(
              core,
              `mutation($id: ID!) { payReceivable(receivableId: $id) { ${TX_FIELDS} } }`,
              {
                id: receivableId,
              },
              receipt.blockNumber,
            )
          ).payReceivable,
        );
        receipt = (await (
          await demo.consortium.contracts.factoring.connect(bankA.signer).collect(executed.financing.id)
        ).wait())!;
        const { financing } = await gql(
          bankA,
          `query($id: ID!) { financing(product: FACTORING, id: $id) { status } }`,
          { id: executed.financing.id },
          receipt.blockNumber,
        );
        expect(financing.status).to.equal("Collected");
      });

      it("records every mutation in the audit log, which only the regulator exports", async function () {
        const { regulator, tier2 } = actors;
        const csv = await fetch(`${e2e.base}/audit/export.csv`, {
          headers: { authorization: `Bearer ${regulator.token}` },
        });
        expect(csv.status).to.equal(200);
        const text = await csv.text();
        for (const action of [
          "signIn",
          "registerEncryptionKey",
          "uploadDocument",
          "submitOrder",
          "createApplication",
          "approveApplication",
          "acceptanceTransactions",
        ]) {
          expect(text, action).to.include(`,${action},OK,`);
        }
        expect(text).to.not.include('signature":"0x');
        expect(
          (await fetch(`${e2e.base}/audit/export.csv`, { headers: { authorization: `Bearer ${tier2.token}` } })).status,
        ).to.equal(403);
      });
    });
  }
});
