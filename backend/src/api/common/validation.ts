/**
 * Input validation. Filter inputs are `@InputType` classes checked with class-validator through
 * `InputPipe(Class)` (explicit class: the app runs transpile-only, without reflected types); addresses
 * are normalised to EIP-55 with ethers' getAddress, ids to numbers. Every failure is a BAD_USER_INPUT
 * error naming the argument.
 */
import type { ArgumentMetadata, PipeTransform } from "@nestjs/common";
import { plainToInstance, Transform } from "class-transformer";
import { ValidateBy, validateSync, type ValidationError, type ValidationOptions } from "class-validator";
import { getAddress } from "ethers";
import { ApiException } from "../api.exception";

/** EIP-55 form of `value`, or undefined when it is not an address (a mixed-case one must carry a valid checksum). */
export function toAddress(value: unknown): string | undefined {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) return undefined;
  try {
    return getAddress(value);
  } catch {
    return undefined;
  }
}

/** The checksummed address of argument `argument`, or a BAD_USER_INPUT error naming it. */
export function parseAddress(value: unknown, argument: string): string {
  const address = toAddress(value);
  if (!address) {
    throw ApiException.badInput(
      argument,
      `argument "${argument}" must be an address (0x and 40 hex digits, valid EIP-55 checksum if mixed case), got ${JSON.stringify(value)}`,
    );
  }
  return address;
}

/** The uint64 id of argument `argument` (GraphQL ID: a string of digits or an integer). */
export function parseId(value: unknown, argument: string): number {
  const id = toId(value);
  if (id === undefined) {
    throw ApiException.badInput(
      argument,
      `argument "${argument}" must be a non-negative integer id, got ${JSON.stringify(value)}`,
    );
  }
  return id;
}

function toId(value: unknown): number | undefined {
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A whole number argument within [min, max]. */
export function parseIntArg(
  value: number | null | undefined,
  argument: string,
  min: number,
  max: number,
  fallback: number,
) {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw ApiException.badInput(argument, `argument "${argument}" must be between ${min} and ${max}, got ${n}`);
  }
  return n;
}

function eachOrOne(value: unknown, map: (v: unknown) => unknown): unknown {
  if (value === null || value === undefined) return value;
  return Array.isArray(value) ? value.map(map) : map(value);
}

/** Property decorator: an address (or list of addresses with `{ each: true }`), normalised to EIP-55. */
export function IsAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => eachOrOne(value, (v) => toAddress(v) ?? v))(target, key);
    ValidateBy(
      {
        name: "isAddress",
        validator: {
          validate: (value) => value === null || value === undefined || toAddress(value) === value,
          defaultMessage: (args) =>
            `${args?.property} must be an address (0x and 40 hex digits, valid EIP-55 checksum if mixed case), got ${JSON.stringify(args?.value)}`,
        },
      },
      options,
    )(target, key as string);
  };
}

/** Property decorator: a uint64 id given as a GraphQL ID (or a list with `{ each: true }`), turned into a number. */
export function IsId(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => eachOrOne(value, (v) => toId(v) ?? v))(target, key);
    ValidateBy(
      {
        name: "isId",
        validator: {
          validate: (value) =>
            value === null || value === undefined || (typeof value === "number" && toId(value) === value),
          defaultMessage: (args) =>
            `${args?.property} must be a non-negative integer id, got ${JSON.stringify(args?.value)}`,
        },
      },
      options,
    )(target, key as string);
  };
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const INVISIBLE = /[\p{White_Space}\p{Cf}]/gu;

export interface TextLimit {
  maxBytes?: number;
  maxChars?: number;
}

/**
 * What is wrong with a free-text value (a reason, a note), or null: it must be a string of well-formed
 * Unicode without control characters (tab and line breaks aside), with something visible in it, and
 * within its limit: bytes of UTF-8 (what goes on chain) or characters (code points, what people read).
 */
