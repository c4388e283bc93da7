/**
 * What an event handler gets: the decoded event, its block's time, and the store to read and write
 * entity rows through. Handlers are pure projections: they never call the chain (DESIGN invariant 5:
 * every event fully describes its state change).
 */
import { decodeBytes32String, hexlify } from "ethers";
import type { ContractName } from "../../config/config";
import type { DecodedEvent } from "../../chain/contracts";
import type { EntityStore } from "../store";

export interface EventContext<Args = unknown> {
  chainId: number;
  store: EntityStore;
  event: DecodedEvent<Args>;
  args: Args;
  block: number;
  time: Date;
  /** Adds an asset or member reference to the raw event's row ("receivable:3", "member:0x.."). */
  ref(kind: RefKind, id: bigint | number | string): void;
}

export type RefKind =
  "member" | "order" | "receipt" | "receivable" | "part" | "factoring" | "order-loan" | "receipt-loan" | "credit-line";

export type Handler = (ctx: EventContext) => Promise<void>;

/** Handlers by `contract.EventName` (e.g. "receivables.PartSplit"). */
export type HandlerMap = Partial<Record<`${ContractName}.${string}`, Handler>>;

/** Declares a handler whose arguments have the TypeChain type of the event's output object. */
export function on<Args>(handler: (ctx: EventContext<Args>) => Promise<void>): Handler {
  return handler as unknown as Handler;
}

/** A bytes32 reference as text when it is short text, else as hex (reason and registry refs). */
export function refText(value: string): string {
  try {
    const text = decodeBytes32String(value);
    if (/^[\x20-\x7e]*$/.test(text)) return text;
  } catch {
    // not a short string: keep the hex
  }
  return hexlify(value);
}

/** An ISO 4217 code from the contracts' bytes3 (0x434e59 -> "CNY"). */
export function currencyText(value: string): string {
  return Buffer.from(value.slice(2), "hex").toString("latin1").replace(/\0+$/, "");
}

export const toId = (value: bigint): number => Number(value);
export const toDate = (seconds: bigint | number): Date => new Date(Number(seconds) * 1000);
export const str = (value: bigint): string => value.toString();
export const add = (a: string, b: bigint): string => (BigInt(a) + b).toString();
export const sub = (a: string, b: bigint): string => (BigInt(a) - b).toString();
