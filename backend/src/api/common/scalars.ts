/**
 * Scalars: `BigInt` for amounts (strings of integer minor units, any uint256) and `JSON` for the
 * decoded arguments of raw chain events. Timestamps use Nest's `DateTime` (GraphQLISODateTime).
 */
import { GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { ApiErrorCode, ApiException } from "../api.exception";

const UINT = /^(0|[1-9][0-9]*)$/;
const MAX_UINT256 = (1n << 256n) - 1n;

function invalid(value: unknown): ApiException {
  return new ApiException(
    ApiErrorCode.BAD_USER_INPUT,
    `BigInt must be a non-negative integer below 2^256, as a string of digits or an Int; got ${JSON.stringify(value)}`,
  );
}

function toUintString(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value.trim();
  else if (typeof value === "bigint") text = value.toString();
  else if (typeof value === "number" && Number.isSafeInteger(value)) text = String(value);
  else throw invalid(value);
  if (!UINT.test(text) || BigInt(text) > MAX_UINT256) throw invalid(value);
  return text;
}

export const GraphQLBigInt = new GraphQLScalarType<string, string>({
  name: "BigInt",
  description:
    "A non-negative integer of up to 256 bits, serialised as a string of decimal digits (amounts are in integer minor units). Inputs accept a string of digits or an Int.",
  serialize: (value) => toUintString(value),
  parseValue: (value) => toUintString(value),
  parseLiteral: (node: ValueNode) => {
    if (node.kind === Kind.STRING || node.kind === Kind.INT) return toUintString(node.value);
    throw invalid(node.kind);
  },
});

export const GraphQLJSON = new GraphQLScalarType<unknown, unknown>({
  name: "JSON",
  description: "Any JSON value (output only: the decoded arguments of a chain event, integers as decimal strings).",
  serialize: (value) => value,
  parseValue: () => {
    throw new ApiException(ApiErrorCode.BAD_USER_INPUT, "JSON is an output-only scalar");
  },
  parseLiteral: () => {
    throw new ApiException(ApiErrorCode.BAD_USER_INPUT, "JSON is an output-only scalar");
  },
});
