/**
 * Alerts: derived from chain events (confirmation requested, overdue, pledge frozen) and from the
 * calendar (maturity within 7 days, past maturity), once each whatever the number of passes; listed
 * and marked read by their recipient only; pushed over graphql-ws to the signed-in recipient only.
 */
import { expect } from "chai";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { AlertsService } from "../../src/alerts/alerts.service";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import type { DatabaseKind } from "../support/backend";
import { labelAddress, memberRow, startTestApp, type TestApp } from "../support/app";

const SUPPLIER = labelAddress("alerts:supplier");
const HOLDER = labelAddress("alerts:holder");
const CORE = labelAddress("alerts:core");
const BANK = labelAddress("alerts:bank");
const OTHER = labelAddress("alerts:other");
const DAY = 86_400_000;
const NOW = Date.now();

let logIndex = 0;
function event(
  blockNumber: number,
  name: string,
  args: Record<string, string>,
): typeof schema.chainEvents.$inferInsert {
  return {
    chainId: 31337,
    blockNumber,
    logIndex: logIndex++,
    blockHash: `0x${"ab".repeat(32)}`,
    blockTime: new Date(NOW - DAY),
    txHash: `0x${"cd".repeat(32)}`,
    txIndex: 0,
    contract: "x",
    address: "0x0000000000000000000000000000000000000001",
    name,
    args,
    refs: [],
  };
}

function receivable(id: number, maturityInDays: number, status = "Outstanding") {
  return {
    id,
    obligor: CORE,
    creditor: SUPPLIER,
    face: "1000",
    currency: "CNY",
    maturity: new Date(NOW + maturityInDays * DAY),
    longTerm: false,
    invoiceHash: `0x${id}`,
    invoiceUri: "ipfs://i",
    status,
    redeemed: "0",
    issuedAt: new Date(NOW - 30 * DAY),
    issuedBlock: 1,
    updatedBlock: 1,
  };
}

function part(id: number, receivableId: number, holder: string, status = "Active") {
  return {
    id,
    receivableId,
    depth: 0,
    holder,
    face: "1000",
    amount: "1000",
    status,
    createdAt: new Date(),
    createdBlock: 1,
    updatedBlock: 1,
  };
}

