import { Module } from "@nestjs/common";
import { FinancingsModule } from "../financings/financings.module";
import { MembersModule } from "../members/members.module";
import { OrdersModule } from "../orders/orders.module";
import { ReceiptsModule } from "../receipts/receipts.module";
import { ReceivablesModule } from "../receivables/receivables.module";
import { LoadersFactory } from "./loaders";

@Module({
  imports: [MembersModule, OrdersModule, ReceiptsModule, ReceivablesModule, FinancingsModule],
  providers: [LoadersFactory],
  exports: [LoadersFactory],
})
export class LoadersModule {}
