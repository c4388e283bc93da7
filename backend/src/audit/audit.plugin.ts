/**
 * Records every GraphQL mutation in the audit log once it has run: one row per root field, with the
 * signed-in member (if any), the field's arguments (secrets redacted by AuditService) and its result
 * (OK, or the error code of the first error under that field). Queries are not recorded.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { Kind, type FieldNode, type GraphQLObjectType, type OperationDefinitionNode } from "graphql";
import { getArgumentValues } from "graphql/execution/values";
import type { ApiContext } from "../api/api.context";
import type { AuditService } from "./audit.service";

function clientIp(context: ApiContext): string | null {
  return context.req?.ip ?? context.req?.socket?.remoteAddress ?? null;
}

export class AuditPlugin implements ApolloServerPlugin<ApiContext> {
  constructor(private readonly audit: AuditService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<ApiContext>> {
    const audit = this.audit;
    return {
      async willSendResponse({ operation, contextValue, schema, request, response, errors }) {
        if (!operation || operation.operation !== "mutation") return;
        const mutationType = schema.getMutationType() as GraphQLObjectType;
        const resultErrors =
          response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : (errors ?? []);
        let viewer = null;
        try {
          viewer = contextValue.auth?.optional() ?? null;
        } catch {
          // A bad token: the mutation ran (or failed) anonymously.
        }
        for (const field of rootFields(operation)) {
          const key = field.alias?.value ?? field.name.value;
          const definition = mutationType.getFields()[field.name.value];
          let detail: Record<string, unknown> = {};
          try {
            if (definition) detail = getArgumentValues(definition, field, request.variables ?? {});
          } catch {
            detail = { invalidArguments: true };
          }
          const error =
            resultErrors.find((e) => e.path?.[0] === key) ??
            (resultErrors.length > 0 && !resultErrors[0].path ? resultErrors[0] : undefined);
          await audit.record({
            viewer,
            action: field.name.value,
            detail,
            result: error ? String(error.extensions?.code ?? "ERROR") : "OK",
            error: error?.message ?? null,
            ip: clientIp(contextValue),
          });
        }
      },
    };
  }
}

function rootFields(operation: OperationDefinitionNode): FieldNode[] {
  return operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
}
