/**
 * The web portal's backend side: its configuration endpoint and the JSON-RPC relay (the static files
 * are served by express middleware, see static.ts and http-app.ts). At start it says where the portal
 * is served from and, when the demo-account picker is on, checks that the node really is a local
 * development chain: the demo accounts' keys are public.
 */
import { Inject, Logger, Module, type OnApplicationBootstrap } from "@nestjs/common";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_PORTAL_DIR, LOCAL_CHAIN_ID, type BackendConfig } from "../config/config";
import { CONFIG } from "../common/tokens";
import { DevAccounts } from "./dev-accounts";
import { PortalController } from "./portal.controller";
import { postJsonRpc, RpcRelay } from "./rpc-relay";

@Module({
  controllers: [PortalController],
  providers: [RpcRelay, DevAccounts],
})
export class PortalModule implements OnApplicationBootstrap {
  private readonly logger = new Logger("Portal");

  constructor(@Inject(CONFIG) private readonly config: BackendConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    const dir = this.config.portalDir ?? DEFAULT_PORTAL_DIR;
    if (fs.existsSync(path.join(dir, "index.html"))) this.logger.log(`serving the portal from ${dir}`);
    else this.logger.warn(`the portal is not built (no index.html in ${dir}): run \`npm run build -w web\``);
    if (this.config.portalDevSigner) await this.checkLocalChain();
  }

  /** Refuses to start the demo-account picker against anything but a local development chain. */
  private async checkLocalChain(): Promise<void> {
    let chainId: number;
    try {
      const reply = (await postJsonRpc(
        this.config.rpcUrl,
        { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
        this.config.rpcTimeoutMs,
      )) as { result?: unknown };
      chainId = typeof reply?.result === "string" ? Number(BigInt(reply.result)) : NaN;
    } catch (error) {
      throw new Error(
        `PORTAL_DEV_SIGNER=1: could not ask the node at ${this.config.rpcUrl} for its chain id (${(error as Error).message}); the demo-account picker needs a local development chain`,
      );
    }
    if (chainId !== LOCAL_CHAIN_ID) {
      throw new Error(
        `PORTAL_DEV_SIGNER=1 is only allowed on a local development chain (${LOCAL_CHAIN_ID}), but the node at ${this.config.rpcUrl} is chain ${Number.isNaN(chainId) ? "unknown" : chainId}`,
      );
    }
    this.logger.warn("PORTAL_DEV_SIGNER=1: the portal offers the demo accounts (local development chain only)");
  }
}
