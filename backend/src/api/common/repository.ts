import { Inject } from "@nestjs/common";
import { inArray, type SQL } from "drizzle-orm";
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
