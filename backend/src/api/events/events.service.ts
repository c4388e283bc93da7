import { Inject, Injectable } from "@nestjs/common";
import { ApiException } from "../api.exception";
import type { Access } from "../common/access";
import { CreditLineKind } from "../common/enums";
import { OrderDirection, pageArgs } from "../common/pagination";
import { orderOrDefault, type OrderBy } from "../common/order.input";
import { parseAddress, parseId } from "../common/validation";
import { ASSET_REF_PREFIX, AssetKind } from "./chain-event.model";
import { ChainEventSortField, type ChainEventFilter } from "./dtos/events.input";
import { EventsRepository } from "./events.repository";

/** The id part of a ref: a checksummed address, "bank:counterparty:Kind" for a credit line, or a number. */
function refId(kind: AssetKind, id: string): string | number {
  if (kind === AssetKind.MEMBER) return parseAddress(id, "id");
  if (kind !== AssetKind.CREDIT_LINE) return parseId(id, "id");
  const [bank, counterparty, lineKind, ...rest] = id.split(":");
  if (rest.length > 0 || !Object.values(CreditLineKind).includes(lineKind as never)) {
    throw ApiException.badInput(
      "id",
      `argument "id" of a credit line must be "bank:counterparty:Obligor|Borrower", got ${JSON.stringify(id)}`,
    );
  }
  return `${parseAddress(bank, "id")}:${parseAddress(counterparty, "id")}:${lineKind}`;
}

@Injectable()
export class EventsService {
  constructor(@Inject(EventsRepository) private readonly repository: EventsRepository) {}

  /** The events visible to the viewer (see Access.events). */
  events(
    access: Access,
    filter: ChainEventFilter | undefined,
    orderBy: OrderBy<ChainEventSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.list(
      [access.events()],
      filter,
      orderOrDefault(orderBy, ChainEventSortField.CHAIN_ORDER),
      pageArgs(first, after),
    );
  }

  /** Every event whose refs name the asset, in chain order, as far as the viewer may see (Access.history). */
  history(access: Access, kind: AssetKind, id: string, first: number | null, after: string | null) {
    const key = refId(kind, id);
    const ref = `${ASSET_REF_PREFIX[kind]}:${key}`;
    return this.repository.list(
      [access.history(kind, key)],
      { ref },
      { field: ChainEventSortField.CHAIN_ORDER, direction: OrderDirection.ASC },
      pageArgs(first, after),
    );
  }
}
