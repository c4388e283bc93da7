/**
 * End to end through the API, on a real chain with the real indexer, PGlite and PostgreSQL: warehouse
 * receipts and receipt loans from issue to their end, every chain change made by signing the
 * transactions the API prepares (warehouse and servicing mutations), every state read back through
 * GraphQL with `x-min-block`:
 * 1. a bank sets a borrower line, a warehouse issues a receipt with its scan, the owner borrows against
 *    it through an application and repays: loan Repaid, pledge released, exactly principal + interest
 *    moved from the borrower to the bank, the line given back;
 * 2. a short inventory count freezes the pledge of a second loan (the bank is alerted), the bank lifts it;
 * 3. that loan runs past its due date and the grace period: the bank declares the default and enforces
 *    the pledge, and becomes the receipt's owner;
 * 4. the owner of the (now unpledged) first receipt asks for its goods and the warehouse releases them.
 * Each scenario also shows one or more refusals through the API (wrong party, wrong state).
 *
 * The chain, the backend, sign-in and the API helpers are shared with the other end-to-end suites
 * (./support.ts).
 */
import { expect } from "chai";
import { type TransactionReceipt } from "ethers";
import { loanInterest } from "../../../scripts/lib/pricing";
import { CONTRACT_INTERFACES } from "../../src/chain/contracts";
import { type DatabaseKind } from "../support/backend";
import { DAY, demoChain, endToEnd, eventArgs, TX_FIELDS, type Actor, type Prepared } from "./support";

/** FinancingBase.DEFAULT_GRACE_PERIOD: a loan may be declared in default only this long after its due date. */
const GRACE_DAYS = 30;
const ACTORS = { supplier: 3, bank: 5, otherBank: 6, warehouse: 7, regulator: 8 } as const;
const RECEIPT_FIELDS = "id owner warehouse status pledgee pledgedQuantity frozen lastAttestedQuantity documentHash";

/** The valuation of each receipt, the amount borrowed on it, and the bank's terms (minor units, bps). */
const VALUATION = 50_000_000n;
const LOAN = 20_000_000n;
const LTV_BPS = 6_000;
const RATE_BPS = 800;
const QUANTITY = 500n;

