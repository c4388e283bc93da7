/**
 * The audit log: every mutation and upload, who did it, when, with what arguments (secrets left out)
 * and the result. Written after the operation, outside its transaction, so a failed operation is
 * recorded too; the regulator reads it and exports it as CSV.
 */
import { Inject, Injectable, Logger } from "@nestjs/common";
import { and, asc, eq, gt, gte, lt, type SQL } from "drizzle-orm";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { roleNames } from "../api/common/enums";
import { key, keysetPage, OrderDirection, type ListSpec, type Page, type PageArgs } from "../api/common/pagination";
import { DATABASE } from "../common/tokens";
import type { DatabaseHandle } from "../database/database";
import { auditLog, type AuditEntry as AuditRow } from "../database/schema";
import { isRegulator, type Viewer } from "../auth/viewer";
import type { AuditEntry, AuditFilter } from "./audit.model";

/** Argument names whose values never reach the log. */
const SECRET = /signature|token|password|secret|privatekey|documentkey|^key$/i;

/** `detail` with secrets replaced and long strings cut, so the log stays readable and safe to export. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "…";
  if (typeof value === "string") return value.length > 500 ? `${value.slice(0, 500)}…` : value;
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET.test(k) ? "[redacted]" : redact(v, depth + 1),
      ]),
    );
  }
  return value ?? null;
}

export interface AuditRecord {
  viewer: Pick<Viewer, "address" | "roles"> | null;
  action: string;
  detail: Record<string, unknown>;
  /** "OK" or the error code. */
  result: string;
  error?: string | null;
  ip?: string | null;
  at?: Date;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger("Audit");

  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async record(entry: AuditRecord): Promise<void> {
    try {
      await this.database.db.insert(auditLog).values({
        at: entry.at ?? new Date(),
        actor: entry.viewer?.address ?? null,
        actorRoles: entry.viewer?.roles ?? null,
        action: entry.action,
        detail: redact(entry.detail) as Record<string, unknown>,
        result: entry.result,
        error: entry.error ?? null,
        ip: entry.ip ?? null,
      });
    } catch (error) {
      // The operation already happened; losing its audit row must at least be loud.
      this.logger.error(
        `could not record ${entry.action} by ${entry.viewer?.address ?? "anonymous"}: ${(error as Error).message}`,
      );
    }
  }
}

type AuditSortField = "ID";
const AUDIT: ListSpec<AuditSortField> = {
  name: "auditLog",
  table: auditLog,
  key: [key(auditLog.id, "id", "int")],
  sorts: { ID: key(auditLog.id, "id", "int") },
};

/** Only the regulator reads the audit log. */
export function requireAuditReader(viewer: Viewer): void {
  if (!isRegulator(viewer)) {
    throw new ApiException(ApiErrorCode.FORBIDDEN, "only the regulator may read the audit log");
  }
}

function whereOf(filter: AuditFilter | undefined): SQL | undefined {
  const f = filter ?? {};
  return and(
    f.actor ? eq(auditLog.actor, f.actor) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.result ? eq(auditLog.result, f.result) : undefined,
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lt(auditLog.at, f.to) : undefined,
  );
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return { ...row, id: String(row.id), actorRoles: roleNames(row.actorRoles ?? 0) };
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet (CSV injection). */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const AUDIT_CSV_COLUMNS = ["id", "at", "actor", "actorRoles", "action", "result", "error", "ip", "detail"];

export function auditCsvLine(row: AuditRow): string {
  return [
    row.id,
    row.at,
    row.actor,
    roleNames(row.actorRoles ?? 0).join("|"),
    row.action,
    row.result,
    row.error,
    row.ip,
    JSON.stringify(row.detail),
  ]
    .map(csvCell)
    .join(",");
}

@Injectable()
export class AuditReader {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async list(viewer: Viewer, filter: AuditFilter | undefined, page: PageArgs): Promise<Page<AuditEntry>> {
    requireAuditReader(viewer);
    const rows = await keysetPage<AuditRow, AuditSortField>(this.database.db, AUDIT, {
      where: whereOf(filter),
      field: "ID",
      direction: OrderDirection.ASC,
      page,
    });
    return {
      edges: rows.edges.map((e) => ({ cursor: e.cursor, node: toAuditEntry(e.node) })),
      pageInfo: rows.pageInfo,
      get totalCount() {
        return rows.totalCount;
      },
    };
  }

  /** The matching rows as CSV lines (header first), read in chunks so a long log is never held whole. */
  async *csv(viewer: Viewer, filter: AuditFilter | undefined, chunk = 1000): AsyncGenerator<string> {
    requireAuditReader(viewer);
    yield `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
    let last = 0;
    for (;;) {
      const rows = await this.database.db
        .select()
        .from(auditLog)
        .where(and(whereOf(filter), gt(auditLog.id, last)))
        .orderBy(asc(auditLog.id))
        .limit(chunk);
      if (rows.length === 0) return;
      yield rows.map((r) => `${auditCsvLine(r)}\r\n`).join("");
      last = rows[rows.length - 1].id;
    }
  }
}
