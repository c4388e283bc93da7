import { Inject } from "@nestjs/common";
import { Args, Query, Resolver } from "@nestjs/graphql";
import { AfterArg, FirstArg } from "../common/args";
import type { OrderBy } from "../common/order.input";
import { InputPipe } from "../common/validation";
import { AssetKind, ChainEvent, ChainEventConnection } from "./chain-event.model";
import { ChainEventFilter, ChainEventOrder, type ChainEventSortField } from "./dtos/events.input";
import { EventsService } from "./events.service";

@Resolver(() => ChainEvent)
export class EventsResolver {
  constructor(@Inject(EventsService) private readonly service: EventsService) {}

  @Query(() => ChainEventConnection)
  chainEvents(
    @Args("filter", { type: () => ChainEventFilter, nullable: true }, new InputPipe(ChainEventFilter))
    filter: ChainEventFilter | undefined,
    @Args("orderBy", { type: () => ChainEventOrder, nullable: true }) orderBy: OrderBy<ChainEventSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.events(filter, orderBy, first, after);
  }

  @Query(() => ChainEventConnection, {
    description: "The full event history of an asset, a financing or a member, in chain order.",
  })
  assetHistory(
    @Args("kind", { type: () => AssetKind }) kind: AssetKind,
    @Args("id", { type: () => String, description: "The asset's id, or the member's address." }) id: string,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.history(kind, id, first, after);
  }
}