async function seed(db: Database): Promise<void> {
  await db
    .insert(schema.members)
    .values([
      memberRow(SUPPLIER, 4),
      memberRow(HOLDER, 4),
      memberRow(CORE, 2),
      memberRow(BANK, 8),
      memberRow(OTHER, 4),
    ]);
  // 1: matures in 3 days (held by SUPPLIER and HOLDER, financed by BANK); 2: in 30 days; 3: 2 days ago, unpaid; 4: paid.
  await db
    .insert(schema.receivables)
    .values([receivable(1, 3), receivable(2, 30), receivable(3, -2, "Overdue"), receivable(4, 2, "Paid")]);
  await db
    .insert(schema.receivableParts)
    .values([
      part(1, 1, SUPPLIER),
      part(5, 1, HOLDER),
      part(2, 2, SUPPLIER),
      part(3, 3, SUPPLIER),
      part(4, 4, SUPPLIER, "Redeemed"),
    ]);
  await db.insert(schema.financings).values({
    product: "FACTORING",
    id: 1,
    party: SUPPLIER,
    bank: BANK,
    assetType: "PART",
    assetId: 5,
    receivableId: 1,
    status: "Funded",
    requestedAmount: "1000",
    maxRateBps: 800,
    expiresAt: new Date(NOW + DAY),
    outstanding: "900",
    repaidPrincipal: "0",
    repaidInterest: "0",
    requestedAt: new Date(NOW - DAY),
    requestedBlock: 1,
    updatedBlock: 1,
  });
  await db.insert(schema.chainEvents).values([
    event(10, "OrderSubmitted", {
      orderId: "7",
      supplier: SUPPLIER,
      buyer: CORE,
      orderNumber: "PO-7",
      amount: "5000",
    }),
    event(11, "OrderConfirmed", { orderId: "7", buyer: CORE }),
    event(12, "ReceivableOverdue", { receivableId: "3", maturity: "0" }),
    event(13, "ReceiptPledgeFrozen", {
      receiptId: "9",
      pledgee: BANK,
      attestedQuantity: "40",
      pledgedQuantity: "100",
      anomaly: "0",
    }),
  ]);
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`alerts on ${kind}`, function () {
    let t: TestApp;
    let service: AlertsService;
    const tokens: Record<string, string> = {};

    before(async function () {
      t = await startTestApp(kind, seed);
      service = t.app.get(AlertsService);
      for (const a of [SUPPLIER, HOLDER, CORE, BANK, OTHER]) tokens[a] = await t.session(a);
      // The app's own timers derive too; wait for the first chain pass to have run, then run passes explicitly.
      await service.deriveFromChain();
      await service.deriveFromCalendar();
    });
    after(async () => t?.close());

    async function rowsOf(recipient: string) {
      const rows = await t.db.select().from(schema.alerts);
      return rows
        .filter((r) => r.recipient === recipient)
        .map((r) => `${r.kind} ${r.subject}`)
        .sort();
    }

    it("derives each alert once, for the members concerned, from chain events and the calendar", async function () {
      expect(await service.deriveFromChain()).to.equal(0, "the cursor moved past the events");
      await service.deriveFromCalendar();
      expect(await rowsOf(CORE)).to.deep.equal([
        "CONFIRMATION_REQUESTED order:7",
        "MATURITY_SOON receivable:1",
        "OVERDUE receivable:3",
      ]);
      expect(await rowsOf(SUPPLIER)).to.deep.equal(["MATURITY_SOON receivable:1", "OVERDUE receivable:3"]);
      expect(await rowsOf(HOLDER)).to.deep.equal(["MATURITY_SOON receivable:1"]);
      expect(await rowsOf(BANK)).to.deep.equal(["MATURITY_SOON receivable:1", "RECEIPT_FROZEN receipt:9"]);
      expect(await rowsOf(OTHER)).to.deep.equal([]);
    });

    it("derives from events indexed later, after the stored cursor", async function () {
      await t.db
        .insert(schema.chainEvents)
        .values(
          event(20, "OrderSubmitted", { orderId: "8", supplier: OTHER, buyer: CORE, orderNumber: "PO-8", amount: "1" }),
        );
      expect(await service.deriveFromChain()).to.equal(1);
      expect(await rowsOf(CORE)).to.include("CONFIRMATION_REQUESTED order:8");
      const [cursor] = await t.db.select().from(schema.workCursors);
      expect(cursor.blockNumber).to.equal(20);
    });

    it("lists only the signed-in member's alerts and marks them read", async function () {
      const list = `query($unread: Boolean!) { alerts(unreadOnly: $unread) { totalCount edges { node { id recipient kind subject readAt } } } }`;
      const mine = await t.gql(tokens[SUPPLIER], list, { unread: true });
      expect(mine.errors).to.equal(undefined);
      expect(mine.data.alerts.totalCount).to.equal(2);
      for (const e of mine.data.alerts.edges) expect(e.node.recipient).to.equal(SUPPLIER);
      const ids = mine.data.alerts.edges.map((e: any) => e.node.id);
      // Someone else's alert ids change nothing.
      const coreIds = (await t.gql(tokens[CORE], list, { unread: true })).data.alerts.edges.map((e: any) => e.node.id);
      const foreign = await t.gql(tokens[SUPPLIER], `mutation($ids: [ID!]) { markAlertsRead(ids: $ids) }`, {
        ids: coreIds,
      });
      expect(foreign.data.markAlertsRead).to.equal(0);
      const marked = await t.gql(tokens[SUPPLIER], `mutation($ids: [ID!]) { markAlertsRead(ids: $ids) }`, {
        ids: [ids[0]],
      });
      expect(marked.data.markAlertsRead).to.equal(1);
      expect((await t.gql(tokens[SUPPLIER], list, { unread: true })).data.alerts.totalCount).to.equal(1);
      expect((await t.gql(tokens[SUPPLIER], list, { unread: false })).data.alerts.totalCount).to.equal(2);
      const all = await t.gql(tokens[SUPPLIER], `mutation($upTo: ID) { markAlertsRead(upTo: $upTo) }`, {
        upTo: "999999",
      });
      expect(all.data.markAlertsRead).to.equal(1);
      for (const [variables, code] of [
        [{}, "BAD_USER_INPUT"],
        [{ ids: ["1"], upTo: "2" }, "BAD_USER_INPUT"],
        [{ ids: ["x"] }, "BAD_USER_INPUT"],
        [{ upTo: "-1" }, "BAD_USER_INPUT"],
      ] as [Record<string, unknown>, string][]) {
        const answer = await t.gql(
          tokens[SUPPLIER],
          `mutation($ids: [ID!], $upTo: ID) { markAlertsRead(ids: $ids, upTo: $upTo) }`,
          variables,
        );
        expect(answer.errors?.[0].extensions.code, JSON.stringify(variables)).to.equal(code);
      }
      expect((await t.gql(null, list, { unread: false })).errors?.[0].extensions.code).to.equal("UNAUTHENTICATED");
    });

    describe("subscriptions over graphql-ws", function () {
      const clients: Client[] = [];
      after(async () => {
        for (const c of clients) await c.dispose();
      });

      function client(token: string | null): Client {
        const c = createClient({
          url: t.base.replace("http", "ws") + "/graphql",
          webSocketImpl: WebSocket,
          connectionParams: token ? { authorization: `Bearer ${token}` } : {},
          retryAttempts: 0,
          lazy: true,
        });
        clients.push(c);
        return c;
      }

      function next(c: Client): { first: Promise<any>; stop: () => void } {
        let stop = () => undefined as void;
        const first = new Promise<any>((resolve, reject) => {
          stop = c.subscribe(
            { query: "subscription { alertReceived { id recipient kind subject message } }" },
            { next: (value) => resolve(value), error: (error) => reject(error), complete: () => resolve(null) },
          );
        });
        return { first, stop: () => stop() };
      }

      it("pushes a new alert to its recipient only", async function () {
        const holder = next(client(tokens[HOLDER]));
        const other = next(client(tokens[OTHER]));
        let otherGot: unknown = null;
        other.first.then(
          (v) => (otherGot = v),
          () => undefined,
        );
        await new Promise((r) => setTimeout(r, 500)); // subscribed before the alert exists
        await service.publish([
          {
            recipient: HOLDER,
            kind: "OVERDUE" as never,
            subject: "receivable:1",
            message: "m",
            dedupeKey: `test:${Date.now()}`,
          },
        ]);
        const got = await Promise.race([
          holder.first,
          new Promise((_, reject) => setTimeout(() => reject(new Error("no alert within 5 s")), 5000)),
        ]);
        expect((got as any).data.alertReceived).to.include({
          recipient: HOLDER,
          kind: "OVERDUE",
          subject: "receivable:1",
        });
        await new Promise((r) => setTimeout(r, 500));
        expect(otherGot).to.equal(null);
        holder.stop();
        other.stop();
      });

      it("refuses an anonymous subscription (UNAUTHENTICATED) and closes a socket with a bad token", async function () {
        const anonymous = next(client(null));
        const error = await anonymous.first.then(
          (v) => v,
          (e) => e,
        );
        const errors = Array.isArray(error) ? error : (error?.errors ?? []);
        expect(errors[0]?.extensions?.code, JSON.stringify(error)).to.equal("UNAUTHENTICATED");
        const bad = next(client("y".repeat(43)));
        const closed = await bad.first.then(
          () => null,
          (e) => e,
        );
        expect(closed?.code ?? closed?.target?.readyState, String(closed)).to.equal(4403);
      });
    });
  });
}
