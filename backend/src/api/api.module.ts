/**
 * The GraphQL read API (code first, Apollo Server): every entity with filters, sorting and keyset
 * pagination, relations batched per request, analytics, and the request limits and read-your-writes
 * wait as Apollo plugins. Errors are shaped in one place (formatApiError).
 */
import path from "node:path";
import { ApolloDriver, type ApolloDriverConfig } from "@nestjs/apollo";
import { Module, type DynamicModule } from "@nestjs/common";
import { GraphQLModule } from "@nestjs/graphql";
import type { Request, Response } from "express";
import { AuditPlugin } from "../audit/audit.plugin";
import { AuditService } from "../audit/audit.service";
import type { AuthenticatedRequest } from "../auth/auth.middleware";
import type { IncomingMessage } from "node:http";
import type { ExecutionResult, GraphQLError } from "graphql";
import { RequestAuth } from "../auth/request-auth";
import { SessionService } from "../auth/sessions";
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
import { StatisticsModule } from "./statistics/statistics.module";
import { SyncModule } from "./sync/sync.module";

/** The committed schema, written by `npm run schema -w backend` (the running app keeps its SDL in memory). */
export const SCHEMA_FILE = path.resolve(__dirname, "..", "..", "schema.gql");

export interface ApiOptions {
  /** Where to write the SDL; default (true): keep it in memory, so a running app never writes files. */
  schemaFile?: string | true;
  limits?: Partial<QueryLimits>;
}

/** The graphql-ws connection context, with the sign-in state resolved at connection. */
interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra: { request: IncomingMessage; auth?: RequestAuth };
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
          inject: [LoadersFactory, SessionService, AuditService],
          useFactory: (loaders: LoadersFactory, sessions: SessionService, audit: AuditService): ApolloDriverConfig => ({
            autoSchemaFile: options.schemaFile ?? true,
            sortSchema: true,
            path: "/graphql",
            introspection: true,
            playground: false,
            includeStacktraceInErrorResponses: false,
            formatError: formatApiError,
            context: async (
              http: { req: Request; res: Response } | WsContext,
            ): Promise<ApiContext | Omit<ApiContext, "res">> => {
              if ("extra" in http && http.extra) {
                // A subscription over graphql-ws: the sign-in state was resolved when the socket connected.
                return { req: http.extra.request as Request, loaders: loaders.create(), auth: http.extra.auth! };
              }
              const { req, res } = http as { req: Request; res: Response };
              return {
                req,
                res,
                loaders: loaders.create(),
                // Resolved by AuthMiddleware for every HTTP request; resolved here when it did not run.
                auth:
                  (req as AuthenticatedRequest).auth ??
                  (await RequestAuth.resolve(() => sessions.viewerFromRequest(req))),
              };
            },
            subscriptions: {
              "graphql-ws": {
                path: "/graphql",
                // The token comes in connectionParams.authorization ("Bearer ...") or the session cookie of
                // the upgrade request; a bad token closes the socket (4403), none lets it connect anonymously
                // (a subscription then fails UNAUTHENTICATED).
                onConnect: async (connection: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
                  const ctx = connection as WsContext;
                  const authorization = ctx.connectionParams?.authorization;
                  const headers = {
                    authorization: typeof authorization === "string" ? authorization : undefined,
                    cookie: ctx.extra.request.headers.cookie,
                  };
                  const auth = await RequestAuth.resolve(() => sessions.viewerFromRequest({ headers } as Request));
                  try {
                    auth.optional();
                  } catch {
                    return false;
                  }
                  ctx.extra.auth = auth;
                  return true;
                },
                // Errors over the socket get the same shape and codes as over HTTP.
                onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
                  result.errors
                    ? { ...result, errors: result.errors.map((e) => formatApiError(e.toJSON(), e)) }
                    : undefined,
                // graphql-ws's onError, passed through by Nest but missing from its config type.
                ...{
                  onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
                    errors.map((e) => formatApiError(e.toJSON(), e)),
                },
              },
            },
            plugins: [
              new QueryLimitsPlugin(limits),
              new ReadYourWritesPlugin(deps.sync, deps.config.minBlockTimeoutMs),
              new AuditPlugin(audit),
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
        StatisticsModule,
        SyncModule,
      ],
    };
  }
}
