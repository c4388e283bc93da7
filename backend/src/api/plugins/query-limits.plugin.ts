/**
 * Rejects, before execution, operations nested too deep, using too many aliases or too costly, each
 * with its own code and HTTP 400. Cost (graphql-query-complexity): one point per field, and list
 * fields count their elements: a connection's edges `first` times, a plain relation list LIST_FACTOR
 * times. A full page of 500 rows with about ten fields costs about 7 000.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import {
  getNullableType,
  isListType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { ApiErrorCode, ApiException, requestError } from "../api.exception";
import { DEFAULT_PAGE_SIZE } from "../common/pagination";

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 20_000 };

/** Assumed length of a relation list (parts, attestations, ...), which has no `first`. */
export const LIST_FACTOR = 10;
export const INTROSPECTION_LIST_FACTOR = 5;

type Fragments = Map<string, FragmentDefinitionNode>;

function fragmentsOf(document: DocumentNode): Fragments {
  const map: Fragments = new Map();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

/**
 * Folds a selection set with fragments expanded (each fragment computed once, memoised):
 * `field(name, alias, childValue)` gives a field's value, `combine` merges siblings.
 */
function fold(
  selectionSet: SelectionSetNode,
  fragments: Fragments,
  field: (name: string, aliased: boolean, child: number | undefined) => number,
  combine: (a: number, b: number) => number,
  memo = new Map<string, number>(),
  visiting = new Set<string>(),
): number {
  let acc = 0;
  for (const s of selectionSet.selections) {
    let value: number;
    if (s.kind === Kind.FIELD) {
      const child = s.selectionSet ? fold(s.selectionSet, fragments, field, combine, memo, visiting) : undefined;
      value = field(s.name.value, s.alias !== undefined, child);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      value = fold(s.selectionSet, fragments, field, combine, memo, visiting);
    } else {
      const name = s.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      if (!memo.has(name)) {
        visiting.add(name);
        memo.set(name, fold(fragment.selectionSet, fragments, field, combine, memo, visiting));
        visiting.delete(name);
      }
      value = memo.get(name) as number;
    }
    acc = combine(acc, value);
  }
  return acc;
}

/** Nesting depth of the operation's fields (introspection subtrees not counted: their cost is). */
export function queryDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  return fold(
    operation.selectionSet,
    fragmentsOf(document),
    (name, _aliased, child) => (name.startsWith("__") ? 0 : 1 + (child ?? 0)),
    Math.max,
  );
}

/** Aliases in the operation, with fragments counted each time they are spread. */
export function aliasCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  return fold(
    operation.selectionSet,
    fragmentsOf(document),
    (_name, aliased, child) => (aliased ? 1 : 0) + (child ?? 0),
    (a, b) => a + b,
  );
}

/** Cost of each connection's `edges` selection, noted for the connection's estimator (children are estimated first). */
const edgesCosts = new WeakMap<FieldNode, number>();

const edgesEstimator: ComplexityEstimator = ({ type, field, node, childComplexity }) => {
  if (field.name !== "edges" || !type.name.endsWith("Connection")) return undefined;
  const cost = 1 + childComplexity;
  edgesCosts.set(node, cost);
  return cost;
};

/**
 * Connections: 1 + pageInfo and totalCount + `first` x the edges. When the edges cannot be told apart
 * (selected through a fragment), the whole selection is multiplied.
 */
const connectionEstimator: ComplexityEstimator = ({ field, args, node, childComplexity }) => {
  if (!field.args.some((a) => a.name === "first")) return undefined;
  const first = Math.max(0, typeof args.first === "number" ? args.first : DEFAULT_PAGE_SIZE);
  let edges = 0;
  for (const selection of node.selectionSet?.selections ?? []) {
    const cost = selection.kind === Kind.FIELD && selection.name.value === "edges" ? edgesCosts.get(selection) : 0;
    if (selection.kind !== Kind.FIELD || cost === undefined) return 1 + first * childComplexity;
    edges += cost;
  }
  return 1 + (childComplexity - edges) + first * edges;
};

/**
 * Relation lists (but not a connection's edges, already counted): 1 + LIST_FACTOR x their selection;
 * introspection lists (types, fields, args...) INTROSPECTION_LIST_FACTOR x, so that the standard
 * introspection query passes (about 8 000); graphql-js itself refuses recursive introspection.
 */
const listEstimator: ComplexityEstimator = ({ type, field, childComplexity }) => {
  if (field.name === "edges" || !isListType(getNullableType(field.type))) return undefined;
  return 1 + (type.name.startsWith("__") ? INTROSPECTION_LIST_FACTOR : LIST_FACTOR) * childComplexity;
};

/** Estimated cost of an operation; undefined when its variables do not coerce (execution reports that). */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [edgesEstimator, connectionEstimator, listEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    return undefined;
  }
}

/** Throws the ApiException of the first limit `operation` breaks. */
export function checkQueryLimits(
  limits: QueryLimits,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): void {
  const depth = queryDepth(document, operation);
  if (depth > limits.maxDepth) {
    throw new ApiException(
      ApiErrorCode.QUERY_TOO_DEEP,
      `the query is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed`,
      { depth, maxDepth: limits.maxDepth },
    );
  }
  const aliases = aliasCount(document, operation);
  if (aliases > limits.maxAliases) {
    throw new ApiException(
      ApiErrorCode.TOO_MANY_ALIASES,
      `the query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`,
      { aliases, maxAliases: limits.maxAliases },
    );
  }
  const cost = queryCost(schema, document, operation.name?.value, variables);
  if (cost !== undefined && cost > limits.maxCost) {
    throw new ApiException(
      ApiErrorCode.QUERY_TOO_COMPLEX,
      `the query's estimated cost is ${cost}; at most ${limits.maxCost} is allowed (ask for smaller pages or fewer nested lists)`,
      { cost, maxCost: limits.maxCost },
    );
  }
}

export class QueryLimitsPlugin implements ApolloServerPlugin {
  constructor(private readonly limits: QueryLimits) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const limits = this.limits;
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        if (!operation) return;
        try {
          checkQueryLimits(limits, schema, document, operation, request.variables);
        } catch (error) {
          throw error instanceof ApiException ? requestError(error) : error;
        }
      },
    };
  }
}
