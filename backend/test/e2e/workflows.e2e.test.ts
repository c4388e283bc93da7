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
import { Interface, type JsonRpcSigner, type TransactionReceipt } from "ethers";
import { playDemo } from "../../../scripts/demo";
import { CONTRACT_INTERFACES } from "../../src/chain/contracts";
import {
  DOCUMENT_KEY_MESSAGE,
  documentKeyPairFromSignature,
  fromBase64,
  openDocument,
  toBase64,
  unwrapKey,
} from "../../src/documents/envelope";
import { startBackend, type RunningBackend } from "../../src/server";
import { createTestDatabase, testConfig, type DatabaseKind, type TestDatabase } from "../support/backend";
import { deploy, startChain, type DeployedConsortium, type TestChain } from "../support/chain";

const DAY = 86_400;
const ACTORS = { core: 1, tier1: 2, tier2: 3, bankA: 5, bankB: 6, regulator: 8 } as const;
type ActorName = keyof typeof ACTORS;

interface Actor {
  name: ActorName;
  signer: JsonRpcSigner;
  address: string;
  token: string;
  keys: { privateKey: Uint8Array; publicKey: Uint8Array };
}

interface Prepared {
  from: string;
  to: string;
  data: string;
  chainId: number;
  method: string;
}

const TX_FIELDS = "from to data chainId method";

/** A PDF-looking file with a distinctive body. */
function pdf(label: string): Uint8Array {
  return new TextEncoder().encode(
    `%PDF-1.7\n% ${label}: confidential trade document of the end-to-end test, ${"x".repeat(64)}\n%%EOF\n`,
  );
}