export function textProblem(value: unknown, limit: TextLimit): string | null {
  if (typeof value !== "string") return "must be a string";
  if (CONTROL.test(value)) return "must not contain control characters (NUL and the like)";
  if (LONE_SURROGATE.test(value)) return "must be well-formed Unicode (it has a lone UTF-16 surrogate)";
  if (value.replace(INVISIBLE, "") === "") return "must contain visible text, not only blanks or invisible characters";
  if (limit.maxBytes !== undefined) {
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes > limit.maxBytes) return `must be at most ${limit.maxBytes} bytes of UTF-8, got ${bytes}`;
  }
  if (limit.maxChars !== undefined) {
    const chars = [...value].length;
    if (chars > limit.maxChars) return `must be at most ${limit.maxChars} characters, got ${chars}`;
  }
  return null;
}

/** The longest text a `...Contains` (substring search) filter accepts, in characters. */
export const SEARCH_TEXT_LIMIT: TextLimit = { maxChars: 64 };

/** Property decorator: the text of a substring filter, free text (`textProblem`) of at most 64 characters. */
export function IsSearchText(): PropertyDecorator {
  return ValidateBy({
    name: "isSearchText",
    validator: {
      validate: (value) => value === null || value === undefined || textProblem(value, SEARCH_TEXT_LIMIT) === null,
      defaultMessage: (args) => `${args?.property} ${textProblem(args?.value, SEARCH_TEXT_LIMIT)}`,
    },
  });
}

/** The free text of argument `argument`, or a BAD_USER_INPUT error saying what is wrong with it. */
export function parseText(value: unknown, argument: string, limit: TextLimit): string {
  const problem = textProblem(value, limit);
  if (problem) throw ApiException.badInput(argument, `argument "${argument}" ${problem}`);
  return value as string;
}

/** A reference to a stored document: the id POST /documents answered (letters, digits, . _ : -). */
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The document id of argument `argument`, or a BAD_USER_INPUT error naming it. */
export function parseDocumentId(value: unknown, argument: string): string {
  if (typeof value !== "string" || !DOCUMENT_ID.test(value)) {
    throw ApiException.badInput(
      argument,
      `argument "${argument}" must be a document id (1 to 100 letters, digits, ".", "_", ":" or "-"), as POST /documents answered`,
    );
  }
  return value;
}

/** Property decorator: a document id (or a list with `{ each: true }`). */
export function IsDocumentId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: "isDocumentId",
      validator: {
        validate: (value) => typeof value === "string" && DOCUMENT_ID.test(value),
        defaultMessage: (args) =>
          `${args?.property} must be a document id (1 to 100 letters, digits, ".", "_", ":" or "-"), got ${JSON.stringify(typeof args?.value === "string" && args.value.length > 64 ? `${args.value.slice(0, 64)}...` : args?.value)}`,
      },
    },
    options,
  );
}

function messages(errors: ValidationError[], prefix: string): string[] {
  return errors.flatMap((e) => {
    const own = Object.values(e.constraints ?? {}).map((m) => `${prefix}${m}`);
    return [...own, ...messages(e.children ?? [], `${prefix}${e.property}.`)];
  });
}

/** Validates and normalises an input object argument against its @InputType class. */
export class InputPipe<T extends object> implements PipeTransform<unknown, T | undefined> {
  constructor(private readonly type: new () => T) {}

  transform(value: unknown, metadata: ArgumentMetadata): T | undefined {
    if (value === null || value === undefined) return undefined;
    const argument = metadata.data ?? "input";
    const instance = plainToInstance(this.type, value as object);
    const errors = validateSync(instance, { forbidUnknownValues: false });
    if (errors.length > 0) {
      throw ApiException.badInput(argument, `invalid argument "${argument}": ${messages(errors, "").join("; ")}`);
    }
    return instance;
  }
}

/** Normalises an address argument (`@Args("address", { type: () => String }, AddressPipe)`). */
export class AddressPipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === null || value === undefined) return undefined;
    return parseAddress(value, metadata.data ?? "address");
  }
}

/** Turns an ID argument into a number (`@Args("id", { type: () => ID }, IdPipe)`). */
export class IdPipe implements PipeTransform<unknown, number | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    if (value === null || value === undefined) return undefined;
    return parseId(value, metadata.data ?? "id");
  }
}
