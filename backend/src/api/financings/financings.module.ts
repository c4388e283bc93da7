import { Module } from "@nestjs/common";
import { FinancingsRepository } from "./financings.repository";
import {
  BankPortfolioResolver,
  ExposureResolver,
  FinancingsResolver,
  OverdueExposureResolver,
  RepaymentsResolver,
} from "./financings.resolver";
import { FinancingsService } from "./financings.service";

@Module({
  providers: [
    FinancingsRepository,
    FinancingsService,
    FinancingsResolver,
    RepaymentsResolver,
    BankPortfolioResolver,
    ExposureResolver,
    OverdueExposureResolver,
  ],
  exports: [FinancingsRepository],
})
export class FinancingsModule {}
