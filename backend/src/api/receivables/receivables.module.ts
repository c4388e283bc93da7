import { Module } from "@nestjs/common";
import { ReceivablesRepository } from "./receivables.repository";
import { HoldingsResolver, ReceivablePartsResolver, ReceivablesResolver } from "./receivables.resolver";
import { ReceivablesService } from "./receivables.service";

@Module({
  providers: [
    ReceivablesRepository,
    ReceivablesService,
    ReceivablesResolver,
    ReceivablePartsResolver,
    HoldingsResolver,
  ],
  exports: [ReceivablesRepository],
})
export class ReceivablesModule {}
