/** Warehouse steps (issue, attest, release receipts) and a receipt owner's, prepared as wallet transactions. */
import { Module } from "@nestjs/common";
import { WarehouseResolver } from "./warehouse.resolver";
import { WarehouseService } from "./warehouse.service";

@Module({ providers: [WarehouseService, WarehouseResolver] })
export class WarehouseModule {}
