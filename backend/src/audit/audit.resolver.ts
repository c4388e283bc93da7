import { Inject } from "@nestjs/common";
import { Args, Query, Resolver } from "@nestjs/graphql";
import { AfterArg, FirstArg } from "../api/common/args";
import { pageArgs } from "../api/common/pagination";
import { InputPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { AuditEntryConnection, AuditFilter } from "./audit.model";
import { AuditReader } from "./audit.service";

@Resolver()
export class AuditResolver {
  constructor(@Inject(AuditReader) private readonly reader: AuditReader) {}

  @Query(() => AuditEntryConnection, {
    description: "The audit log, oldest first (regulator only); CSV export at GET /audit/export.csv.",
  })
  auditLog(
    @CurrentViewer() viewer: Viewer,
    @Args("filter", { type: () => AuditFilter, nullable: true }, new InputPipe(AuditFilter))
    filter: AuditFilter | undefined,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.reader.list(viewer, filter, pageArgs(first, after));
  }
}
