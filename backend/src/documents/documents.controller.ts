/**
 * The HTTP endpoints of documents, beside GraphQL (files do not fit GraphQL well):
 * - `POST /documents` (multipart: `file`, `kind`, `parties`): upload, 201 with the document's record;
 * - `GET /documents/:id`: its record and the caller's wrapped key;
 * - `GET /documents/:id/content`: the ciphertext, checked against its recorded SHA-256.
 * Errors are `{ "error": { "code", "message" } }` with the code's HTTP status. Every upload, accepted or
 * refused, is recorded in the audit log.
 */
import {
  Catch,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Injectable,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
} from "@nestjs/common";
import { FileInterceptor } from "@nestjs/platform-express";
import type { Request, Response } from "express";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { AuditService } from "../audit/audit.service";
import type { AuthenticatedRequest } from "../auth/auth.middleware";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { ApiHttpExceptionFilter } from "../common/http-errors";
import { CONFIG } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { Document } from "./document.model";
import { DocumentsService, type UploadedFile as File, type UploadResult } from "./documents.service";

/** Room for the multipart framing and the text fields around the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

type UploadRequest = AuthenticatedRequest & { file?: File };

const ipOf = (req: Request) => req.ip ?? req.socket?.remoteAddress ?? null;

/** What the audit log keeps of an upload request (never the content). */
function uploadDetail(req: UploadRequest, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return {
    fileName: req.file?.originalname ?? null,
    declaredType: req.file?.mimetype ?? null,
    size: req.file?.size ?? null,
    kind: body.kind ?? null,
    parties: body.parties ?? null,
    ...extra,
  };
}

/**
 * Runs before the body is read, so that an anonymous caller, the regulator or a member over its rate
 * limit never gets a large body buffered: signed in, allowed to upload, within the limit, and a
 * Content-Length (when given) that can fit.
 */
@Injectable()
export class UploadGuard implements CanActivate {
  constructor(
    @Inject(DocumentsService) private readonly documents: DocumentsService,
    @Inject(CONFIG) private readonly config: BackendConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    if (!req.auth) throw new Error("the request's sign-in state was not resolved (AuthMiddleware did not run)");
    this.documents.admitUpload(req.auth.require());
    const length = Number(req.headers["content-length"]);
    if (Number.isFinite(length) && length > this.config.uploadMaxBytes + MULTIPART_OVERHEAD_BYTES) {
      throw new ApiException(
        ApiErrorCode.PAYLOAD_TOO_LARGE,
        `the request has ${length} bytes; a document may have at most ${this.config.uploadMaxBytes}`,
      );
    }
    return true;
  }
}

/** The upload's errors: multer's turned into our codes with useful messages, each one audited. */
@Catch()
@Injectable()
export class UploadExceptionFilter implements ExceptionFilter {
  private readonly http = new ApiHttpExceptionFilter();

  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: BackendConfig,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<UploadRequest>();
    const mapped = this.toApiException(error);
    let viewer: Viewer | null = null;
    try {
      viewer = req.auth?.optional() ?? null;
    } catch {
      // A bad token: the upload was refused for it, anonymously.
    }
    await this.audit.record({
      viewer,
      action: "uploadDocument",
      detail: uploadDetail(req),
      result: mapped?.code ?? ApiErrorCode.INTERNAL_SERVER_ERROR,
      error: mapped?.message ?? (error as Error)?.message ?? null,
      ip: ipOf(req),
    });
    // Unexpected errors go as they are: the common filter logs them and answers without details.
    this.http.catch(mapped ?? error, host);
  }

  private toApiException(error: unknown): ApiException | null {
    if (error instanceof ApiException) return error;
    if (!(error instanceof HttpException)) return null;
    const status = error.getStatus();
    if (status === 413) {
      return new ApiException(
        ApiErrorCode.PAYLOAD_TOO_LARGE,
        `the file is larger than the ${this.config.uploadMaxBytes} bytes accepted`,
      );
    }
    if (/unexpected file field|too many files/i.test(error.message)) {
      return ApiException.badInput("file", 'send exactly one file, in the multipart field "file"');
    }
    if (status >= 400 && status < 500) {
      return new ApiException(ApiErrorCode.BAD_REQUEST, `the multipart body was refused: ${error.message}`);
    }
    return null;
  }
}

@Controller("documents")
@UseFilters(ApiHttpExceptionFilter)
export class DocumentsController {
  constructor(
    @Inject(DocumentsService) private readonly documents: DocumentsService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(201)
  @UseGuards(UploadGuard)
  @UseInterceptors(FileInterceptor("file"))
  @UseFilters(UploadExceptionFilter)
  async upload(
    @CurrentViewer() viewer: Viewer,
    @UploadedFile() file: File | undefined,
    @Req() req: UploadRequest,
  ): Promise<UploadResult> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await this.documents.upload(viewer, { file, kind: body.kind, parties: body.parties });
    await this.audit.record({
      viewer,
      action: "uploadDocument",
      detail: uploadDetail(req, {
        id: result.id,
        cid: result.cid,
        fileName: result.fileName,
        mimeType: result.mimeType,
        kind: result.kind,
        parties: result.parties,
      }),
      result: "OK",
      ip: ipOf(req),
    });
    return result;
  }

  @Get(":id")
  async document(@CurrentViewer() viewer: Viewer, @Param("id") id: string): Promise<Document> {
    return this.documents.keyHolderDocument(viewer, id);
  }

  @Get(":id/content")
  async content(@CurrentViewer() viewer: Viewer, @Param("id") id: string, @Res() res: Response): Promise<void> {
    const { document, ciphertext } = await this.documents.content(viewer, id);
    res.status(200);
    res.setHeader("Content-Type", "application/octet-stream");
    res.setHeader("Content-Length", String(ciphertext.length));
    res.setHeader("Content-Disposition", `attachment; filename="${document.id}.enc"`);
    res.setHeader("Cache-Control", "private, no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Ciphertext-SHA256", document.ciphertextSha256);
    res.end(Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength));
  }
}
