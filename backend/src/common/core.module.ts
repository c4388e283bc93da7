/**
 * The process-wide providers every feature module may inject: the validated configuration, the open
 * database and the indexer's sync state. Built once by the bootstrap (src/server.ts) and made global.
 */
import { Global, Module, type DynamicModule } from "@nestjs/common";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle } from "../database/database";
import { SyncState } from "../indexer/sync-state";
import { CONFIG, DATABASE } from "./tokens";

export interface CoreDependencies {
  config: BackendConfig;
  database: DatabaseHandle;
  sync: SyncState;
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: DATABASE, useValue: deps.database },
        { provide: SyncState, useValue: deps.sync },
      ],
      exports: [CONFIG, DATABASE, SyncState],
    };
  }
}
