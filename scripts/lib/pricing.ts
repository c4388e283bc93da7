/**
 * contracts/libraries/Pricing.sol in TypeScript, rule for rule: integers in minor units, rates in basis
 * points, ACT/360. Quotes computed here equal what the contracts compute; the contract tests check
 * the contracts against it.
 *
 * - An amount capped by a rate (advance, loan-to-value cap) is rounded DOWN.
 * - Interest and discount are rounded UP to the next minor unit.
 * - Days are ACT: the difference of the UTC day indexes floor(timestamp / 86 400); a loan's interest
 *   runs for at least one day.
 */
export const BPS = 10_000n;
export const YEAR_BASIS_DAYS = 360n;
export const SECONDS_PER_DAY = 86_400;

type Timestamp = number | bigint;

/** Actual calendar days from `fromTs` to `toTs` (0 when `toTs` is not after `fromTs`). */
export function actualDays(fromTs: Timestamp, toTs: Timestamp): bigint {
  const day = BigInt(SECONDS_PER_DAY);
  const a = BigInt(fromTs) / day;
  const b = BigInt(toTs) / day;
  return b > a ? b - a : 0n;
}

/** `amount x bps / 10 000`, rounded down. */
export function applyRateDown(amount: bigint, bps: bigint | number): bigint {
  return (amount * BigInt(bps)) / BPS;
}

/** ACT/360 interest `principal x rate x days / (360 x 10 000)`, rounded up. */
export function interest(principal: bigint, rateBps: bigint | number, days: bigint): bigint {
  const numerator = principal * BigInt(rateBps) * days;
  return numerator === 0n ? 0n : (numerator - 1n) / (YEAR_BASIS_DAYS * BPS) + 1n;
}

/** Interest on a loan from `fromTs` to `toTs`, counting at least one day. */
export function loanInterest(principal: bigint, rateBps: bigint | number, fromTs: Timestamp, toTs: Timestamp): bigint {
  const days = actualDays(fromTs, toTs);
  return interest(principal, rateBps, days === 0n ? 1n : days);
}

/** A factoring purchase today: advance (down), discount on the advance to maturity (up), price paid. */
export function factoringPrice(
  face: bigint,
  advanceBps: bigint | number,
  discountBps: bigint | number,
  now: Timestamp,
  maturity: Timestamp,
): { days: bigint; advance: bigint; discount: bigint; price: bigint } {
  const days = actualDays(now, maturity);
  const advance = applyRateDown(face, advanceBps);
  const discount = interest(advance, discountBps, days);
  return { days, advance, discount, price: advance - discount };
}
