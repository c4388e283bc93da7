/**
 * Human-readable money, rates, dates and addresses for the demo's output. Amounts stay integers in
 * minor units (fen) until they are printed; nothing here goes through a floating-point number.
 */

/** Minor units per yuan. */
export const FEN_PER_YUAN = 100n;

/** A whole number of yuan, in minor units: `yuan(12_345)` is 1 234 500 fen. */
export function yuan(amount: number | bigint): bigint {
  if (typeof amount === "number" && !Number.isSafeInteger(amount)) {
    throw new Error(`yuan() takes a whole number of yuan, got ${amount}`);
  }
  return BigInt(amount) * FEN_PER_YUAN;
}

/** `1234567n` fen -> "¥12,345.67"; negative amounts get a leading minus sign. */
export function formatCny(minorUnits: bigint): string {
  const negative = minorUnits < 0n;
  const magnitude = negative ? -minorUnits : minorUnits;
  const whole = (magnitude / FEN_PER_YUAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (magnitude % FEN_PER_YUAN).toString().padStart(2, "0");
  return `${negative ? "-" : ""}¥${whole}.${fraction}`;
}

/** Basis points as a percentage: 450 -> "4.50%". */
export function formatBps(bps: bigint | number): string {
  const value = BigInt(bps);
  return `${value / 100n}.${(value % 100n).toString().padStart(2, "0")}%`;
}

/** A unix timestamp as its UTC calendar date, "2025-07-21". */
export function formatDate(timestamp: bigint | number): string {
  return new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
}

/** "0x7099…79C8" */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Left-aligns `text` in a column of `width` characters. */
export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** Right-aligns `text` in a column of `width` characters. */
export function padLeft(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}
