import { Module } from "@nestjs/common";
import { OrdersRepository } from "./orders.repository";
import { OrdersResolver } from "./orders.resolver";
import { OrdersService } from "./orders.service";

@Module({
  providers: [OrdersRepository, OrdersService, OrdersResolver],
  exports: [OrdersRepository],
})
export class OrdersModule {}
