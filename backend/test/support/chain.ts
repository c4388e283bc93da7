/**
 * A real chain for the backend's tests: Hardhat's network in this process, served over HTTP JSON-RPC
 * (the indexer talks to it exactly as to a remote node), with the consortium deployed by the
 * product's own deployment code.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { JsonRpcServer } from "hardhat/internal/hardhat-network/jsonrpc/server";
import { JsonRpcProvider, type JsonRpcSigner } from "ethers";
import { deployConsortium, type ConsortiumContracts, type Deployment } from "../../../scripts/lib/consortium";

export interface TestChain {
  url: string;
  provider: JsonRpcProvider;
  signer(index: number): Promise<JsonRpcSigner>;
  /** Raw JSON-RPC on the in-process network (evm_snapshot, evm_revert, evm_mine, ...). */
  send<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export async function startChain(): Promise<TestChain> {
  // A fresh chain for each suite.
  await hre.network.provider.request({ method: "hardhat_reset", params: [] });
  const server = new JsonRpcServer({ hostname: "127.0.0.1", port: 0, provider: hre.network.provider });
  const { address, port } = await server.listen();
  const url = `http://${address}:${port}`;
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1, staticNetwork: true, batchMaxCount: 1 });
  return {
    url,
    provider,
    signer: (index) => provider.getSigner(index),
    send: <T>(method: string, params: unknown[] = []) => hre.network.provider.request({ method, params }) as Promise<T>,
    async close() {
      provider.destroy();
      await server.close();
    },
  };
}

export interface DeployedConsortium {
  contracts: ConsortiumContracts;
  deployment: Deployment;
  deploymentFile: string;
}

/** Deploys the consortium with account #0 and writes its deployment file in a temporary folder. */
export async function deploy(chain: TestChain): Promise<DeployedConsortium> {
  const { contracts, deployment } = await deployConsortium(await chain.signer(0));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scf-deployment-"));
  const deploymentFile = path.join(dir, `${deployment.chainId}.json`);
  fs.writeFileSync(deploymentFile, JSON.stringify(deployment, null, 2));
  return { contracts, deployment, deploymentFile };
}
