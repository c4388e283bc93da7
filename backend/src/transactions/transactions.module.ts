/** The transaction builder and the shared step checks, global: any feature that prepares transactions for wallets injects them. */
import { Global, Module } from "@nestjs/common";
import { TransactionBuilder } from "./prepared-transaction";
import { StepChecks } from "./step-checks";

@Global()
@Module({ providers: [TransactionBuilder, StepChecks], exports: [TransactionBuilder, StepChecks] })
export class TransactionsModule {}
