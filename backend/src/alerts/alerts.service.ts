/**
 * Alerts per member. Derived, idempotently (a unique dedupe key per alert and recipient), from:
 * - chain events, read in chain order after a stored cursor: an order submitted (the buyer is asked to
 *   confirm), a receivable marked overdue, a pledge frozen by an attestation;
 * - the calendar, every minute: receivables maturing within 7 days, and past maturity unpaid;
 * - the workflows (applications received and decided), through `publish`.
 * Every instance derives (duplicates are dropped by the key) and delivers the new rows of the table to
 * its own subscribers, so an alert reaches a member whichever instance it is connected to.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from "@nestjs/common";
import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { ApiException } from "../api/api.exception";
import { key, keysetPage, OrderDirection, type ListSpec, type Page, type PageArgs } from "../api/common/pagination";
import type { Viewer } from "../auth/viewer";
import { CONFIG, DATABASE } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle, Executor } from "../database/database";
import {
  alerts,
  chainEvents,
  financings,
  receivableParts,
  receivables,
  workCursors,
  type AlertRow,
} from "../database/schema";
import { SyncState } from "../indexer/sync-state";
import { AlertKind, type Alert } from "./alerts.model";

const DAY_MS = 86_400_000;
export const MATURITY_WARNING_DAYS = 7;
const CURSOR = "alerts:chain-events";
const ALERT_EVENTS = ["OrderSubmitted", "ReceivableOverdue", "ReceiptPledgeFrozen"];

export interface NewAlert {
  recipient: string;
  kind: AlertKind;
  subject: string;
  message: string;
  /** Same key, same alert: deriving twice inserts once. */
  dedupeKey: string;
}

type AlertSortField = "ID";
const ALERTS: ListSpec<AlertSortField> = {
  name: "alerts",
  table: alerts,
  key: [key(alerts.id, "id", "int")],
  sorts: { ID: key(alerts.id, "id", "int") },
};

export function toAlert(row: AlertRow): Alert {
  return { ...row, id: String(row.id), kind: row.kind as AlertKind };
}

type Listener = (alert: Alert) => void;

