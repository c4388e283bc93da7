/**
 * `GET /audit/export.csv?actor=&action=&result=&from=&to=`: the audit log as CSV (regulator only),
 * streamed in chunks. The filter has the same fields and checks as the GraphQL `auditLog` query.
 */
import { Controller, Get, Inject, Query, Res, UseFilters } from "@nestjs/common";
import type { Response } from "express";
import { InputPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { ApiHttpExceptionFilter } from "../common/http-errors";
import { AuditFilter } from "./audit.model";
import { AuditReader } from "./audit.service";

@Controller("audit")
@UseFilters(ApiHttpExceptionFilter)
export class AuditController {
  constructor(@Inject(AuditReader) private readonly reader: AuditReader) {}

  @Get("export.csv")
  async export(
    @CurrentViewer() viewer: Viewer,
    @Query(new InputPipe(AuditFilter)) filter: AuditFilter | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const lines = this.reader.csv(viewer, filter);
    // The first chunk (header) runs the role check before anything is sent.
    const first = await lines.next();
    res.status(200);
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    if (!first.done) res.write(first.value);
    for await (const chunk of lines) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  }
}
