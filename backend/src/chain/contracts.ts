/**
 * The deployed contracts as the indexer sees them: their addresses (from the deployment file) and
 * their generated TypeChain interfaces, which decode every log into named, typed arguments.
 */
import type { EventFragment, Interface, ParamType } from "ethers";
import { checksumAddress, decodeEvent } from "./abi";
import {
  CreditLimits__factory,
  Factoring__factory,
  MemberRegistry__factory,
  OrderFinancing__factory,
  PurchaseOrders__factory,
  ReceiptFinancing__factory,
  Receivables__factory,
  SettlementToken__factory,
  WarehouseReceipts__factory,
} from "../../../typechain-types";
import type { ContractName, DeploymentFile } from "../config/config";
import type { RpcLog } from "./rpc";

export const CONTRACT_INTERFACES: Record<ContractName, Interface> = {
  registry: MemberRegistry__factory.createInterface(),
  settlementToken: SettlementToken__factory.createInterface(),
  receivables: Receivables__factory.createInterface(),
  purchaseOrders: PurchaseOrders__factory.createInterface(),
  warehouseReceipts: WarehouseReceipts__factory.createInterface(),
  creditLimits: CreditLimits__factory.createInterface(),
  factoring: Factoring__factory.createInterface(),
  orderFinancing: OrderFinancing__factory.createInterface(),
  receiptFinancing: ReceiptFinancing__factory.createInterface(),
};

/** A log decoded with its contract's interface, with where it sits in the chain. */
export interface DecodedEvent<Args = Record<string, unknown>> {
  contract: ContractName;
  address: string;
  name: string;
  /** Named arguments as ethers decodes them (uint as bigint, address checksummed, bytes as hex). */
  args: Args;
  /** The same arguments as JSON: integers as decimal strings, structs as objects. */
  json: Record<string, unknown>;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
  txHash: string;
  txIndex: number;
}

function toJson(value: unknown, type: ParamType): unknown {
  if (type.isTuple()) {
    const components = type.components ?? [];
    return Object.fromEntries(components.map((c, i) => [c.name || String(i), toJson((value as unknown[])[i], c)]));
  }
  if (type.isArray()) return (value as unknown[]).map((v) => toJson(v, type.arrayChildren as ParamType));
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** A scalar's JSON form: integers as decimal strings. */
function scalarJson(value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** What decoding a log of one event needs, computed once per event. */
interface EventInfo {
  fragment: EventFragment;
  /** Topics a log of this event has (topic 0 and one per indexed input). */
  topics: number;
  inputs: { name: string; json: (value: unknown) => unknown }[];
}

export class EventDecoder {
  readonly addresses: string[];
  private readonly byAddress = new Map<string, ContractName>();
  /** Event fragments by contract and topic 0, computed once (ethers hashes every fragment per lookup). */
  private readonly events = new Map<ContractName, Map<string, EventInfo>>();
  /** Checksummed contract addresses by lower-case address. */
  private readonly checksummed = new Map<string, string>();

  constructor(deployment: DeploymentFile) {
    for (const [name, address] of Object.entries(deployment.contracts) as [ContractName, string][]) {
      this.byAddress.set(address.toLowerCase(), name);
      this.checksummed.set(address.toLowerCase(), checksumAddress(address.toLowerCase()));
      const topics = new Map<string, EventInfo>();
      CONTRACT_INTERFACES[name].forEachEvent((fragment) =>
        topics.set(fragment.topicHash, {
          fragment,
          topics: 1 + fragment.inputs.filter((i) => i.indexed).length,
          inputs: fragment.inputs.map((input) => ({
            name: input.name,
            json: input.isTuple() || input.isArray() ? (value) => toJson(value, input) : scalarJson,
          })),
        }),
      );
      this.events.set(name, topics);
    }
    this.addresses = [...this.byAddress.keys()];
  }

  /** Decodes a log of one of the deployment's contracts; null for a log its ABI does not know. */
  decode(log: RpcLog): DecodedEvent | null {
    const lower = log.address.toLowerCase();
    const contract = this.byAddress.get(lower);
    if (!contract) return null;
    const info = this.events.get(contract)!.get(log.topics[0]);
    if (!info) return null;
    if (log.topics.length !== info.topics) return null;
    const values = decodeEvent(info.fragment, log.topics, log.data);
    const args: Record<string, unknown> = {};
    const json: Record<string, unknown> = {};
    for (let i = 0; i < info.inputs.length; i++) {
      const { name, json: toJsonValue } = info.inputs[i];
      args[name] = values[i];
      json[name] = toJsonValue(values[i]);
    }
    return {
      contract,
      address: this.checksummed.get(lower)!,
      name: info.fragment.name,
      args,
      json,
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash,
      logIndex: Number(log.logIndex),
      txHash: log.transactionHash,
      txIndex: Number(log.transactionIndex),
    };
  }
}
