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

/** Reads one 32-byte word (as 64 hex characters) at word index `w` of `hex` (no 0x). */
function word(hex: string, w: number): string {
  const start = w * 64;
  if (start + 64 > hex.length) throw new Error(`ABI data too short: word ${w} of ${hex.length / 64}`);
  return hex.slice(start, start + 64);
}

/** The value of a static scalar type from its word, chosen once per type. */
function wordDecoder(type: ParamType): (w: string) => unknown {
  const base = type.baseType;
  if (base === "address") return (w) => checksumAddress(`0x${w.slice(24)}`);
  if (base === "bool") return (w) => w.charCodeAt(63) === 49; // "1"
  if (base.startsWith("uint")) return (w) => BigInt(`0x${w}`);
  if (base.startsWith("int")) {
    const bits = Number(base.slice(3) || 256);
    return (w) => BigInt.asIntN(bits, BigInt(`0x${w}`));
  }
  if (base.startsWith("bytes")) {
    const chars = Number(base.slice(5)) * 2;
    return (w) => `0x${w.slice(0, chars)}`;
  }
  return () => {
    throw new Error(`unsupported static ABI type ${type.type}`);
  };
}

/**
 * A type compiled once into a reader: `read(hex, base, w)` decodes the value whose head is at word
 * `w` of a block that starts at word `base`; `words` is the size of its head.
 */
interface Reader {
  words: number;
  read(hex: string, base: number, w: number): unknown;
}

const readers = new WeakMap<ParamType, Reader>();

function reader(type: ParamType): Reader {
  let out = readers.get(type);
  if (!out) {
    out = compile(type);
    readers.set(type, out);
  }
  return out;
}

function compile(type: ParamType): Reader {
  if (isDynamic(type)) {
    const tail = tailReader(type);
    return {
      words: 1,
      read: (hex, base, w) => tail(hex, base + Number(BigInt(`0x${word(hex, base + w)}`)) / 32),
    };
  }
  if (type.isTuple()) {
    const seq = sequenceReader(type.components);
    return { words: seq.words, read: (hex, base, w) => seq.read(hex, base + w) };
  }
  if (type.isArray()) {
    const seq = sequenceReader(Array(type.arrayLength).fill(type.arrayChildren));
    return { words: seq.words, read: (hex, base, w) => seq.read(hex, base + w) };
  }
  const decode = wordDecoder(type);
  return { words: 1, read: (hex, base, w) => decode(word(hex, base + w)) };
}

/** Decodes a dynamic value whose data starts at word `at`. */
function tailReader(type: ParamType): (hex: string, at: number) => unknown {
  if (type.baseType === "string" || type.baseType === "bytes") {
    const text = type.baseType === "string";
    return (hex, at) => {
      const length = Number(BigInt(`0x${word(hex, at)}`));
      const start = (at + 1) * 64;
      const body = hex.slice(start, start + length * 2);
      if (body.length !== length * 2) throw new Error("ABI data too short for a string or bytes value");
      return text ? Buffer.from(body, "hex").toString("utf8") : `0x${body}`;
    };
  }
  if (type.isArray()) {
    if (type.arrayLength !== -1) {
      const seq = sequenceReader(Array(type.arrayLength).fill(type.arrayChildren));
      return (hex, at) => seq.read(hex, at);
    }
    const child = type.arrayChildren;
    return (hex, at) => {
      const length = Number(BigInt(`0x${word(hex, at)}`));
      return sequenceReader(Array(length).fill(child)).read(hex, at + 1);
    };
  }
  if (type.isTuple()) {
    const seq = sequenceReader(type.components);
    return (hex, at) => seq.read(hex, at);
  }
  return () => {
    throw new Error(`unsupported dynamic ABI type ${type.type}`);
  };
}

/** A tuple or array: heads from word `base`, offsets relative to `base`. Tuples get named properties. */
function sequenceReader(types: readonly ParamType[]): { words: number; read(hex: string, base: number): unknown[] } {
  const parts = types.map((type) => ({ name: type.name, reader: reader(type) }));
  const heads: number[] = [];
  let words = 0;
  for (const part of parts) {
    heads.push(words);
    words += part.reader.words;
  }
  return {
    words,
    read(hex, base) {
      const out: unknown[] & Record<string, unknown> = [] as unknown as unknown[] & Record<string, unknown>;
      for (let i = 0; i < parts.length; i++) {
        const value = parts[i].reader.read(hex, base, heads[i]);
        out.push(value);
        if (parts[i].name) out[parts[i].name] = value;
      }
      return out;
    },
  };
}

/** How an event's arguments are read: its data's sequence, and per input the topic or data position. */
interface EventPlan {
  body: { read(hex: string, base: number): unknown[] };
  /** Per input: a topic index and its decoder (null: the topic itself, a hash), or -1 and the data position. */
  inputs: { topic: number; decode: ((w: string) => unknown) | null; position: number; name: string }[];
}

const plans = new WeakMap<EventFragment, EventPlan>();

function eventPlan(fragment: EventFragment): EventPlan {
  let plan = plans.get(fragment);
  if (plan) return plan;
  let topic = fragment.anonymous ? 0 : 1;
  let position = 0;
  const inputs = fragment.inputs.map((input) => {
    if (!input.indexed) return { topic: -1, decode: null, position: position++, name: input.name };
    // Indexed dynamic values are stored as their hash.
    const decode = isDynamic(input) || input.isTuple() ? null : wordDecoder(input);
    return { topic: topic++, decode, position: -1, name: input.name };
  });
  plan = { body: sequenceReader(fragment.inputs.filter((input) => !input.indexed)), inputs };
  plans.set(fragment, plan);
  return plan;
}

/** The event's arguments in declaration order (indexed ones from the topics). */
export function decodeEvent(fragment: EventFragment, topics: readonly string[], data: string): unknown[] {
  const plan = eventPlan(fragment);
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  const body = plan.body.read(hex, 0);
  const out: unknown[] = [];
  for (const input of plan.inputs) {
    if (input.topic < 0) {
      out.push(body[input.position]);
      continue;
    }
    const t = topics[input.topic];
    if (t === undefined) throw new Error(`log of ${fragment.name} lacks topic ${input.topic}`);
    out.push(input.decode ? input.decode(t.slice(2)) : t);
  }
  return out;
}
