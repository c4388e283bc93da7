/**
 * The GraphQL read API (code first, Apollo Server): every entity with filters, sorting and keyset
 * pagination, relations batched per request, analytics, and the request limits and read-your-writes
 * wait as Apollo plugins. Errors are shaped in one place (formatApiError).
 */
import path from "node:path";
import { ApolloDriver, type ApolloDriverConfig } from "@nestjs/apollo";
import { Module, type DynamicModule } from "@nestjs/common";
import { GraphQLModule } from "@nestjs/graphql";
import type { Request } from "express";
import type { CoreDependencies } from "../common/core.module";
import type { ApiContext } from "./api.context";
import { formatApiError } from "./api.exception";
import { EventsModule } from "./events/events.module";
import { FinancingsModule } from "./financings/financings.module";
import { LoadersFactory } from "./loaders/loaders";
import { LoadersModule } from "./loaders/loaders.module";
import { MembersModule } from "./members/members.module";
import { OrdersModule } from "./orders/orders.module";
import { DEFAULT_QUERY_LIMITS, QueryLimitsPlugin, type QueryLimits } from "./plugins/query-limits.plugin";
import { ReadYourWritesPlugin } from "./plugins/read-your-writes.plugin";
import { PositionsModule } from "./positions/positions.module";
import { ReceiptsModule } from "./receipts/receipts.module";
import { ReceivablesModule } from "./receivables/receivables.module";
import { SyncModule } from "./sync/sync.module";

/** The committed schema, written by `npm run schema -w backend` (the running app keeps its SDL in memory). */
export const SCHEMA_FILE = path.resolve(__dirname, "..", "..", "schema.gql");

export interface ApiOptions {
  /** Where to write the SDL; default (true): keep it in memory, so a running app never writes files. */
  schemaFile?: string | true;
  limits?: Partial<QueryLimits>;
}

@Module({})
export class ApiModule {
  static forRoot(deps: CoreDependencies, options: ApiOptions = {}): DynamicModule {
    const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
    return {
      module: ApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [LoadersModule],
          inject: [LoadersFactory],
          useFactory: (loaders: LoadersFactory): ApolloDriverConfig => ({
            autoSchemaFile: options.schemaFile ?? true,
            sortSchema: true,
            path: "/graphql",
            introspection: true,
            playground: false,
            includeStacktraceInErrorResponses: false,
            formatError: formatApiError,
            context: ({ req }: { req: Request }): ApiContext => ({ req, loaders: loaders.create() }),
            plugins: [
              new QueryLimitsPlugin(limits),
              new ReadYourWritesPlugin(deps.sync, deps.config.minBlockTimeoutMs),
            ],
          }),
        }),
        MembersModule,
        OrdersModule,
        ReceiptsModule,
        ReceivablesModule,
        FinancingsModule,
        EventsModule,
        PositionsModule,
        SyncModule,
      ],
    };
  }
}
