/**
 * A fast ABI decoder for event logs, for the types the consortium's events use (uintN, intN, address,
 * bool, bytesN, bytes, string, arrays and tuples). ethers' general decoder costs about 200 us per log,
 * most of the indexer's CPU time; this one reads the words directly. Addresses are checksummed through
 * a cache. The property test in test/chain/abi.test.ts checks it against ethers on every event type.
 */
import { getAddress, type EventFragment, type ParamType } from "ethers";

const checksums = new Map<string, string>();

/** EIP-55 checksum of a lower-case 0x address, cached. */
export function checksumAddress(lower: string): string {
  let out = checksums.get(lower);
  if (out === undefined) {
    out = getAddress(lower);
    if (checksums.size < 200_000) checksums.set(lower, out);
  }
  return out;
}

function isDynamic(type: ParamType): boolean {
  if (type.baseType === "string" || type.baseType === "bytes") return true;
  if (type.isArray()) return type.arrayLength === -1 || isDynamic(type.arrayChildren);
  if (type.isTuple()) return type.components.some(isDynamic);
  return false;
}

/** Size in words of a static type inside the head. */
function headWords(type: ParamType): number {
  if (isDynamic(type)) return 1;
  if (type.isArray()) return type.arrayLength * headWords(type.arrayChildren);
  if (type.isTuple()) return type.components.reduce((sum, c) => sum + headWords(c), 0);
  return 1;
}

/** Reads one 32-byte word (as 64 hex characters) at word index `w` of `hex` (no 0x). */
function word(hex: string, w: number): string {
  const start = w * 64;
  if (start + 64 > hex.length) throw new Error(`ABI data too short: word ${w} of ${hex.length / 64}`);
  return hex.slice(start, start + 64);
}

function decodeWord(type: ParamType, w: string): unknown {
  const base = type.baseType;
  if (base === "address") return checksumAddress(`0x${w.slice(24)}`);
  if (base === "bool") return w.charCodeAt(63) === 49; // "1"
  if (base.startsWith("uint")) return BigInt(`0x${w}`);
  if (base.startsWith("int")) return BigInt.asIntN(Number(base.slice(3) || 256), BigInt(`0x${w}`));
  if (base.startsWith("bytes")) return `0x${w.slice(0, Number(base.slice(5)) * 2)}`;
  throw new Error(`unsupported static ABI type ${type.type}`);
}

/** Decodes `type` whose head starts at word `w` of a block that starts at word `base`. */
function decodeAt(hex: string, type: ParamType, base: number, w: number): unknown {
  if (isDynamic(type)) {
    const offset = Number(BigInt(`0x${word(hex, base + w)}`)) / 32;
    return decodeTail(hex, type, base + offset);
  }
  if (type.isTuple()) return decodeSequence(hex, type.components, base + w);
  if (type.isArray()) {
    return decodeSequence(hex, Array(type.arrayLength).fill(type.arrayChildren), base + w);
  }
  return decodeWord(type, word(hex, base + w));
}

/** Decodes a dynamic value whose data starts at word `at`. */
function decodeTail(hex: string, type: ParamType, at: number): unknown {
  if (type.baseType === "string" || type.baseType === "bytes") {
    const length = Number(BigInt(`0x${word(hex, at)}`));
    const start = (at + 1) * 64;
    const body = hex.slice(start, start + length * 2);
    if (body.length !== length * 2) throw new Error("ABI data too short for a string or bytes value");
    return type.baseType === "string" ? Buffer.from(body, "hex").toString("utf8") : `0x${body}`;
  }
  if (type.isArray()) {
    const fixed = type.arrayLength !== -1;
    const length = fixed ? type.arrayLength : Number(BigInt(`0x${word(hex, at)}`));
    return decodeSequence(hex, Array(length).fill(type.arrayChildren), fixed ? at : at + 1);
  }
  if (type.isTuple()) return decodeSequence(hex, type.components, at);
  throw new Error(`unsupported dynamic ABI type ${type.type}`);
}

/** A tuple or array: heads from word `base`, offsets relative to `base`. Tuples get named properties. */
function decodeSequence(hex: string, types: readonly ParamType[], base: number): unknown[] {
  const out: unknown[] & Record<string, unknown> = [] as unknown as unknown[] & Record<string, unknown>;
  let w = 0;
  for (const type of types) {
    const value = decodeAt(hex, type, base, w);
    out.push(value);
    if (type.name) out[type.name] = value;
    w += headWords(type);
  }
  return out;
}

/** The event's arguments in declaration order (indexed ones from the topics). */
export function decodeEvent(fragment: EventFragment, topics: readonly string[], data: string): unknown[] {
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  const nonIndexed = fragment.inputs.filter((input) => !input.indexed);
  const body = decodeSequence(hex, nonIndexed, 0);
  const out: unknown[] = [];
  let topic = fragment.anonymous ? 0 : 1;
  let next = 0;
  for (const input of fragment.inputs) {
    if (input.indexed) {
      const t = topics[topic++];
      if (t === undefined) throw new Error(`log of ${fragment.name} lacks topic ${topic - 1}`);
      // Indexed dynamic values are stored as their hash.
      out.push(isDynamic(input) || input.isTuple() ? t : decodeWord(input, t.slice(2)));
    } else {
      out.push(body[next++]);
    }
  }
  return out;
}
