/** The Nest application: core providers, the workflow modules, the GraphQL API and the portal's endpoints. */
import { Module, type DynamicModule } from "@nestjs/common";
import { AlertsModule } from "./alerts/alerts.module";
import { ApiModule, type ApiOptions } from "./api/api.module";
import { ApplicationsModule } from "./applications/applications.module";
import { AuditModule } from "./audit/audit.module";
import { AuthModule } from "./auth/auth.module";
import { CoreModule, type CoreDependencies } from "./common/core.module";
import { ConsortiumModule } from "./consortium/consortium.module";
import { DocumentsModule } from "./documents/documents.module";
import { PortalModule } from "./portal/portal.module";
import { ServicingModule } from "./servicing/servicing.module";
import { TradeModule } from "./trade/trade.module";
import { TransactionsModule } from "./transactions/transactions.module";
import { WarehouseModule } from "./warehouse/warehouse.module";

@Module({})
export class AppModule {
  static forRoot(deps: CoreDependencies, api: ApiOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        AuthModule,
        AuditModule,
        TransactionsModule,
        AlertsModule,
        DocumentsModule,
        TradeModule,
        WarehouseModule,
        ServicingModule,
        ConsortiumModule,
        ApplicationsModule,
        ApiModule.forRoot(deps, api),
        PortalModule,
      ],
    };
  }
}