@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger("Alerts");
  private readonly listeners = new Map<string, Set<Listener>>();
  private timers: NodeJS.Timeout[] = [];
  private lastDelivered: number | null = null;
  private busy = { derive: false, calendar: false, deliver: false };
  private readonly contractAddresses: Set<string>;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(SyncState) private readonly sync: SyncState,
  ) {
    this.contractAddresses = new Set(Object.values(config.deployment.contracts).map((a) => a.toLowerCase()));
  }

  onApplicationBootstrap(): void {
    const every = (ms: number, job: () => Promise<unknown>, name: keyof AlertsService["busy"]) => {
      const run = () => {
        if (this.busy[name]) return;
        this.busy[name] = true;
        job()
          .catch((error: Error) => this.logger.warn(`${name}: ${error.message}`))
          .finally(() => (this.busy[name] = false));
      };
      run();
      this.timers.push(setInterval(run, ms));
    };
    const poll = Math.max(this.config.pollIntervalMs, 200);
    every(poll, () => this.deriveFromChain(), "derive");
    every(60_000, () => this.deriveFromCalendar(), "calendar");
    every(poll, () => this.deliver(), "deliver");
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Inserts alerts not derived before; returns how many were new. */
  async publish(items: NewAlert[], executor: Executor = this.database.db, now = new Date()): Promise<number> {
    const rows = items.filter((a) => !this.contractAddresses.has(a.recipient.toLowerCase()));
    if (rows.length === 0) return 0;
    const inserted = await executor
      .insert(alerts)
      .values(rows.map((a) => ({ ...a, createdAt: now })))
      .onConflictDoNothing({ target: alerts.dedupeKey })
      .returning({ id: alerts.id });
    return inserted.length;
  }

  /** One pass over the chain events after the cursor (at most 500); returns how many events were read. */
  async deriveFromChain(): Promise<number> {
    const db = this.database.db;
    const [cursor] = await db.select().from(workCursors).where(eq(workCursors.name, CURSOR));
    const after = cursor
      ? sql`(${chainEvents.blockNumber}, ${chainEvents.logIndex}) > (${cursor.blockNumber}, ${cursor.logIndex})`
      : undefined;
    const events = await db
      .select()
      .from(chainEvents)
      .where(and(eq(chainEvents.chainId, this.config.chainId), after, inArray(chainEvents.name, ALERT_EVENTS)))
      .orderBy(asc(chainEvents.blockNumber), asc(chainEvents.logIndex))
      .limit(500);
    if (events.length === 0) return 0;
    const items: NewAlert[] = [];
    for (const event of events) {
      const args = event.args as Record<string, string>;
      if (event.name === "OrderSubmitted") {
        items.push({
          recipient: args.buyer,
          kind: AlertKind.CONFIRMATION_REQUESTED,
          subject: `order:${args.orderId}`,
          message: `Order ${args.orderNumber} (${args.amount} minor units) from ${args.supplier} awaits your confirmation`,
          dedupeKey: `confirm:order:${args.orderId}:${args.buyer}`,
        });
      } else if (event.name === "ReceivableOverdue") {
        for (const recipient of await this.receivableAudience(Number(args.receivableId))) {
          items.push(overdueAlert(Number(args.receivableId), recipient));
        }
      } else if (event.name === "ReceiptPledgeFrozen") {
        items.push({
          recipient: args.pledgee,
          kind: AlertKind.RECEIPT_FROZEN,
          subject: `receipt:${args.receiptId}`,
          message: `Drawing on receipt ${args.receiptId} is frozen: attested ${args.attestedQuantity} of ${args.pledgedQuantity} pledged, anomaly ${args.anomaly}`,
          dedupeKey: `frozen:receipt:${args.receiptId}:block:${event.blockNumber}:${event.logIndex}`,
        });
      }
    }
    const last = events[events.length - 1];
    await db.transaction(async (tx) => {
      await this.publish(items, tx);
      await tx
        .insert(workCursors)
        .values({ name: CURSOR, blockNumber: last.blockNumber, logIndex: last.logIndex, updatedAt: new Date() })
        .onConflictDoUpdate({
          target: workCursors.name,
          set: { blockNumber: last.blockNumber, logIndex: last.logIndex, updatedAt: new Date() },
          // Never move back (another instance may be ahead).
          setWhere: sql`(${workCursors.blockNumber}, ${workCursors.logIndex}) < (${last.blockNumber}, ${last.logIndex})`,
        });
    });
    return events.length;
  }

  /** Receivables maturing within 7 days, and past maturity unpaid, to everyone concerned. */
  async deriveFromCalendar(now = this.sync.now()): Promise<number> {
    const db = this.database.db;
    const soon = await db
      .select({
        id: receivables.id,
        maturity: receivables.maturity,
        face: receivables.face,
        status: receivables.status,
      })
      .from(receivables)
      .where(
        and(
          inArray(receivables.status, ["Outstanding", "Overdue"]),
          lte(receivables.maturity, new Date(now.getTime() + MATURITY_WARNING_DAYS * DAY_MS)),
        ),
      );
    const items: NewAlert[] = [];
    for (const r of soon) {
      const audience = await this.receivableAudience(r.id);
      for (const recipient of audience) {
        if (r.maturity.getTime() <= now.getTime()) items.push(overdueAlert(r.id, recipient));
        else {
          items.push({
            recipient,
            kind: AlertKind.MATURITY_SOON,
            subject: `receivable:${r.id}`,
            message: `Receivable ${r.id} (${r.face} minor units) matures on ${r.maturity.toISOString().slice(0, 10)}`,
            dedupeKey: `maturity-soon:receivable:${r.id}:${recipient}`,
          });
        }
      }
    }
    return this.publish(items);
  }

  /** Who cares about a receivable's payment: its obligor, the holders of its active parts, the banks financing it. */
  private async receivableAudience(receivableId: number): Promise<string[]> {
    const db = this.database.db;
    const [receivable] = await db
      .select({ obligor: receivables.obligor })
      .from(receivables)
      .where(eq(receivables.id, receivableId));
    if (!receivable) return [];
    const holders = await db
      .select({ holder: receivableParts.holder })
      .from(receivableParts)
      .where(and(eq(receivableParts.receivableId, receivableId), eq(receivableParts.status, "Active")));
    const banks = await db
      .select({ bank: financings.bank })
      .from(financings)
      .where(and(eq(financings.receivableId, receivableId), inArray(financings.status, ["Funded", "Active"])));
    const all = [
      receivable.obligor,
      ...holders.map((h) => h.holder),
      ...banks.map((b) => b.bank).filter((b): b is string => !!b),
    ];
    return [...new Map(all.map((a) => [a.toLowerCase(), a])).values()];
  }

  /** New rows since the last pass, to this instance's subscribers. */
  async deliver(): Promise<void> {
    const db = this.database.db;
    if (this.lastDelivered === null) {
      const [row] = await db.select({ max: sql<number>`coalesce(max(${alerts.id}), 0)` }).from(alerts);
      this.lastDelivered = Number(row.max);
      return;
    }
    if (this.listeners.size === 0) {
      const [row] = await db.select({ max: sql<number>`coalesce(max(${alerts.id}), 0)` }).from(alerts);
      this.lastDelivered = Number(row.max);
      return;
    }
    const rows = await db
      .select()
      .from(alerts)
      .where(gt(alerts.id, this.lastDelivered))
      .orderBy(asc(alerts.id))
      .limit(1000);
    for (const row of rows) {
      this.lastDelivered = row.id;
      for (const listener of this.listeners.get(row.recipient.toLowerCase()) ?? []) listener(toAlert(row));
    }
  }

  /** The alerts of `viewer` as they arrive, until the subscriber leaves. */
  subscribe(viewer: Viewer): AsyncIterableIterator<{ alertReceived: Alert }> {
    const address = viewer.address.toLowerCase();
    const queue: Alert[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    // Only alerts created after the subscription: those at or below the table's current top are dropped
    // (the top is read once; alerts delivered before it is known wait in the queue, filtered then).
    let floor: number | null = null;
    const floorKnown = this.database.db
      .select({ max: sql<number>`coalesce(max(${alerts.id}), 0)` })
      .from(alerts)
      .then(([row]) => {
        floor = Number(row.max);
        queue.splice(0, queue.length, ...queue.filter((a) => Number(a.id) > floor!));
        wake?.();
      });
    floorKnown.catch((error: Error) => this.logger.warn(`subscription: ${error.message}`));
    const listener: Listener = (alert) => {
      if (floor !== null && Number(alert.id) <= floor) return;
      queue.push(alert);
      wake?.();
    };
    let set = this.listeners.get(address);
    if (!set) this.listeners.set(address, (set = new Set()));
    set.add(listener);
    const stop = () => {
      done = true;
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(address);
      wake?.();
    };
    const iterator: AsyncIterableIterator<{ alertReceived: Alert }> = {
      async next() {
        while (!done && (queue.length === 0 || floor === null)) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (done) return { done: true, value: undefined };
        return { done: false, value: { alertReceived: queue.shift()! } };
      },
      async return() {
        stop();
        return { done: true, value: undefined };
      },
      async throw(error) {
        stop();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  list(viewer: Viewer, unreadOnly: boolean, page: PageArgs): Promise<Page<Alert>> {
    return keysetPage<AlertRow, AlertSortField>(this.database.db, ALERTS, {
      where: and(eq(alerts.recipient, viewer.address), unreadOnly ? isNull(alerts.readAt) : undefined),
      field: "ID",
      direction: OrderDirection.DESC,
      page,
    }).then((p) => ({
      edges: p.edges.map((e) => ({ cursor: e.cursor, node: toAlert(e.node) })),
      pageInfo: p.pageInfo,
      get totalCount() {
        return p.totalCount;
      },
    }));
  }

  /** Marks the viewer's alerts read: those listed, or all up to `upTo`; returns how many changed. */
  async markRead(
    viewer: Viewer,
    ids: number[] | undefined,
    upTo: number | undefined,
    now = new Date(),
  ): Promise<number> {
    if ((ids === undefined) === (upTo === undefined)) {
      throw ApiException.badInput("ids", "give either ids or upTo");
    }
    if (ids && ids.length === 0) throw ApiException.badInput("ids", "ids must name at least one alert");
    if (ids && ids.length > 500) throw ApiException.badInput("ids", "at most 500 ids at once");
    if (ids && new Set(ids).size !== ids.length) throw ApiException.badInput("ids", "ids must not repeat an alert");
    const rows = await this.database.db
      .update(alerts)
      .set({ readAt: now })
      .where(
        and(
          eq(alerts.recipient, viewer.address),
          isNull(alerts.readAt),
          ids ? inArray(alerts.id, ids) : lte(alerts.id, upTo!),
        ),
      )
      .returning({ id: alerts.id });
    return rows.length;
  }
}

function overdueAlert(receivableId: number, recipient: string): NewAlert {
  return {
    recipient,
    kind: AlertKind.OVERDUE,
    subject: `receivable:${receivableId}`,
    message: `Receivable ${receivableId} is past maturity and unpaid`,
    dedupeKey: `overdue:receivable:${receivableId}:${recipient}`,
  };
}