describe("backend end to end: warehouse receipts, receipt loans and their servicing on a real chain", function () {
  const demo = demoChain();

  for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
    describe(`on ${kind}`, function () {
      const e2e = endToEnd(demo, kind, {
        name: "servicing",
        actors: ACTORS,
        documentText: "warehouse document of the servicing end-to-end test",
      });
      const { actors, post, gql, send, upload, waitForStatus, timeTravel, alertKinds, balanceOf } = e2e;

      // Carried from one scenario to the next: the first receipt (repaid, then released) and the
      // second receipt with its loan (frozen, then defaulted and enforced).
      const state = {} as { firstReceipt: string; secondReceipt: string; secondLoan: string; block: number };

      /** The error code the API answers `actor` with; fails if the API accepts. */
      async function refusal(
        actor: Actor,
        query: string,
        variables: Record<string, unknown>,
        minBlock?: number,
      ): Promise<string> {
        const answer = await post(actor.token, query, variables, minBlock);
        expect(answer.errors, `${actor.name} should be refused: ${JSON.stringify(answer.data)}`).to.not.equal(
          undefined,
        );
        expect(answer.errors![0].message.length).to.be.greaterThan(10);
        return answer.errors![0].extensions.code;
      }

      /** Prepares `mutation` as `actor`, then signs and sends what it returned. */
      async function act(
        actor: Actor,
        mutation: string,
        field: string,
        variables: Record<string, unknown>,
        minBlock?: number,
      ): Promise<TransactionReceipt> {
        const data = await gql(actor, mutation, variables, minBlock);
        return send(actor, data[field]);
      }

      async function receiptAs(actor: Actor, id: string, minBlock: number): Promise<any> {
        const { warehouseReceipt } = await gql(
          actor,
          `query($id: ID!) { warehouseReceipt(id: $id) { ${RECEIPT_FIELDS} } }`,
          { id },
          minBlock,
        );
        return warehouseReceipt;
      }

      async function financingAs(actor: Actor, id: string, minBlock: number): Promise<any> {
        const { financing } = await gql(
          actor,
          `query($id: ID!) { financing(product: RECEIPT, id: $id) { status party bank principal rateBps outstanding repaidPrincipal repaidInterest } }`,
          { id },
          minBlock,
        );
        return financing;
      }

      async function borrowerLine(minBlock: number): Promise<{ limit: string; used: string } | undefined> {
        const { bank, supplier } = actors;
        const { creditLines } = await gql(
          bank,
          `query($b: String!, $c: String!) { creditLines(filter: { bank: $b, counterparty: $c, kind: Borrower }) { edges { node { limit used } } } }`,
          { b: bank.address, c: supplier.address },
          minBlock,
        );
        return creditLines.edges[0]?.node;
      }

      /** The warehouse uploads the receipt's scan and issues the receipt to the supplier; its id and block. */
      async function issueReceipt(lot: string): Promise<{ id: string; block: number; commitment: string }> {
        const { warehouse, supplier, bank } = actors;
        const scan = await upload(warehouse, `scan-${lot}`, "RECEIPT_SCAN", [supplier, bank]);
        const receipt = await act(
          warehouse,
          `mutation($i: IssueReceiptInput!) { issueReceipt(input: $i) { ${TX_FIELDS} } }`,
          "issueReceipt",
          {
            i: {
              owner: supplier.address,
              lot,
              goods: "Cold-rolled steel coils, grade SPCC",
              quantity: QUANTITY.toString(),
              unit: "t",
              valuation: VALUATION.toString(),
              documentId: scan.id,
            },
          },
        );
        const issued = eventArgs(receipt, "warehouseReceipts", "ReceiptIssued");
        expect(issued.owner).to.equal(supplier.address);
        return { id: String(issued.receiptId), block: receipt.blockNumber, commitment: scan.commitment };
      }

      /**
       * The supplier applies for a loan on the receipt, the bank opens and approves it, the supplier's
       * on-chain request and the bank's funding go through: the application EXECUTED, its loan's id.
       */
      async function fundReceiptLoan(
        receiptId: string,
        tenorDays: number,
        minBlock: number,
      ): Promise<{ loanId: string; receipt: TransactionReceipt }> {
        const { supplier, bank } = actors;
        const now = Number((await demo.chain.provider.getBlock("latest"))!.timestamp);
        const { createApplication } = await gql(
          supplier,
          `mutation($i: CreateApplicationInput!) { createApplication(input: $i) { id status } }`,
          {
            i: {
              product: "RECEIPT_LOAN",
              assetId: receiptId,
              banks: [bank.address],
              maxRateBps: 1200,
              tenorDays,
              amount: LOAN.toString(),
              expiresAt: new Date((now + 5 * DAY) * 1000).toISOString(),
            },
          },
          minBlock,
        );
        const appId = createApplication.id;
        expect(
          (await gql(supplier, `mutation($id: ID!) { submitApplication(id: $id) { status } }`, { id: appId }))
            .submitApplication.status,
        ).to.equal("SUBMITTED");
        await gql(bank, `mutation($id: ID!) { openApplication(id: $id) { status } }`, { id: appId });
        await gql(
          bank,
          `mutation($id: ID!, $t: ApprovalTermsInput!) { approveApplication(id: $id, terms: $t) { status } }`,
          { id: appId, t: { rateBps: RATE_BPS, ltvBps: LTV_BPS } },
        );
        let receipt = await act(
          supplier,
          `mutation($id: ID!, $b: String!) { executionTransactions(id: $id, bank: $b) { ${TX_FIELDS} } }`,
          "executionTransactions",
          { id: appId, b: bank.address },
        );
        receipt = await act(
          bank,
          `mutation($id: ID!) { acceptanceTransactions(id: $id) { ${TX_FIELDS} } }`,
          "acceptanceTransactions",
          { id: appId },
          receipt.blockNumber,
        );
        const executed = await waitForStatus(supplier, appId, "EXECUTED", receipt.blockNumber);
        expect(executed.financing.product).to.equal("RECEIPT");
        expect(String(eventArgs(receipt, "receiptFinancing", "LoanFunded").loanId)).to.equal(executed.financing.id);
        return { loanId: executed.financing.id, receipt };
      }

      it("receipt loan: credit line, receipt with its scan, application, funding, repayment of principal and interest", async function () {
        const { supplier, bank } = actors;
        // The bank opens a borrower line for the supplier worth two loans (above what it already uses).
        const before = await borrowerLine(await demo.chain.provider.getBlockNumber());
        const used = BigInt(before?.used ?? "0");
        const limit = used + 2n * LOAN;
        // A supplier cannot set a bank's line.
        expect(
          await refusal(
            supplier,
            `mutation($c: String!, $l: BigInt!) { setCreditLimit(counterparty: $c, kind: Borrower, limit: $l) { ${TX_FIELDS} } }`,
            { c: bank.address, l: "1" },
          ),
        ).to.equal("FORBIDDEN");
        let receipt = await act(
          bank,
          `mutation($c: String!, $l: BigInt!) { setCreditLimit(counterparty: $c, kind: Borrower, limit: $l) { ${TX_FIELDS} } }`,
          "setCreditLimit",
          { c: supplier.address, l: limit.toString() },
        );
        expect(await borrowerLine(receipt.blockNumber)).to.deep.equal({
          limit: limit.toString(),
          used: used.toString(),
        });

        const issued = await issueReceipt(`YS-E2E-${kind}-1`);
        expect(await receiptAs(supplier, issued.id, issued.block)).to.deep.include({
          owner: supplier.address,
          warehouse: actors.warehouse.address,
          status: "Active",
          pledgee: null,
          frozen: false,
          documentHash: issued.commitment,
        });

        const cashBefore = await balanceOf(supplier, issued.block);
        const funded = await fundReceiptLoan(issued.id, 60, issued.block);
        receipt = funded.receipt;
        const fundedAt = (await demo.chain.provider.getBlock(receipt.blockNumber))!.timestamp;
        expect(await receiptAs(bank, issued.id, receipt.blockNumber)).to.deep.include({
          pledgee: bank.address,
          pledgedQuantity: QUANTITY.toString(),
          frozen: false,
        });
        expect(await financingAs(supplier, funded.loanId, receipt.blockNumber)).to.deep.include({
          status: "Active",
          party: supplier.address,
          bank: bank.address,
          principal: LOAN.toString(),
          rateBps: RATE_BPS,
        });
        expect((await balanceOf(supplier, receipt.blockNumber)) - cashBefore).to.equal(LOAN, "the whole principal");
        expect((await borrowerLine(receipt.blockNumber))!.used).to.equal((used + LOAN).toString());

        // A week later the supplier repays. The bank may not prepare the borrower's repayment.
        const later = await timeTravel(7);
        const repay = `mutation($id: ID!) { repayLoan(product: RECEIPT, id: $id) { ${TX_FIELDS} } }`;
        expect(await refusal(bank, repay, { id: funded.loanId }, later)).to.equal("FORBIDDEN");
        const borrowerBefore = await balanceOf(supplier, later);
        const bankBefore = await balanceOf(bank, later);
        const { repayLoan } = await gql(supplier, repay, { id: funded.loanId }, later);
        expect(repayLoan.map((tx: Prepared) => tx.method)).to.deep.equal([
          "settlementToken.approve",
          "receiptFinancing.repay",
        ]);
        const [approval, repayment] = repayLoan as Prepared[];
        const approved = CONTRACT_INTERFACES.settlementToken.parseTransaction({ data: approval.data })!;
        expect(approved.args[0]).to.equal(demo.consortium.deployment.contracts.receiptFinancing);
        expect(CONTRACT_INTERFACES.receiptFinancing.parseTransaction({ data: repayment.data })!.args[0]).to.equal(
          BigInt(funded.loanId),
        );
        receipt = await send(supplier, repayLoan);
        const repaidAt = (await demo.chain.provider.getBlock(receipt.blockNumber))!.timestamp;
        const repaid = eventArgs(receipt, "receiptFinancing", "LoanRepaid");
        const interest = loanInterest(LOAN, RATE_BPS, fundedAt, repaidAt);
        expect(interest > 0n, "some interest accrued").to.equal(true);
        expect(repaid.principal).to.equal(LOAN);
        expect(repaid.interest).to.equal(interest, "interest at the contract's rule, ACT/360 from funding");
        // The approval covered what was due when the transaction was mined (the margin of the API).
        expect((approved.args[1] as bigint) >= LOAN + interest).to.equal(true, `approved ${approved.args[1]}`);

        expect(await financingAs(bank, funded.loanId, receipt.blockNumber)).to.deep.include({
          status: "Repaid",
          outstanding: "0",
          repaidPrincipal: LOAN.toString(),
          repaidInterest: interest.toString(),
        });
        expect(borrowerBefore - (await balanceOf(supplier, receipt.blockNumber))).to.equal(LOAN + interest);
        expect((await balanceOf(bank, receipt.blockNumber)) - bankBefore).to.equal(LOAN + interest);
        expect(await receiptAs(supplier, issued.id, receipt.blockNumber)).to.deep.include({
          owner: supplier.address,
          status: "Active",
          pledgee: null,
          pledgedQuantity: null,
          frozen: false,
        });
        expect((await borrowerLine(receipt.blockNumber))!.used).to.equal(used.toString(), "the line given back");
        // Repaid once: a second repayment is refused before it reaches the chain.
        expect(await refusal(supplier, repay, { id: funded.loanId }, receipt.blockNumber)).to.equal("CONFLICT");
        state.firstReceipt = issued.id;
        state.block = receipt.blockNumber;
      });

      it("a short inventory count freezes the pledge of a second loan and alerts the bank, which lifts the freeze", async function () {
        const { supplier, bank, otherBank, warehouse } = actors;
        const issued = await issueReceipt(`YS-E2E-${kind}-2`);
        const { loanId, receipt: funded } = await fundReceiptLoan(issued.id, 30, issued.block);
        state.secondReceipt = issued.id;
        state.secondLoan = loanId;

        const report = await upload(warehouse, `count-${kind}`, "OTHER", [bank, supplier]);
        const attest = `mutation($i: AttestReceiptInput!) { attestReceipt(input: $i) { ${TX_FIELDS} } }`;
        const short = { receiptId: issued.id, quantity: "470", anomaly: 0, reportDocumentId: report.id };
        // Only the issuing warehouse attests.
        expect(await refusal(supplier, attest, { i: short }, funded.blockNumber)).to.equal("FORBIDDEN");
        let receipt = await act(warehouse, attest, "attestReceipt", { i: short }, funded.blockNumber);
        expect(eventArgs(receipt, "warehouseReceipts", "ReceiptPledgeFrozen").pledgee).to.equal(bank.address);
        expect(await receiptAs(bank, issued.id, receipt.blockNumber)).to.deep.include({
          frozen: true,
          pledgedQuantity: QUANTITY.toString(),
          lastAttestedQuantity: "470",
        });
        expect(await alertKinds(bank, `receipt:${issued.id}`, receipt.blockNumber)).to.deep.equal(["RECEIPT_FROZEN"]);
        expect(await alertKinds(otherBank, `receipt:${issued.id}`, receipt.blockNumber)).to.deep.equal([]);

        // Neither the owner nor the warehouse may lift the freeze: only the pledgee. Another bank does not
        // even see the receipt (not a party to it), so it is not found for that bank.
        const unfreeze = `mutation($id: ID!) { unfreezeReceipt(receiptId: $id) { ${TX_FIELDS} } }`;
        for (const who of [supplier, warehouse]) {
          expect(await refusal(who, unfreeze, { id: issued.id }, receipt.blockNumber), who.name).to.equal("FORBIDDEN");
        }
        expect(await refusal(otherBank, unfreeze, { id: issued.id }, receipt.blockNumber)).to.equal("NOT_FOUND");
        expect(await receiptAs(otherBank, issued.id, receipt.blockNumber)).to.equal(null);
        receipt = await act(bank, unfreeze, "unfreezeReceipt", { id: issued.id }, receipt.blockNumber);
        expect((await receiptAs(supplier, issued.id, receipt.blockNumber)).frozen).to.equal(false);
        // Not frozen any more: a second unfreeze would revert, so the API refuses it.
        expect(await refusal(bank, unfreeze, { id: issued.id }, receipt.blockNumber)).to.equal("CONFLICT");
        state.block = receipt.blockNumber;
      });

      it("default and enforcement: past due date and grace the bank declares the default and takes the receipt", async function () {
        const { supplier, bank, regulator } = actors;
        const { secondReceipt: receiptId, secondLoan: loanId } = state;
        expect(loanId, "the second loan of the previous scenario").to.be.a("string");
        const declare = `mutation($id: ID!) { declareDefault(product: RECEIPT, id: $id) { ${TX_FIELDS} } }`;
        const enforce = `mutation($id: ID!) { enforceReceiptPledge(receiptId: $id) { ${TX_FIELDS} } }`;
        // Not yet due: a default now would revert, the API refuses it; with no default, no enforcement.
        expect(await refusal(bank, declare, { id: loanId }, state.block)).to.equal("CONFLICT");
        expect(await refusal(bank, enforce, { id: receiptId }, state.block)).to.equal("CONFLICT");

        // The 30-day tenor and the grace period pass.
        const late = await timeTravel(30 + GRACE_DAYS + 1);
        for (const who of [supplier, regulator]) {
          expect(await refusal(who, declare, { id: loanId }, late), who.name).to.equal("FORBIDDEN");
        }
        let receipt = await act(bank, declare, "declareDefault", { id: loanId }, late);
        expect(String(eventArgs(receipt, "receiptFinancing", "LoanDefaulted").loanId)).to.equal(loanId);
        expect((await financingAs(supplier, loanId, receipt.blockNumber)).status).to.equal("Defaulted");

        // The borrower cannot take its goods away from the bank.
        expect(await refusal(supplier, enforce, { id: receiptId }, receipt.blockNumber)).to.equal("FORBIDDEN");
        receipt = await act(bank, enforce, "enforceReceiptPledge", { id: receiptId }, receipt.blockNumber);
        const enforced = eventArgs(receipt, "receiptFinancing", "ReceiptLoansEnforced");
        expect(enforced.principal).to.equal(LOAN);
        expect(await receiptAs(bank, receiptId, receipt.blockNumber)).to.deep.include({
          owner: bank.address,
          status: "Active",
          pledgee: null,
          frozen: false,
        });
        expect((await financingAs(bank, loanId, receipt.blockNumber)).status).to.equal("Enforced");
        // The former owner no longer holds it: it cannot ask for the goods.
        expect(
          await refusal(
            supplier,
            `mutation($id: ID!) { requestRelease(receiptId: $id) { ${TX_FIELDS} } }`,
            { id: receiptId },
            receipt.blockNumber,
          ),
        ).to.equal("FORBIDDEN");
        state.block = receipt.blockNumber;
      });

      it("release: the owner of an unpledged receipt asks for its goods and the warehouse releases them", async function () {
        const { supplier, bank, warehouse } = actors;
        const receiptId = state.firstReceipt;
        expect(receiptId, "the repaid receipt of the first scenario").to.be.a("string");
        const request = `mutation($id: ID!) { requestRelease(receiptId: $id) { ${TX_FIELDS} } }`;
        const release = `mutation($id: ID!) { releaseGoods(receiptId: $id) { ${TX_FIELDS} } }`;
        // Nothing asked yet: the warehouse cannot release; the bank is not the owner.
        expect(await refusal(warehouse, release, { id: receiptId }, state.block)).to.equal("CONFLICT");
        expect(await refusal(bank, request, { id: receiptId }, state.block)).to.equal("FORBIDDEN");

        let receipt = await act(supplier, request, "requestRelease", { id: receiptId }, state.block);
        expect((await receiptAs(supplier, receiptId, receipt.blockNumber)).status).to.equal("ReleaseRequested");
        // Only the warehouse that holds the goods hands them out.
        expect(await refusal(supplier, release, { id: receiptId }, receipt.blockNumber)).to.equal("FORBIDDEN");
        receipt = await act(warehouse, release, "releaseGoods", { id: receiptId }, receipt.blockNumber);
        expect(eventArgs(receipt, "warehouseReceipts", "ReceiptGoodsReleased").owner).to.equal(supplier.address);
        expect(await receiptAs(warehouse, receiptId, receipt.blockNumber)).to.deep.include({
          owner: supplier.address,
          status: "Released",
          pledgee: null,
        });
        // Released goods are gone: they cannot be released twice.
        expect(await refusal(warehouse, release, { id: receiptId }, receipt.blockNumber)).to.equal("CONFLICT");
      });
    });
  }
});
