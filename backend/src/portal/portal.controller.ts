/**
 * The portal's two endpoints, both without sign-in: `GET /portal/config.json`, what the browser needs
 * to talk to this deployment, and `POST /rpc`, the JSON-RPC relay to the chain node (rpc-relay.ts).
 */
import { Controller, Get, Inject, Post, Req, Res } from "@nestjs/common";
import type { Request, Response } from "express";
import type { BackendConfig, ContractName } from "../config/config";
import { CONFIG } from "../common/tokens";
import { DevAccounts, type DevAccount } from "./dev-accounts";
import { RpcErrorCode, RpcRelay, rpcError } from "./rpc-relay";

/** The body of `GET /portal/config.json`. */
export interface PortalConfig {
  chainId: number;
  contracts: Record<ContractName, string>;
  /** The demo-account picker is on (local development chain only). */
  devSigner: boolean;
  /** With devSigner: the node's accounts that are members, with their published test keys. */
  devAccounts?: DevAccount[];
  rpcPath: "/rpc";
  graphqlPath: "/graphql";
}

export function portalConfig(config: BackendConfig): PortalConfig {
  return {
    chainId: config.chainId,
    contracts: { ...config.deployment.contracts },
    devSigner: config.portalDevSigner === true,
    rpcPath: "/rpc",
    graphqlPath: "/graphql",
  };
}

@Controller()
export class PortalController {
  constructor(
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(RpcRelay) private readonly relay: RpcRelay,
    @Inject(DevAccounts) private readonly devAccounts: DevAccounts,
  ) {}

  @Get("portal/config.json")
  async portalConfig(@Res() res: Response): Promise<void> {
    const body = portalConfig(this.config);
    if (body.devSigner) body.devAccounts = await this.devAccounts.list();
    res.status(200).set("Cache-Control", "no-cache").json(body);
  }

  @Post("rpc")
  async rpc(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.set("Cache-Control", "no-store");
    if (!req.is("application/json")) {
      res
        .status(415)
        .json(
          rpcError(null, RpcErrorCode.INVALID_REQUEST, "send the JSON-RPC request as Content-Type: application/json"),
        );
      return;
    }
    const outcome = await this.relay.relay(req.body as unknown, req.ip ?? req.socket?.remoteAddress ?? "unknown");
    if (outcome.retryAfter !== undefined) res.set("Retry-After", String(outcome.retryAfter));
    res.status(outcome.status).json(outcome.body);
  }
}
