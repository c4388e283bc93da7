/**
 * Builds the Nest application over express the one way the server, the tests and the schema script
 * share: the app module, the built web portal's files at `/`, and the request body parser, whose
 * limit and errors are ours.
 */
import type { NestApplicationOptions } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";
import type { NextFunction, Request, Response } from "express";
import { ApiErrorCode, HTTP_STATUS } from "./api/api.exception";
import { AppModule } from "./app.module";
import type { ApiOptions } from "./api/api.module";
import type { CoreDependencies } from "./common/core.module";
import { DEFAULT_PORTAL_DIR } from "./config/config";
import { RpcErrorCode } from "./portal/rpc-relay";
import { portalStatic } from "./portal/static";

/** Largest JSON request body (GraphQL operations and variables); uploads are multipart with their own limit. */
export const JSON_BODY_LIMIT_BYTES = 1_048_576;

/** A body-parser failure: too large, not JSON, an unsupported charset or encoding. */
interface BodyError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Answers a request whose body could not be read with our error codes: GraphQL's `errors` shape on
 * /graphql, a JSON-RPC error on /rpc, the REST `{ error }` shape elsewhere. Anything else goes on to Nest.
 */
function bodyErrors(error: BodyError, req: Request, res: Response, next: NextFunction): void {
  if (typeof error?.type !== "string" || typeof error.status !== "number" || error.status >= 500) {
    next(error);
    return;
  }
  const code =
    error.status === 413
      ? ApiErrorCode.PAYLOAD_TOO_LARGE
      : error.status === 415
        ? ApiErrorCode.UNSUPPORTED_MEDIA_TYPE
        : ApiErrorCode.BAD_REQUEST;
  const message =
    code === ApiErrorCode.PAYLOAD_TOO_LARGE
      ? `the request body is larger than ${JSON_BODY_LIMIT_BYTES} bytes`
      : `the request body could not be read: ${error.message ?? error.type}`;
  res.status(HTTP_STATUS[code]);
  if (req.path === "/rpc") {
    const rpcCode = error.type === "entity.parse.failed" ? RpcErrorCode.PARSE_ERROR : RpcErrorCode.INVALID_REQUEST;
    res.json({ jsonrpc: "2.0", id: null, error: { code: rpcCode, message } });
  } else if (req.path === "/graphql") res.json({ errors: [{ message, extensions: { code } }] });
  else res.json({ error: { code, message } });
}

export async function createHttpApp(
  deps: CoreDependencies,
  options: { logger?: NestApplicationOptions["logger"]; api?: ApiOptions } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps, options.api), {
    logger: options.logger,
  });
  // Before Nest's routes: the portal's files and its single-page fallback (API paths pass through).
  app.use(portalStatic(deps.config.portalDir ?? DEFAULT_PORTAL_DIR));
  // Registered before init, so Nest does not add its own JSON parser (100 kB limit) at init.
  app.useBodyParser("json", { limit: JSON_BODY_LIMIT_BYTES });
  app.use(bodyErrors);
  return app;
}
