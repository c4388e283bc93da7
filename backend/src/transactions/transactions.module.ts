/** The transaction builder, global: any feature that prepares transactions for wallets injects it. */
import { Global, Module } from "@nestjs/common";
import { TransactionBuilder } from "./prepared-transaction";

@Global()
@Module({ providers: [TransactionBuilder], exports: [TransactionBuilder] })
export class TransactionsModule {}
