/**
 * Bulk writes for the indexer: one INSERT per table and batch that sends each column as ONE array
 * parameter and spreads them with unnest(), instead of one parameter per value. The statement and
 * its parameters stay small however many rows a batch has, on PGlite and PostgreSQL alike.
 */
import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./database";

interface ColumnPlan {
  prop: string;
  name: string;
  /** Element type of the array parameter. */
  cast: string;
  /** How the value is taken from the unnest() row. */
  select: string;
  convert: (value: unknown) => unknown;
}

interface TablePlan {
  name: string;
  columns: ColumnPlan[];
  insert: string;
  conflict: Map<string, string>;
}

const plans = new Map<PgTable, TablePlan>();
const SEPARATOR = "\x1f";

function plan(table: PgTable): TablePlan {
  let out = plans.get(table);
  if (out) return out;
  const columns: ColumnPlan[] = [];
  for (const [prop, column] of Object.entries(getTableColumns(table))) {
    const type = column.getSQLType();
    if (type.startsWith("bigserial") || type.startsWith("serial")) continue;
    const quoted = `"${column.name}"`;
    if (type.endsWith("[]")) {
      // An array column travels as one text per row, its elements joined by the unit separator
      // (unnest would flatten a 2-D array); string_to_array splits it back.
      const element = type.slice(0, -2);
      columns.push({
        prop,
        name: column.name,
        cast: "text",
        select: `string_to_array(r.${quoted}, E'\\x1f')::${element}[]`,
        convert: (v) => {
          if (v == null) return null;
          const items = (v as unknown[]).map(String);
          if (items.some((item) => item.includes(SEPARATOR))) throw new Error(`${prop}: element contains U+001F`);
          return items.join(SEPARATOR);
        },
      });
    } else if (type === "jsonb" || type === "json") {
      columns.push({
        prop,
        name: column.name,
        cast: type,
        select: `r.${quoted}`,
        convert: (v) => (v == null ? null : JSON.stringify(v)),
      });
    } else {
      columns.push({
        prop,
        name: column.name,
        cast: type,
        select: `r.${quoted}`,
        convert: (v) => (v instanceof Date ? v.toISOString() : (v ?? null)),
      });
    }
  }
  const name = getTableName(table);
  const list = columns.map((c) => `"${c.name}"`).join(", ");
  out = {
    name,
    columns,
    insert: `insert into "${name}" (${list}) select ${columns.map((c) => c.select).join(", ")} from unnest(`,
    conflict: new Map(),
  };
  plans.set(table, out);
  return out;
}

/**
 * Inserts `rows` (objects keyed by property name) into `table`; with `upsertKey` (property names of
 * the primary key), a row that exists is replaced by the new one.
 */
export async function bulkInsert(
  tx: Executor,
  table: PgTable,
  rows: Record<string, unknown>[],
  upsertKey?: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const p = plan(table);
  const chunks: SQL[] = [sql.raw(p.insert)];
  p.columns.forEach((c, i) => {
    const values = rows.map((row) => c.convert(row[c.prop]));
    if (i > 0) chunks.push(sql.raw(", "));
    chunks.push(sql`${sql.param(values)}::${sql.raw(c.cast)}[]`);
  });
  chunks.push(sql.raw(`) as r(${p.columns.map((c) => `"${c.name}"`).join(", ")})`));
  if (upsertKey) {
    const cacheKey = upsertKey.join(",");
    let conflict = p.conflict.get(cacheKey);
    if (!conflict) {
      const keyNames = upsertKey.map((prop) => p.columns.find((c) => c.prop === prop)!.name);
      const updates = p.columns
        .filter((c) => !keyNames.includes(c.name))
        .map((c) => `"${c.name}" = excluded."${c.name}"`);
      conflict = ` on conflict (${keyNames.map((n) => `"${n}"`).join(", ")}) do update set ${updates.join(", ")}`;
      p.conflict.set(cacheKey, conflict);
    }
    chunks.push(sql.raw(conflict));
  }
  await tx.execute(sql.join(chunks));
}
