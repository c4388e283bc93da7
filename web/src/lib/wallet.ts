/**
 * Wallets that sign for the member in the browser: a browser wallet (EIP-1193, `window.ethereum`), or,
 * on a local development chain only, a demo account whose key the backend publishes (the well-known
 * keys of the development node). The server never signs: every transaction the API prepares is signed
 * here and sent from here.
 *
 * This module carries ethers and is loaded on demand (see session.tsx), so that the first page does
 * not download it.
 */
import { BrowserProvider, JsonRpcProvider, Wallet as EthersWallet, getAddress, type Eip1193Provider } from "ethers";
import type { PortalConfig } from "./config";

/** A transaction the API prepared (PreparedTransaction). */
export interface PreparedTransaction {
  chainId: number;
  from: string;
  to: string;
  data: string;
  value: string;
  method: string;
  description: string;
}

export interface Wallet {
  kind: "injected" | "dev";
  address: string;
  signMessage(message: string): Promise<string>;
  /** Signs and sends; answers the transaction hash. */
  send(tx: PreparedTransaction): Promise<string>;
  /** Waits for the transaction to be mined; answers its block, or throws when it reverted. */
  waitMined(hash: string): Promise<number>;
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider & { on?: (event: string, fn: (...args: unknown[]) => void) => void };
  }
}

function relay(config: PortalConfig): JsonRpcProvider {
  const url = new URL(config.rpcPath, window.location.href).toString();
  // No response cache (ethers keeps identical calls 250 ms by default): the nonce of a run's second
  // transaction must be read after the first is mined, not answered from before it.
  return new JsonRpcProvider(url, config.chainId, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
}

/**
 * Polls for the receipt. (ethers' waitForTransaction compares the receipt with a block number cached
 * from before the send and then waits for a *further* block: on a chain that mines one block per
 * transaction it hangs until someone else transacts.)
 */
async function waitMined(provider: JsonRpcProvider, hash: string): Promise<number> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt) {
      if (receipt.status !== 1) throw new Error(`Transaction ${hash} was reverted by the contract.`);
      return receipt.blockNumber;
    }
    if (Date.now() > deadline) throw new Error(`Transaction ${hash} was not mined within 5 minutes.`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function checkSender(address: string, tx: PreparedTransaction): void {
  if (getAddress(tx.from) !== getAddress(address)) {
    throw new Error(`This step must be signed by ${tx.from}, but the wallet is ${address}.`);
  }
}

/** True when the page has a browser wallet. */
export function hasInjectedWallet(): boolean {
  return typeof window !== "undefined" && !!window.ethereum;
}

/** Connects the browser wallet, switching it to the consortium chain when it is on another one. */
export async function connectInjected(config: PortalConfig): Promise<Wallet> {
  if (!window.ethereum) throw new Error("No browser wallet was found. Install one, or use the demo accounts.");
  const browser = new BrowserProvider(window.ethereum);
  const accounts = (await browser.send("eth_requestAccounts", [])) as string[];
  if (!accounts.length) throw new Error("The wallet shared no account.");
  const network = await browser.getNetwork();
  if (Number(network.chainId) !== config.chainId) {
    await browser.send("wallet_switchEthereumChain", [{ chainId: `0x${config.chainId.toString(16)}` }]);
  }
  const signer = await browser.getSigner(accounts[0]);
  const address = getAddress(accounts[0]);
  const reader = relay(config);
  return {
    kind: "injected",
    address,
    signMessage: (message) => signer.signMessage(message),
    async send(tx) {
      checkSender(address, tx);
      const sent = await signer.sendTransaction({
        to: tx.to,
        data: tx.data,
        value: BigInt(tx.value),
        chainId: tx.chainId,
      });
      return sent.hash;
    },
    waitMined: (hash) => waitMined(reader, hash),
  };
}

/** A demo account of the local development chain, signing in the page with its published key. */
export function connectDev(config: PortalConfig, privateKey: string): Wallet {
  if (!config.devSigner) throw new Error("Demo accounts sign only on a local development chain.");
  const provider = relay(config);
  const wallet = new EthersWallet(privateKey, provider);
  return {
    kind: "dev",
    address: wallet.address,
    signMessage: (message) => wallet.signMessage(message),
    async send(tx) {
      checkSender(wallet.address, tx);
      const sent = await wallet.sendTransaction({
        to: tx.to,
        data: tx.data,
        value: BigInt(tx.value),
        chainId: tx.chainId,
      });
      return sent.hash;
    },
    waitMined: (hash) => waitMined(provider, hash),
  };
}
