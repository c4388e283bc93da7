import { Inject, Injectable } from "@nestjs/common";
import type { Access } from "../common/access";
import { orderOrDefault, type OrderBy } from "../common/order.input";
import { pageArgs } from "../common/pagination";
import {
  AttestationSortField,
  WarehouseReceiptSortField,
  type AttestationFilter,
  type WarehouseReceiptFilter,
} from "./dtos/receipts.input";
import { ReceiptsRepository } from "./receipts.repository";

@Injectable()
export class ReceiptsService {
  constructor(@Inject(ReceiptsRepository) private readonly repository: ReceiptsRepository) {}

  receipts(
    access: Access,
    filter: WarehouseReceiptFilter | undefined,
    orderBy: OrderBy<WarehouseReceiptSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.list(
      access,
      filter,
      orderOrDefault(orderBy, WarehouseReceiptSortField.ID),
      pageArgs(first, after),
    );
  }

  attestations(
    access: Access,
    filter: AttestationFilter | undefined,
    orderBy: OrderBy<AttestationSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listAttestations(
      access,
      filter,
      orderOrDefault(orderBy, AttestationSortField.CHAIN_ORDER),
      pageArgs(first, after),
    );
  }
}
