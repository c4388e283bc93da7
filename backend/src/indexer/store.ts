/**
 * The indexer's write path. Handlers read and write entity rows through this store; it keeps them in
 * memory for the batch (and a bounded cache across batches), then writes every changed row with one
 * multi-row upsert per table, the undo journal and the append-only rows, inside the batch's database
 * transaction, next to the cursor. Nothing reaches the database outside that transaction.
 *
 * Journal: for a block that may still be reorganised away, the first write of a row in that block
 * records the row as it was before (null: it did not exist). Rolling back to block A applies the
 * journal entries of the blocks after A, newest first, which leaves every row as it was at the end of A.
 */
import { and, desc, eq, getTableColumns, gt, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { bulkInsert } from "../database/bulk";
import type { Executor } from "../database/database";
import {
  APPEND_ONLY_TABLES,
  chainEvents,
  ENTITY_TABLES,
  journal,
  type EntityName,
  type EntityRows,
} from "../database/schema";

type AnyRow = Record<string, unknown>;
type AppendName = keyof typeof APPEND_ONLY_TABLES | "chainEvents";
type AppendRows = {
  attestations: (typeof APPEND_ONLY_TABLES.attestations)["$inferInsert"];
  repayments: (typeof APPEND_ONLY_TABLES.repayments)["$inferInsert"];
  chainEvents: typeof chainEvents.$inferInsert;
};

const APPEND_TABLES: Record<AppendName, PgTable> = { ...APPEND_ONLY_TABLES, chainEvents };

/** A projection bug or a chain the indexer does not understand: never retried, never skipped. */
export class ProjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectionError";
  }
}

interface TableInfo {
  name: EntityName;
  table: PgTable;
  key: readonly string[];
  /** Property name -> column, for reads, upserts and reviving journaled rows. */
  columns: Record<string, ReturnType<typeof getTableColumns>[string]>;
  dateColumns: string[];
  upsertSet: Record<string, SQL>;
}

function tableInfo(name: EntityName): TableInfo {
  const { table } = ENTITY_TABLES[name];
  const key = ENTITY_TABLES[name].key as readonly string[];
  const columns = getTableColumns(table as PgTable);
  const upsertSet: Record<string, SQL> = {};
  for (const [prop, column] of Object.entries(columns)) {
    if (!key.includes(prop)) upsertSet[prop] = sql.raw(`excluded."${column.name}"`);
  }
  return {
    name,
    table: table as PgTable,
    key,
    columns,
    dateColumns: Object.entries(columns)
      .filter(([, c]) => c.columnType === "PgTimestamp")
      .map(([p]) => p),
    upsertSet,
  };
}

const TABLES = Object.fromEntries(
  (Object.keys(ENTITY_TABLES) as EntityName[]).map((name) => [name, tableInfo(name)]),
) as Record<EntityName, TableInfo>;

export class EntityStore {
  /** Known rows by table and key; null records a row known not to exist. */
  private readonly cache = new Map<EntityName, Map<string, AnyRow | null>>();
  private readonly dirty = new Map<EntityName, Set<string>>();
  private readonly journaled = new Set<string>();
  private journalRows: (typeof journal.$inferInsert)[] = [];
  private appendRows = new Map<AppendName, AnyRow[]>();
  private executor: Executor | null = null;
  private journalFrom = Number.MAX_SAFE_INTEGER;
  private cachedRows = 0;
  /** Groups (table, property, value) whose every row is in the cache: a key missing from it does not exist. */
  private readonly completeGroups = new Map<EntityName, Set<string>>();

  /** `cacheLimit`: rows kept in memory between batches (memory stays flat however long the history). */
  constructor(private readonly cacheLimit = 50_000) {
    for (const name of Object.keys(TABLES) as EntityName[]) {
      this.cache.set(name, new Map());
      this.dirty.set(name, new Set());
    }
  }

  /** Starts a batch inside transaction `tx`; writes in blocks >= `journalFrom` are journaled. */
  begin(tx: Executor, journalFrom: number): void {
    this.executor = tx;
    this.journalFrom = journalFrom;
  }

  private keyOf(info: TableInfo, row: AnyRow): string {
    if (info.key.length === 1) return String(row[info.key[0]]);
    return info.key.map((k) => String(row[k])).join("|");
  }

