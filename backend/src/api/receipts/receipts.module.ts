import { Module } from "@nestjs/common";
import { ReceiptsRepository } from "./receipts.repository";
import { AttestationsResolver, ReceiptsResolver } from "./receipts.resolver";
import { ReceiptsService } from "./receipts.service";

@Module({
  providers: [ReceiptsRepository, ReceiptsService, ReceiptsResolver, AttestationsResolver],
  exports: [ReceiptsRepository],
})
export class ReceiptsModule {}
