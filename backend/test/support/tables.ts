/** Every projected table of a database, as sorted plain data, to compare two indexes of one chain. */
import { getTableColumns, getTableName, asc } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../../src/database/database";
import { APPEND_ONLY_TABLES, chainEvents, ENTITY_TABLES } from "../../src/database/schema";

const PRIMARY_KEYS: [PgTable, string[]][] = [
  ...Object.values(ENTITY_TABLES).map(({ table, key }) => [table as PgTable, [...key]] as [PgTable, string[]]),
  [APPEND_ONLY_TABLES.attestations, ["blockNumber", "logIndex"]],
  [APPEND_ONLY_TABLES.repayments, ["blockNumber", "logIndex", "financingId"]],
  [chainEvents, ["chainId", "blockNumber", "logIndex"]],
];

export async function dumpTables(db: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of PRIMARY_KEYS) {
    const columns = getTableColumns(table);
    const rows = await db
      .select()
      .from(table)
      .orderBy(...key.map((k) => asc(columns[k])));
    out[getTableName(table)] = rows.map((row) => JSON.parse(JSON.stringify(row)));
  }
  return out;
}

export function rowCounts(tables: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, rows.length]));
}