  private get tx(): Executor {
    if (!this.executor) throw new Error("EntityStore used outside a batch");
    return this.executor;
  }

  /** The row with key `key` (its key properties), or undefined. */
  async get<E extends EntityName>(name: E, key: Partial<EntityRows[E]>): Promise<EntityRows[E] | undefined> {
    const info = TABLES[name];
    const k = this.keyOf(info, key as AnyRow);
    const rows = this.cache.get(name)!;
    if (rows.has(k)) return (rows.get(k) ?? undefined) as EntityRows[E] | undefined;
    const where = and(...info.key.map((prop) => eq(info.columns[prop], (key as AnyRow)[prop])));
    const found = await this.tx.select().from(info.table).where(where).limit(1);
    const row = (found[0] as AnyRow | undefined) ?? null;
    rows.set(k, row);
    this.cachedRows++;
    return (row ?? undefined) as EntityRows[E] | undefined;
  }

  /**
   * Like `get`, for a row of a group (e.g. the holdings of one receivable): the first miss in the group
   * loads the whole group in one query, so later misses (new holders) need no query at all.
   */
  async getInGroup<E extends EntityName>(
    name: E,
    key: Partial<EntityRows[E]>,
    groupProp: keyof EntityRows[E] & string,
  ): Promise<EntityRows[E] | undefined> {
    const info = TABLES[name];
    const k = this.keyOf(info, key as AnyRow);
    const rows = this.cache.get(name)!;
    if (rows.has(k)) return (rows.get(k) ?? undefined) as EntityRows[E] | undefined;
    const value = (key as AnyRow)[groupProp];
    const group = `${groupProp}:${String(value)}`;
    let complete = this.completeGroups.get(name);
    if (!complete) this.completeGroups.set(name, (complete = new Set()));
    if (!complete.has(group)) {
      const found = await this.tx.select().from(info.table).where(eq(info.columns[groupProp], value));
      for (const row of found as AnyRow[]) {
        const rowKey = this.keyOf(info, row);
        // A cached row is newer than the database's (written earlier in this batch).
        if (!rows.has(rowKey)) {
          rows.set(rowKey, row);
          this.cachedRows++;
        }
      }
      complete.add(group);
    }
    if (!rows.has(k)) {
      rows.set(k, null);
      this.cachedRows++;
    }
    return (rows.get(k) ?? undefined) as EntityRows[E] | undefined;
  }

  /** Records that every row of a group is known (a group that has just been created, e.g. a new receivable's holdings). */
  groupComplete<E extends EntityName>(name: E, groupProp: keyof EntityRows[E] & string, value: unknown): void {
    let complete = this.completeGroups.get(name);
    if (!complete) this.completeGroups.set(name, (complete = new Set()));
    complete.add(`${groupProp}:${String(value)}`);
  }

  /** Like `get`, but the row must exist: the chain said it does. */
  async require<E extends EntityName>(name: E, key: Partial<EntityRows[E]>): Promise<EntityRows[E]> {
    const row = await this.get(name, key);
    if (!row) throw new ProjectionError(`${name} ${JSON.stringify(key)} is not indexed but an event refers to it`);
    return row;
  }

  /**
   * Writes `row` (the whole row) in block `block`. `created`: the row is new (an id the chain just
   * assigned), so there is nothing to read first.
   */
  put<E extends EntityName>(name: E, row: EntityRows[E], block: number, created = false): void {
    const info = TABLES[name];
    const k = this.keyOf(info, row as unknown as AnyRow);
    const rows = this.cache.get(name)!;
    if (block >= this.journalFrom) {
      const marker = `${block}|${name}|${k}`;
      if (!this.journaled.has(marker)) {
        this.journaled.add(marker);
        if (!created && !rows.has(k)) {
          throw new ProjectionError(`${name} ${k} written in block ${block} without being read first`);
        }
        const previous = created ? null : rows.get(k);
        this.journalRows.push({
          blockNumber: block,
          tableName: name,
          rowKey: Object.fromEntries(info.key.map((p) => [p, (row as unknown as AnyRow)[p]])),
          previous: previous ?? null,
        });
      }
    }
    if (!rows.has(k)) this.cachedRows++;
    rows.set(k, row as unknown as AnyRow);
    this.dirty.get(name)!.add(k);
  }

