import { Injectable } from "@nestjs/common";
import { and, arrayContains, eq, gte, lte, type SQL } from "drizzle-orm";
import { chainEvents, type ChainEvent } from "../../database/schema";
import type { OrderBy } from "../common/order.input";
import { key, keysetPage, type ListSpec, type Page, type PageArgs } from "../common/pagination";
import { anyOf, Repository } from "../common/repository";
import { ChainEventSortField, type ChainEventFilter } from "./dtos/events.input";

const EVENTS: ListSpec<ChainEventSortField> = {
  name: "chainEvents",
  table: chainEvents,
  key: [
    key(chainEvents.chainId, "chainId", "int"),
    key(chainEvents.blockNumber, "blockNumber", "int"),
    key(chainEvents.logIndex, "logIndex", "int"),
  ],
  // Chain order is the primary key's order (one chain per deployment): a page walks the key's index
  // and stops once full, which matters when most events are filtered out by the viewer's visibility.
  sorts: { CHAIN_ORDER: key(chainEvents.chainId, "chainId", "int") },
};

@Injectable()
export class EventsRepository extends Repository {
  /** Events matching `filter` and every condition of `visible` (the viewer's visibility rules). */
  list(
    visible: (SQL | undefined)[],
    filter: ChainEventFilter | undefined,
    order: OrderBy<ChainEventSortField>,
    page: PageArgs,
  ): Promise<Page<ChainEvent>> {
    const f = filter ?? {};
    const where = and(
      ...visible,
      f.contract ? eq(chainEvents.contract, f.contract) : undefined,
      anyOf(chainEvents.name, f.names),
      f.txHash ? eq(chainEvents.txHash, f.txHash.toLowerCase()) : undefined,
      f.ref ? arrayContains(chainEvents.refs, [f.ref]) : undefined,
      f.fromBlock !== undefined && f.fromBlock !== null ? gte(chainEvents.blockNumber, f.fromBlock) : undefined,
      f.toBlock !== undefined && f.toBlock !== null ? lte(chainEvents.blockNumber, f.toBlock) : undefined,
    );
    return keysetPage(this.db, EVENTS, { where, ...order, page });
  }
}
