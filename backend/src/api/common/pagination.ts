/**
 * Relay-style connections with keyset pagination: a list is ordered by one sort column then the
 * table's primary key (a total order), and the opaque cursor carries those values, so the next page
 * is `WHERE (sort, key...) > (cursor values)`: no OFFSET, stable under inserts.
 */
import type { Type } from "@nestjs/common";
import { Field, Int, ObjectType, registerEnumType } from "@nestjs/graphql";
import { and, asc, count, desc, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../../database/database";
import { ApiException } from "../api.exception";
import { parseIntArg } from "./validation";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection" });

@ObjectType({ description: "Where a page sits in its list." })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => Boolean, { description: "True when the page was asked for after a cursor." })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Lazy: a getter, counted only when the query selects it. */
  readonly totalCount: Promise<number>;
}

/** Base class of a `<Node>Connection` object type. */
export function Connection<T>(nodeType: Type<T>, name = nodeType.name): Type<Page<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;
    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];
    @Field(() => PageInfo)
    pageInfo!: PageInfo;
    @Field(() => Int, { description: "Rows matching the filter, over all pages." })
    totalCount!: Promise<number>;
  }
  return ConnectionType as unknown as Type<Page<T>>;
}

/** How a key value is written in a cursor and compared in SQL. */
export type ValueKind = "int" | "text" | "numeric" | "time";

export interface KeyColumn {
  column: PgColumn;
  /** Property of the row holding the value. */
  prop: string;
  kind: ValueKind;
  /** For a nullable sort column: the value NULL sorts as (rows compare on `coalesce(column, nullAs)`). */
  nullAs?: CursorValue;
}

/** One way to order a list: its sort column followed by the primary key. */
export interface Ordering {
  field: string;
  columns: KeyColumn[];
}

export interface ListSpec<F extends string> {
  /** Tag written into cursors, so a cursor of another list is refused. */
  name: string;
  table: PgTable;
  key: KeyColumn[];
  sorts: Record<F, KeyColumn>;
}

export function orderingOf<F extends string>(spec: ListSpec<F>, field: F): Ordering {
  const sort = spec.sorts[field];
  const columns = [sort, ...spec.key.filter((k) => k.column !== sort.column)];
  return { field, columns };
}

export interface PageArgs {
  first: number;
  after?: string;
}

/** Checks `first` (default 50, at most 500) and keeps `after` for decoding. */
export function pageArgs(first: number | null | undefined, after: string | null | undefined): PageArgs {
  return { first: parseIntArg(first, "first", 0, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE), after: after ?? undefined };
}

type CursorValue = string | number;

function toCursorValue(value: unknown, column: KeyColumn): CursorValue {
  const kind = column.kind;
  if (value === null || value === undefined) {
    if (column.nullAs === undefined) throw new Error(`${column.prop} is null and has no nullAs`);
    return column.nullAs;
  }
  if (kind === "time") return (value as Date).toISOString();
  if (kind === "int") return Number(value);
  return String(value);
}

function encodeCursor(name: string, ordering: Ordering, row: Record<string, unknown>): string {
  const values = ordering.columns.map((c) => toCursorValue(row[c.prop], c));
  return Buffer.from(JSON.stringify([name, ordering.field, ...values])).toString("base64url");
}

function badCursor(reason: string): ApiException {
  return ApiException.badInput("after", `argument "after" is not a valid cursor: ${reason}`);
}

function validValue(value: unknown, kind: ValueKind): boolean {
  switch (kind) {
    case "int":
      return typeof value === "number" && Number.isSafeInteger(value);
    case "numeric":
      return typeof value === "string" && /^-?\d{1,80}$/.test(value);
    case "time":
      return typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));
    case "text":
      return typeof value === "string";
  }
}

function decodeCursor(name: string, ordering: Ordering, cursor: string): CursorValue[] {
  let parsed: unknown;
  try {
    if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("not a cursor");
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor("malformed");
  }
  if (!Array.isArray(parsed) || parsed.length < 3) throw badCursor("malformed");
  const [list, field, ...values] = parsed as unknown[];
  if (list !== name) throw badCursor(`it belongs to another list than ${name}`);
  if (field !== ordering.field) {
    throw badCursor(`it was issued for orderBy.field ${String(field)}, not ${ordering.field}`);
  }
  if (values.length !== ordering.columns.length) throw badCursor("malformed");
  ordering.columns.forEach((c, i) => {
    if (!validValue(values[i], c.kind)) throw badCursor("malformed");
  });
  return values as CursorValue[];
}

const CASTS: Record<ValueKind, string> = { int: "bigint", text: "text", numeric: "numeric", time: "timestamptz" };

/** What a key column sorts and compares on. */
function expression(c: KeyColumn): SQL {
  return c.nullAs === undefined
    ? sql`${c.column}`
    : sql`coalesce(${c.column}, cast(${c.nullAs} as ${sql.raw(CASTS[c.kind])}))`;
}

/** `(a, b, c) > (x, y, z)` (or `<` descending): the rows after the cursor. */
function after(ordering: Ordering, values: CursorValue[], direction: OrderDirection): SQL {
  const columns = sql.join(ordering.columns.map(expression), sql`, `);
  const params = sql.join(
    ordering.columns.map((c, i) => sql`cast(${values[i]} as ${sql.raw(CASTS[c.kind])})`),
    sql`, `,
  );
  return direction === OrderDirection.ASC ? sql`(${columns}) > (${params})` : sql`(${columns}) < (${params})`;
}

export interface ListQuery<F extends string> {
  where?: SQL;
  field: F;
  direction: OrderDirection;
  page: PageArgs;
}

/** One page of `spec`'s rows matching `where`, in the requested order: one SELECT (+1 COUNT if asked). */
export async function keysetPage<Row, F extends string>(
  db: Database,
  spec: ListSpec<F>,
  query: ListQuery<F>,
): Promise<Page<Row>> {
  const ordering = orderingOf(spec, query.field);
  const { first, after: cursor } = query.page;
  const conditions: SQL[] = [];
  if (query.where) conditions.push(query.where);
  if (cursor !== undefined)
    conditions.push(after(ordering, decodeCursor(spec.name, ordering, cursor), query.direction));
  const order = ordering.columns.map((c) =>
    query.direction === OrderDirection.ASC ? asc(expression(c)) : desc(expression(c)),
  );

  const rows = (await db
    .select()
    .from(spec.table)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(first + 1)) as Row[];
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((node) => ({
    cursor: encodeCursor(spec.name, ordering, node as Record<string, unknown>),
    node,
  }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: cursor !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return (total ??= db
        .select({ n: count() })
        .from(spec.table)
        .where(query.where)
        .then((r) => Number(r[0]?.n ?? 0)));
    },
  };
}

/** A column of a list's key or sort, with the row property and kind of its values. */
export function key(column: PgColumn, prop: string, kind: ValueKind, nullAs?: CursorValue): KeyColumn {
  return { column, prop, kind, nullAs };
}
