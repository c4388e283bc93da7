import { Inject } from "@nestjs/common";
import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from "@nestjs/graphql";
import { AfterArg, FirstArg } from "../api/common/args";
import { pageArgs } from "../api/common/pagination";
import { parseId } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { Alert, AlertConnection } from "./alerts.model";
import { AlertsService } from "./alerts.service";

@Resolver(() => Alert)
export class AlertsResolver {
  constructor(@Inject(AlertsService) private readonly service: AlertsService) {}

  @Query(() => AlertConnection, { description: "The signed-in member's alerts, newest first." })
  alerts(
    @CurrentViewer() viewer: Viewer,
    @Args("unreadOnly", { type: () => Boolean, defaultValue: false }) unreadOnly: boolean,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.list(viewer, unreadOnly, pageArgs(first, after));
  }

  @Mutation(() => Int, { description: "Marks the signed-in member's alerts read (these ids, or all up to upTo)." })
  markAlertsRead(
    @CurrentViewer() viewer: Viewer,
    @Args("ids", { type: () => [ID], nullable: true }) ids: unknown[] | null,
    @Args("upTo", { type: () => ID, nullable: true }) upTo: unknown,
  ) {
    return this.service.markRead(
      viewer,
      ids === null || ids === undefined ? undefined : ids.map((id, i) => parseId(id, `ids[${i}]`)),
      upTo === null || upTo === undefined ? undefined : parseId(upTo, "upTo"),
    );
  }

  @Subscription(() => Alert, {
    description:
      "The signed-in member's alerts as they arrive (graphql-ws on /graphql; the session token in connectionParams.authorization or the session cookie).",
  })
  alertReceived(@CurrentViewer() viewer: Viewer) {
    return this.service.subscribe(viewer);
  }
}
