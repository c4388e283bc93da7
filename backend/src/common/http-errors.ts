/**
 * Errors of the REST endpoints beside GraphQL (uploads, downloads, CSV export): the same ApiErrorCode as
 * GraphQL's `extensions.code`, as `{ "error": { "code", "message", ...details } }` with the code's HTTP
 * status (and Retry-After when rate limited). Use with `@UseFilters(ApiHttpExceptionFilter)`.
 */
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from "@nestjs/common";
import type { Response } from "express";
import { ApiErrorCode, ApiException, HTTP_STATUS } from "../api/api.exception";

const logger = new Logger("HTTP");

/** Nest's own HTTP errors (e.g. a malformed multipart body) mapped onto our codes. */
function fromHttpException(error: HttpException): ApiException {
  const status = error.getStatus();
  const code =
    status === 413
      ? ApiErrorCode.PAYLOAD_TOO_LARGE
      : status === 415
        ? ApiErrorCode.UNSUPPORTED_MEDIA_TYPE
        : status === 404
          ? ApiErrorCode.NOT_FOUND
          : status === 401
            ? ApiErrorCode.UNAUTHENTICATED
            : status === 403
              ? ApiErrorCode.FORBIDDEN
              : status === 429
                ? ApiErrorCode.RATE_LIMITED
                : status < 500
                  ? ApiErrorCode.BAD_REQUEST
                  : ApiErrorCode.INTERNAL_SERVER_ERROR;
  return new ApiException(code, error.message);
}

@Catch()
export class ApiHttpExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let api: ApiException;
    if (error instanceof ApiException) api = error;
    else if (error instanceof HttpException) api = fromHttpException(error);
    else {
      logger.error(`unexpected error: ${(error as Error)?.message}`, (error as Error)?.stack);
      api = new ApiException(ApiErrorCode.INTERNAL_SERVER_ERROR, "Internal server error");
    }
    const retryAfter = api.details.retryAfter;
    if (typeof retryAfter === "number") res.setHeader("Retry-After", String(retryAfter));
    res.status(HTTP_STATUS[api.code]).json({ error: { code: api.code, message: api.message, ...api.details } });
  }
}
