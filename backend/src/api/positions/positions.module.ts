import { Module } from "@nestjs/common";
import { FinancingsModule } from "../financings/financings.module";
import { OrdersModule } from "../orders/orders.module";
import { ReceiptsModule } from "../receipts/receipts.module";
import { ReceivablesModule } from "../receivables/receivables.module";
import { PositionsResolver } from "./positions.resolver";
import { PositionsService } from "./positions.service";

@Module({
  imports: [ReceivablesModule, OrdersModule, ReceiptsModule, FinancingsModule],
  providers: [PositionsService, PositionsResolver],
})
export class PositionsModule {}