  append<A extends AppendName>(name: A, row: AppendRows[A]): void {
    let list = this.appendRows.get(name);
    if (!list) this.appendRows.set(name, (list = []));
    list.push(row as AnyRow);
  }

  /** Writes everything the batch changed, in the batch's transaction: one statement per table. */
  async flush(): Promise<{ rows: number }> {
    const tx = this.tx;
    let written = 0;
    for (const info of Object.values(TABLES)) {
      const keys = this.dirty.get(info.name)!;
      if (keys.size === 0) continue;
      const rows = this.cache.get(info.name)!;
      const values = [...keys].map((k) => rows.get(k) as AnyRow);
      await bulkInsert(tx, info.table, values, info.key);
      written += values.length;
    }
    for (const [name, rows] of this.appendRows) {
      await bulkInsert(tx, APPEND_TABLES[name], rows);
      written += rows.length;
    }
    await bulkInsert(tx, journal, this.journalRows as AnyRow[]);
    return { rows: written };
  }

  /** After the batch's transaction committed: forget what was written, trim the cache. */
  committed(): void {
    for (const keys of this.dirty.values()) keys.clear();
    this.journaled.clear();
    this.journalRows = [];
    this.appendRows = new Map();
    this.executor = null;
    if (this.cachedRows > this.cacheLimit) this.trim();
  }

  /** After a failed batch or a rollback: nothing in memory can be trusted any more. */
  reset(): void {
    this.completeGroups.clear();
    for (const rows of this.cache.values()) rows.clear();
    this.cachedRows = 0;
    for (const keys of this.dirty.values()) keys.clear();
    this.journaled.clear();
    this.journalRows = [];
    this.appendRows = new Map();
    this.executor = null;
  }

  /** Drops the oldest half of the cached rows (a Map iterates in insertion order). */
  private trim(): void {
    // Evicted rows leave their groups incomplete.
    this.completeGroups.clear();
    let toDrop = this.cachedRows - Math.floor(this.cacheLimit / 2);
    for (const rows of this.cache.values()) {
      for (const k of rows.keys()) {
        if (toDrop <= 0) return;
        rows.delete(k);
        this.cachedRows--;
        toDrop--;
      }
    }
  }
}

/**
 * Undoes every write of the blocks after `ancestor`: entity rows from the journal (newest first), then
 * the append-only rows and raw events of those blocks. Runs inside the rollback's transaction.
 */
export async function rollbackTo(tx: Executor, chainId: number, ancestor: number): Promise<{ undone: number }> {
  const entries = await tx.select().from(journal).where(gt(journal.blockNumber, ancestor)).orderBy(desc(journal.id));
  for (const entry of entries) {
    const info = TABLES[entry.tableName as EntityName];
    if (!info) throw new ProjectionError(`journal names an unknown table ${entry.tableName}`);
    const key = entry.rowKey as AnyRow;
    if (entry.previous === null) {
      await tx.delete(info.table).where(and(...info.key.map((p) => eq(info.columns[p], key[p]))));
    } else {
      const row = { ...(entry.previous as AnyRow) };
      for (const p of info.dateColumns) if (row[p] != null) row[p] = new Date(row[p] as string);
      await tx
        .insert(info.table)
        .values(row)
        .onConflictDoUpdate({ target: info.key.map((p) => info.columns[p]), set: info.upsertSet });
    }
  }
  await tx.delete(journal).where(gt(journal.blockNumber, ancestor));
  await tx.delete(chainEvents).where(and(eq(chainEvents.chainId, chainId), gt(chainEvents.blockNumber, ancestor)));
  for (const table of Object.values(APPEND_ONLY_TABLES)) {
    await tx.delete(table).where(gt(table.blockNumber, ancestor));
  }
  return { undone: entries.length };
}

/** Journal entries of blocks that can no longer be reorganised away are not needed. */
export async function pruneJournal(tx: Executor, belowBlock: number): Promise<void> {
  await tx.delete(journal).where(sql`${journal.blockNumber} < ${belowBlock}`);
}
