/**
 * Scalars: `BigInt` for amounts (strings of integer minor units, any uint256), `DateTime` for
 * timestamps (ISO-8601, strict on input) and `JSON` for the decoded arguments of raw chain events.
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

/** 2030-01-31, or with a time: 2030-01-31T09:05, :07 or :07.123, then Z or an offset. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2})))?$/;
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

function invalidDate(value: unknown, why: string): ApiException {
  const shown =
    typeof value === "string" && value.length > 64 ? `${JSON.stringify(value.slice(0, 64))}...` : JSON.stringify(value);
  return new ApiException(
    ApiErrorCode.BAD_USER_INPUT,
    `DateTime must be an ISO-8601 date (2030-01-31) or date-time with an offset (2030-01-31T09:00:00Z), years ${MIN_YEAR} to ${MAX_YEAR}: ${why}; got ${shown}`,
  );
}

/**
 * Parses an input DateTime strictly: the calendar date must exist (no 30 February rolling over into
 * March), hours, minutes, seconds and offsets must be in range, and a time needs its offset.
 */
export function parseDateTime(value: unknown): Date {
  if (typeof value !== "string") throw invalidDate(value, "not a string");
  const m = ISO_DATE_TIME.exec(value);
  if (!m) throw invalidDate(value, "not in ISO-8601 form");
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) throw invalidDate(value, "year out of range");
  if (month < 1 || month > 12) throw invalidDate(value, "no such month");
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw invalidDate(value, "no such day in that month");
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) throw invalidDate(value, "no such time");
    if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) throw invalidDate(value, "no such offset");
  }
  const date = new Date(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw invalidDate(value, "not a date");
  return date;
}

function serializeDateTime(value: unknown): string {
  const date =
    value instanceof Date ? value : typeof value === "string" || typeof value === "number" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
  return date.toISOString();
}

export const GraphQLDateTime = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description:
    "A timestamp, served as ISO-8601 at UTC with milliseconds (2030-01-31T09:00:00.000Z). Inputs take a date (2030-01-31, midnight UTC) or a date-time with Z or an offset; the date must exist and the year be 1970 to 9999.",
  serialize: serializeDateTime,
  parseValue: parseDateTime,
  parseLiteral: (node: ValueNode) => {
    if (node.kind === Kind.STRING) return parseDateTime(node.value);
    throw invalidDate(node.kind, "not a string");
  },
});