describe("backend end to end: sign-in, documents, trade and financing workflows on a real chain", function () {
  let chain: TestChain;
  let consortium: DeployedConsortium;

  before(async function () {
    chain = await startChain();
    consortium = await deploy(chain);
    await playDemo(chain.provider, consortium.deployment, () => undefined);
  });
  after(async () => chain?.close());

  for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
    describe(`on ${kind}`, function () {
      let database: TestDatabase;
      let backend: RunningBackend;
      let base: string;
      const actors = {} as Record<ActorName, Actor>;
      const snapshot: { id?: string } = {};

      before(async function () {
        // Each database kind plays the same flows from the demo's end state.
        snapshot.id = await chain.send<string>("evm_snapshot");
        database = await createTestDatabase(kind, "workflows");
        backend = await startBackend(
          testConfig({ rpcUrl: chain.url, deploymentFile: consortium.deploymentFile, database }),
        );
        base = backend.url.replace(/\/graphql$/, "");
        await backend.sync.waitForBlock(await chain.provider.getBlockNumber(), 120_000);
        for (const [name, index] of Object.entries(ACTORS) as [ActorName, number][]) {
          const signer = await chain.signer(index);
          const address = await signer.getAddress();
          const token = await signIn(signer, address);
          const keys = await documentKeyPairFromSignature(await signer.signMessage(DOCUMENT_KEY_MESSAGE), address);
          actors[name] = { name, signer, address, token, keys };
          const registered = await gql(
            actors[name],
            `mutation($k: String!) { registerEncryptionKey(publicKey: $k) { address } }`,
            {
              k: toBase64(keys.publicKey),
            },
          );
          expect(registered.registerEncryptionKey.address).to.equal(address);
        }
      });
      after(async function () {
        await backend?.close();
        await database?.drop();
        if (snapshot.id) await chain.send("evm_revert", [snapshot.id]);
      });

      async function post(
        token: string | null,
        query: string,
        variables: Record<string, unknown> = {},
        minBlock?: number,
      ) {
        const response = await fetch(`${base}/graphql`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(minBlock !== undefined ? { "x-min-block": String(minBlock) } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
      }

      async function gql(
        actor: Actor | null,
        query: string,
        variables: Record<string, unknown> = {},
        minBlock?: number,
      ) {
        const answer = await post(actor?.token ?? null, query, variables, minBlock);
        expect(answer.errors, `${actor?.name ?? "anonymous"}: ${JSON.stringify(answer.errors)}`).to.equal(undefined);
        return answer.data;
      }

      async function signIn(signer: JsonRpcSigner, address: string): Promise<string> {
        const challenge = await post(null, `mutation($a: String!) { signInChallenge(address: $a) { message } }`, {
          a: address,
        });
        const message = challenge.data.signInChallenge.message as string;
        const signature = await signer.signMessage(message);
        const result = await post(
          null,
          `mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }`,
          {
            m: message,
            s: signature,
          },
        );
        expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
        return result.data.signIn.token;
      }

      /** Signs and sends prepared transactions in order with the actor's wallet; the last receipt. */
      async function send(actor: Actor, txs: Prepared[]): Promise<TransactionReceipt> {
        let last: TransactionReceipt | null = null;
        for (const tx of txs) {
          expect(tx.from).to.equal(actor.address, `${tx.method} belongs to ${tx.from}`);
          expect(tx.chainId).to.equal(31337);
          last = await (await actor.signer.sendTransaction({ to: tx.to, data: tx.data })).wait();
          expect(last!.status, tx.method).to.equal(1);
        }
        return last!;
      }

      function eventArg(
        receipt: TransactionReceipt,
        contract: keyof typeof CONTRACT_INTERFACES,
        event: string,
        arg: string,
      ): string {
        const iface: Interface = CONTRACT_INTERFACES[contract];
        for (const log of receipt.logs) {
          const parsed = iface.parseLog(log);
          if (parsed?.name === event) return String(parsed.args[arg]);
        }
        throw new Error(`no ${event} in the receipt`);
      }

      async function upload(actor: Actor, label: string, kind: string, parties: Actor[]) {
        const form = new FormData();
        form.set("file", new Blob([pdf(label)], { type: "application/pdf" }), `${label}.pdf`);
        form.set("kind", kind);
        form.set("parties", parties.map((p) => p.address).join(","));
        const response = await fetch(`${base}/documents`, {
          method: "POST",
          headers: { authorization: `Bearer ${actor.token}` },
          body: form,
        });
        const body = (await response.json()) as { id: string; commitment: string };
        expect(response.status, JSON.stringify(body)).to.equal(201);
        return body;
      }

      async function openAs(actor: Actor, documentId: string): Promise<string> {
        const meta = await fetch(`${base}/documents/${documentId}`, {
          headers: { authorization: `Bearer ${actor.token}` },
        });
        if (meta.status !== 200) return `HTTP ${meta.status}`;
        const record = (await meta.json()) as any;
        const content = new Uint8Array(
          await (
            await fetch(`${base}/documents/${documentId}/content`, {
              headers: { authorization: `Bearer ${actor.token}` },
            })
          ).arrayBuffer(),
        );
        const documentKey = await unwrapKey(record.wrappedKey, actor.keys.privateKey, documentId, actor.address);
        const opened = await openDocument(documentKey, { id: documentId, commitment: record.commitment }, content);
        return new TextDecoder().decode(opened);
      }

      async function waitForStatus(actor: Actor, id: string, status: string, minBlock: number): Promise<any> {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const { application } = await gql(
            actor,
            `query($id: ID!) { application(id: $id) { id status financing { product id } } }`,
            { id },
            minBlock,
          );
          if (application.status === status || Date.now() > deadline) {
            expect(application.status).to.equal(status);
            return application;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }

      async function timeTravel(days: number): Promise<void> {
        await chain.send("evm_increaseTime", [days * DAY]);
        await chain.send("evm_mine");
      }

      async function alertKinds(actor: Actor, subject: string, minBlock: number): Promise<string[]> {
        const deadline = Date.now() + 5_000;
        for (;;) {
          const { alerts } = await gql(
            actor,
            `{ alerts(first: 200) { edges { node { kind subject } } } }`,
            {},
            minBlock,
          );
          const kinds = alerts.edges
            .filter((e: any) => e.node.subject === subject)
            .map((e: any) => e.node.kind)
            .sort();
          if (kinds.length > 0 || Date.now() > deadline) return kinds;
          await new Promise((r) => setTimeout(r, 200));
        }
      }

      it("order financing: order with its document, confirmation, prefinancing, delivery, payment at maturity, collection", async function () {
        const { tier1, tier2, bankA, bankB, regulator } = actors;
        // The supplier uploads the order document for its buyer and submits the order.
        const orderDoc = await upload(tier2, `order-${kind}`, "ORDER", [tier1]);
        // The demo moved the chain's clock ahead: dates are the chain's.
        const now = Number((await chain.provider.getBlock("latest"))!.timestamp);
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
        receipt = (await (await consortium.contracts.orderFinancing.connect(tier2.signer).collect(loanId)).wait())!;
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

      async function balanceOf(actor: Actor, minBlock: number): Promise<bigint> {
        const { tokenBalances } = await gql(
          actor,
          `query($a: String!) { tokenBalances(filter: { account: $a }) { edges { node { balance } } } }`,
          { a: actor.address },
          minBlock,
        );
        return BigInt(tokenBalances.edges[0]?.node.balance ?? "0");
      }

      it("factoring: a payable confirmed, a part split to a lower tier, sold to one of two banks asked, paid at maturity", async function () {
        const { core, tier1, tier2, bankA, bankB } = actors;
        const invoice = await upload(core, `payable-${kind}`, "INVOICE", [tier1]);
        const now = Number((await chain.provider.getBlock("latest"))!.timestamp);
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
          await consortium.contracts.factoring.connect(bankA.signer).collect(executed.financing.id)
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
        const csv = await fetch(`${base}/audit/export.csv`, {
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
          (await fetch(`${base}/audit/export.csv`, { headers: { authorization: `Bearer ${tier2.token}` } })).status,
        ).to.equal(403);
      });
    });
  }
});
