import { Inject } from "@nestjs/common";
import { Query, ResolveField, Resolver } from "@nestjs/graphql";
import { CurrentViewer } from "../../auth/request-auth";
import type { Viewer } from "../../auth/viewer";
import {
  MemberStatistics,
  NetworkStatistics,
  OrderStatusCount,
  ProductFinancingCounts,
  ReceiptStatistics,
  ReceivableStatistics,
} from "./statistics.model";
import { StatisticsService } from "./statistics.service";

@Resolver(() => NetworkStatistics)
export class StatisticsResolver {
  constructor(@Inject(StatisticsService) private readonly service: StatisticsService) {}

  @Query(() => NetworkStatistics, {
    description: "Counts and totals of the whole network, computed in the database (regulator and operator only).",
  })
  networkStatistics(@CurrentViewer() viewer: Viewer): NetworkStatistics {
    this.service.requireReader(viewer);
    return {};
  }

  // Reached only through networkStatistics, which checked the viewer.

  @ResolveField(() => MemberStatistics)
  members(): Promise<MemberStatistics> {
    return this.service.members();
  }

  @ResolveField(() => [OrderStatusCount], { description: "One entry per status, every status included." })
  purchaseOrders(): Promise<OrderStatusCount[]> {
    return this.service.purchaseOrders();
  }

  @ResolveField(() => ReceivableStatistics)
  receivables(): Promise<ReceivableStatistics> {
    return this.service.receivables();
  }

  @ResolveField(() => ReceiptStatistics)
  warehouseReceipts(): Promise<ReceiptStatistics> {
    return this.service.warehouseReceipts();
  }

  @ResolveField(() => [ProductFinancingCounts], { description: "One entry per product, every product included." })
  financings(): Promise<ProductFinancingCounts[]> {
    return this.service.financings();
  }
}
