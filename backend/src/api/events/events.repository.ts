import { Injectable } from "@nestjs/common";
import { and, arrayContains, eq, gte, lte } from "drizzle-orm";
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
  sorts: { CHAIN_ORDER: key(chainEvents.blockNumber, "blockNumber", "int") },
};

@Injectable()
export class EventsRepository extends Repository {
  list(
    filter: ChainEventFilter | undefined,
    order: OrderBy<ChainEventSortField>,
    page: PageArgs,
  ): Promise<Page<ChainEvent>> {
    const f = filter ?? {};
    const where = and(
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
