/**
 * Financing applications: the workflow from a holder's application to the bank's on-chain acceptance,
 * reconciled with the indexed financings. Needs the global CoreModule (config, database, sync state),
 * AuthModule (viewer) and TransactionsModule (TransactionBuilder); import it next to ApiModule.
 */
import { Module } from "@nestjs/common";
import { ApplicationsReconciler } from "./applications.reconciler";
import { ApplicationsRepository } from "./applications.repository";
import { ApplicationsResolver } from "./applications.resolver";
import { ApplicationsService } from "./applications.service";
import { Eligibility } from "./eligibility";
import { RiskService } from "./risk.service";
import { ApplicationWorkflow } from "./workflow";

@Module({
  providers: [
    ApplicationsRepository,
    ApplicationWorkflow,
    Eligibility,
    ApplicationsReconciler,
    RiskService,
    ApplicationsService,
    ApplicationsResolver,
  ],
  exports: [ApplicationsService, ApplicationsReconciler],
})
export class ApplicationsModule {}
