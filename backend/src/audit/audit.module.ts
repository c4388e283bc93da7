/** The audit log, global: every feature records its mutations through AuditService; the regulator reads it. */
import { Global, Module } from "@nestjs/common";
import { AuditController } from "./audit.controller";
import { AuditResolver } from "./audit.resolver";
import { AuditReader, AuditService } from "./audit.service";

@Global()
@Module({
  providers: [AuditService, AuditReader, AuditResolver],
  controllers: [AuditController],
  exports: [AuditService],
})
export class AuditModule {}
