/** Financing after funding (repayment, collection, default, recourse, pledge enforcement, held payouts, credit limits), prepared as wallet transactions. */
import { Module } from "@nestjs/common";
import { ServicingResolver } from "./servicing.resolver";
import { ServicingService } from "./servicing.service";

@Module({ providers: [ServicingService, ServicingResolver] })
export class ServicingModule {}
