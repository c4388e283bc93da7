import { Inject } from "@nestjs/common";
import { Args, Query, Resolver } from "@nestjs/graphql";
import { ViewerAccess, type Access } from "../common/access";
import { AfterArg, FirstArg } from "../common/args";
import type { OrderBy } from "../common/order.input";
import { InputPipe } from "../common/validation";
import { AssetKind, ChainEvent, ChainEventConnection } from "./chain-event.model";
import { ChainEventFilter, ChainEventOrder, type ChainEventSortField } from "./dtos/events.input";
import { EventsService } from "./events.service";

@Resolver(() => ChainEvent)
export class EventsResolver {
  constructor(@Inject(EventsService) private readonly service: EventsService) {}

  @Query(() => ChainEventConnection, {
    description:
      "Raw chain events: all of them for the regulator, the events naming the signed-in member for a member.",
  })
  chainEvents(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => ChainEventFilter, nullable: true }, new InputPipe(ChainEventFilter))
    filter: ChainEventFilter | undefined,
    @Args("orderBy", { type: () => ChainEventOrder, nullable: true }) orderBy: OrderBy<ChainEventSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.events(access, filter, orderBy, first, after);
  }

  @Query(() => ChainEventConnection, {
    description:
      "The event history of an asset, a financing or a member, in chain order: empty unless the asset is visible, and only events about objects the viewer may see.",
  })
  assetHistory(
    @ViewerAccess() access: Access,
    @Args("kind", { type: () => AssetKind }) kind: AssetKind,
    @Args("id", { type: () => String, description: "The asset's id, or the member's address." }) id: string,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.history(access, kind, id, first, after);
  }
}
