/**
 * Request-scoped DataLoaders: every relation field resolver loads through them, so the rows a level
 * of the query needs are fetched with one `IN (...)` query per relation instead of one per parent.
 * A new Loaders is built for each request (GraphQL context), so its cache never outlives the request.
 * The loaders are those of the request's signed-in member (`Loaders.for(access)`): every fetch applies
 * the member's visibility predicates (common/access.ts), so an invisible row loads as null (or is left
 * out of a list), exactly as the top-level getters and lists answer.
 */
import { Inject, Injectable } from "@nestjs/common";
import DataLoader from "dataloader";
import type {
  Attestation,
  CreditLine,
  Financing,
  HeldPayout,
  Holding,
  Member,
  PurchaseOrder,
  Receivable,
  ReceivablePart,
  Repayment,
  TokenBalance,
  WarehouseReceipt,
} from "../../database/schema";
import type { Access } from "../common/access";
import { assetKey, financingKey, FinancingsRepository } from "../financings/financings.repository";
import { MembersRepository } from "../members/members.repository";
import { OrdersRepository } from "../orders/orders.repository";
import { ReceiptsRepository } from "../receipts/receipts.repository";
import { ReceivablesRepository } from "../receivables/receivables.repository";

const OPTIONS = { maxBatchSize: 1000 };

/** One row (or null) per key. */
function one<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((k) => rows.get(k) ?? null);
  }, OPTIONS);
}

/** Every row of each key, in the order the query returned them. */
function many<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>();
    for (const row of await fetch(keys)) {
      const k = keyOf(row);
      const group = groups.get(k);
      if (group) group.push(row);
      else groups.set(k, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  }, OPTIONS);
}

/** The DataLoaders of one signed-in member. */
export class ViewerLoaders {
  readonly member: DataLoader<string, Member | null>;
  readonly balancesOf: DataLoader<string, TokenBalance[]>;
  readonly heldPayoutsOf: DataLoader<string, HeldPayout[]>;
  readonly creditLinesGrantedBy: DataLoader<string, CreditLine[]>;
  readonly creditLinesOf: DataLoader<string, CreditLine[]>;
  readonly order: DataLoader<number, PurchaseOrder | null>;
  readonly orderOfReceivable: DataLoader<number, PurchaseOrder | null>;
  readonly receipt: DataLoader<number, WarehouseReceipt | null>;
  readonly attestationsOf: DataLoader<number, Attestation[]>;
  readonly receivable: DataLoader<number, Receivable | null>;
  readonly part: DataLoader<number, ReceivablePart | null>;
  readonly partsOf: DataLoader<number, ReceivablePart[]>;
  readonly childrenOf: DataLoader<number, ReceivablePart[]>;
  readonly holdingsOf: DataLoader<number, Holding[]>;
  /** Key: "PRODUCT:id" (financingKey). */
  readonly financing: DataLoader<string, Financing | null>;
  readonly financingsOfReceivable: DataLoader<number, Financing[]>;
  /** Key: "assetType:id" (assetKey). */
  readonly financingsOfAsset: DataLoader<string, Financing[]>;
  /** Key: "PRODUCT:id" (financingKey). */
  readonly repaymentsOf: DataLoader<string, Repayment[]>;

  constructor(repositories: Repositories, access: Access) {
    const { members, orders, receipts, receivables, financings } = repositories;
    this.member = one(
      (k) => members.byAddresses(k),
      (m) => m.address,
    );
    this.balancesOf = many(
      (k) => members.balancesOf(k, access),
      (b) => b.account,
    );
    this.heldPayoutsOf = many(
      (k) => members.heldPayoutsOf(k, access),
      (h) => h.account,
    );
    this.creditLinesGrantedBy = many(
      (k) => members.creditLinesGrantedBy(k, access),
      (c) => c.bank,
    );
    this.creditLinesOf = many(
      (k) => members.creditLinesOf(k, access),
      (c) => c.counterparty,
    );
    this.order = one(
      (k) => orders.byIds(k, access),
      (o) => o.id,
    );
    this.orderOfReceivable = one(
      (k) => orders.byReceivables(k, access),
      (o) => o.receivableId as number,
    );
    this.receipt = one(
      (k) => receipts.byIds(k, access),
      (r) => r.id,
    );
    this.attestationsOf = many(
      (k) => receipts.attestationsOf(k, access),
      (a) => a.receiptId,
    );
    this.receivable = one(
      (k) => receivables.byIds(k, access),
      (r) => r.id,
    );
    this.part = one(
      (k) => receivables.partsByIds(k, access),
      (p) => p.id,
    );
    this.partsOf = many(
      (k) => receivables.partsOfReceivables(k, access),
      (p) => p.receivableId,
    );
    this.childrenOf = many(
      (k) => receivables.childrenOf(k, access),
      (p) => p.parentId as number,
    );
    this.holdingsOf = many(
      (k) => receivables.holdingsOfReceivables(k, access),
      (h) => h.receivableId,
    );
    this.financing = one(
      (k) => financings.byKeys(k, access),
      (f) => financingKey(f.product, f.id),
    );
    this.financingsOfReceivable = many(
      (k) => financings.byReceivables(k, access),
      (f) => f.receivableId as number,
    );
    this.financingsOfAsset = many(
      (k) => financings.byAssets(k, access),
      (f) => assetKey(f.assetType, f.assetId),
    );
    this.repaymentsOf = many(
      (k) => financings.repaymentsOf(k, access),
      (r) => financingKey(r.product, r.financingId),
    );
  }
}

interface Repositories {
  members: MembersRepository;
  orders: OrdersRepository;
  receipts: ReceiptsRepository;
  receivables: ReceivablesRepository;
  financings: FinancingsRepository;
}

/**
 * The loaders of a request (its GraphQL context). They are built for the signed-in member on first use
 * (`RequestLoaders()` in common/args.ts), since the context is created before anyone asks for a viewer.
 */
export class Loaders {
  private scoped: ViewerLoaders | null = null;
  private scopedFor: Access | null = null;

  constructor(private readonly repositories: Repositories) {}

  for(access: Access): ViewerLoaders {
    if (this.scopedFor !== access) {
      this.scoped = new ViewerLoaders(this.repositories, access);
      this.scopedFor = access;
    }
    return this.scoped!;
  }
}

/** Builds the Loaders of a request. */
@Injectable()
export class LoadersFactory {
  constructor(
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(OrdersRepository) private readonly orders: OrdersRepository,
    @Inject(ReceiptsRepository) private readonly receipts: ReceiptsRepository,
    @Inject(ReceivablesRepository) private readonly receivables: ReceivablesRepository,
    @Inject(FinancingsRepository) private readonly financings: FinancingsRepository,
  ) {}

  create(): Loaders {
    const { members, orders, receipts, receivables, financings } = this;
    return new Loaders({ members, orders, receipts, receivables, financings });
  }
}
