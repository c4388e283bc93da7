import { Inject } from "@nestjs/common";
import { inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { DATABASE } from "../../common/tokens";
import type { Database, DatabaseHandle } from "../../database/database";

/** Base of the API's repositories: read-only access to the indexer's tables. */
export abstract class Repository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  protected get db(): Database {
    return this.database.db;
  }
}

/** `column IN (values)`, or `column = value` for one value; undefined (no condition) when values is undefined. */
export function anyOf<T>(column: PgColumn, values: readonly T[] | undefined | null): SQL | undefined {
  if (values === undefined || values === null) return undefined;
  return inArray(column, values as T[]);
}

/** `text` as a LIKE pattern that matches itself only: `\`, `%` and `_` escaped with a backslash. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/**
 * `column` contains `text`, ignoring case (`ILIKE '%text%'`, the user's `%`, `_` and `\` matched
 * literally); undefined (no condition) when text is undefined.
 */
export function containsText(column: PgColumn, text: string | undefined | null): SQL | undefined {
  if (text === undefined || text === null) return undefined;
  return sql`${column} ILIKE ${`%${likeLiteral(text)}%`} ESCAPE '\\'`;
}
