/**
 * The indexer's fast ABI decoder against ethers' reference decoder: every event of every deployed
 * contract, with random arguments (long and empty strings, extreme integers, arrays, structs).
 */
import { expect } from "chai";
import { hexlify, randomBytes, type EventFragment, type ParamType } from "ethers";
import { decodeEvent } from "../../src/chain/abi";
import { CONTRACT_INTERFACES } from "../../src/chain/contracts";
import { random } from "../support/activity";

function value(type: ParamType, rng: () => number): unknown {
  const base = type.baseType;
  if (type.isTuple()) return type.components.map((c) => value(c, rng));
  if (type.isArray()) {
    const length = type.arrayLength === -1 ? Math.floor(rng() * 4) : type.arrayLength;
    return Array.from({ length }, () => value(type.arrayChildren, rng));
  }
  if (base === "address") return hexlify(randomBytes(20));
  if (base === "bool") return rng() < 0.5;
  if (base === "string") {
    const length = [0, 1, 31, 32, 33, 100][Math.floor(rng() * 6)];
    return Array.from({ length }, (_, i) => "a€é字 9"[(i + Math.floor(rng() * 7)) % 7]).join("");
  }
  if (base === "bytes") return hexlify(randomBytes(Math.floor(rng() * 70)));
  if (base.startsWith("bytes")) return hexlify(randomBytes(Number(base.slice(5))));
  if (base.startsWith("uint")) {
    const bits = Number(base.slice(4) || 256);
    const max = (1n << BigInt(bits)) - 1n;
    return [0n, 1n, max, BigInt(Math.floor(rng() * 1e15)) % (max + 1n)][Math.floor(rng() * 4)];
  }
  throw new Error(`no generator for ${type.type}`);
}

/** ethers' Result as plain nested arrays, for comparison. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return Array.from(v, plain);
  return v;
}

describe("ABI decoder", function () {
  it("decodes every event of every contract exactly as ethers does", function () {
    const rng = random(3525);
    let checked = 0;
    for (const [contract, iface] of Object.entries(CONTRACT_INTERFACES)) {
      const events: EventFragment[] = [];
      iface.forEachEvent((e) => events.push(e));
      for (const fragment of events) {
        for (let round = 0; round < 20; round++) {
          const args = fragment.inputs.map((input) => value(input, rng));
          const { data, topics } = iface.encodeEventLog(fragment, args);
          const expected = plain(iface.decodeEventLog(fragment, data, topics));
          const actual = plain(decodeEvent(fragment, topics, data));
          expect(actual, `${contract}.${fragment.name}`).to.deep.equal(expected);
          checked++;
        }
      }
    }
    expect(checked).to.be.greaterThan(1000);
  });

  it("names the arguments of structs", function () {
    const fragment = CONTRACT_INTERFACES.warehouseReceipts.getEvent("ReceiptIssued")!;
    const args = fragment.inputs.map((input) => value(input, random(1)));
    const { data, topics } = CONTRACT_INTERFACES.warehouseReceipts.encodeEventLog(fragment, args);
    const [, , , terms] = decodeEvent(fragment, topics, data) as [unknown, unknown, unknown, Record<string, unknown>];
    expect(terms.lot).to.equal((args[3] as unknown[])[0]);
    expect(terms.documentUri).to.equal((args[3] as unknown[])[7]);
  });

  it("refuses data shorter than the event needs", function () {
    const fragment = CONTRACT_INTERFACES.receivables.getEvent("PartSplit")!;
    const args = fragment.inputs.map((input) => value(input, random(2)));
    const { data, topics } = CONTRACT_INTERFACES.receivables.encodeEventLog(fragment, args);
    expect(() => decodeEvent(fragment, topics, data.slice(0, data.length - 64))).to.throw(/too short/);
  });
});
