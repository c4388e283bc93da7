import { Injectable } from "@nestjs/common";
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, ne } from "drizzle-orm";
import { attestations, warehouseReceipts, type Attestation, type WarehouseReceipt } from "../../database/schema";
import type { Access } from "../common/access";
import type { OrderBy } from "../common/order.input";
import { key, keysetPage, type ListSpec, type Page, type PageArgs } from "../common/pagination";
import { ReceiptStatus } from "../common/enums";
import { anyOf, containsText, Repository } from "../common/repository";
import {
  AttestationSortField,
  WarehouseReceiptSortField,
  type AttestationFilter,
  type WarehouseReceiptFilter,
} from "./dtos/receipts.input";

const RECEIPTS: ListSpec<WarehouseReceiptSortField> = {
  name: "warehouseReceipts",
  table: warehouseReceipts,
  key: [key(warehouseReceipts.id, "id", "int")],
  sorts: {
    ID: key(warehouseReceipts.id, "id", "int"),
    VALUATION: key(warehouseReceipts.valuation, "valuation", "numeric"),
    ISSUED_AT: key(warehouseReceipts.issuedAt, "issuedAt", "time"),
  },
};

const ATTESTATIONS: ListSpec<AttestationSortField> = {
  name: "attestations",
  table: attestations,
  key: [key(attestations.blockNumber, "blockNumber", "int"), key(attestations.logIndex, "logIndex", "int")],
  sorts: {
    CHAIN_ORDER: key(attestations.blockNumber, "blockNumber", "int"),
    ATTESTED_AT: key(attestations.attestedAt, "attestedAt", "time"),
  },
};

@Injectable()
export class ReceiptsRepository extends Repository {
  list(
    access: Access,
    filter: WarehouseReceiptFilter | undefined,
    order: OrderBy<WarehouseReceiptSortField>,
    page: PageArgs,
  ): Promise<Page<WarehouseReceipt>> {
    const f = filter ?? {};
    const where = and(
      access.receipts(),
      f.owner ? eq(warehouseReceipts.owner, f.owner) : undefined,
      f.warehouse ? eq(warehouseReceipts.warehouse, f.warehouse) : undefined,
      f.pledgee ? eq(warehouseReceipts.pledgee, f.pledgee) : undefined,
      anyOf(warehouseReceipts.status, f.status),
      f.currency ? eq(warehouseReceipts.currency, f.currency) : undefined,
      typeof f.frozen === "boolean" ? eq(warehouseReceipts.frozen, f.frozen) : undefined,
      f.pledged === true
        ? isNotNull(warehouseReceipts.pledgee)
        : f.pledged === false
          ? isNull(warehouseReceipts.pledgee)
          : undefined,
      containsText(warehouseReceipts.lot, f.lotContains),
    );
    return keysetPage(this.db, RECEIPTS, { where, ...order, page });
  }

  listAttestations(
    access: Access,
    filter: AttestationFilter | undefined,
    order: OrderBy<AttestationSortField>,
    page: PageArgs,
  ): Promise<Page<Attestation>> {
    const f = filter ?? {};
    const where = and(
      access.attestations(),
      f.receiptId !== undefined && f.receiptId !== null ? eq(attestations.receiptId, f.receiptId) : undefined,
      f.warehouse ? eq(attestations.warehouse, f.warehouse) : undefined,
      f.anomalous === true
        ? gt(attestations.anomaly, 0)
        : f.anomalous === false
          ? eq(attestations.anomaly, 0)
          : undefined,
      f.attestedFrom ? gte(attestations.attestedAt, f.attestedFrom) : undefined,
      f.attestedTo ? lt(attestations.attestedAt, f.attestedTo) : undefined,
    );
    return keysetPage(this.db, ATTESTATIONS, { where, ...order, page });
  }

  byIds(ids: readonly number[], access: Access): Promise<WarehouseReceipt[]> {
    return this.db
      .select()
      .from(warehouseReceipts)
      .where(and(inArray(warehouseReceipts.id, [...ids]), access.receipts()));
  }

  attestationsOf(receiptIds: readonly number[], access: Access): Promise<Attestation[]> {
    return this.db
      .select()
      .from(attestations)
      .where(and(inArray(attestations.receiptId, [...receiptIds]), access.attestations()))
      .orderBy(asc(attestations.blockNumber), asc(attestations.logIndex));
  }

  /** Receipts owned by `owner`, all or only those not released. */
  ownedBy(access: Access, owner: string, includeReleased: boolean): Promise<WarehouseReceipt[]> {
    return this.db
      .select()
      .from(warehouseReceipts)
      .where(
        and(
          access.receipts(),
          eq(warehouseReceipts.owner, owner),
          includeReleased ? undefined : ne(warehouseReceipts.status, ReceiptStatus.Released),
        ),
      )
      .orderBy(asc(warehouseReceipts.id));
  }
}
