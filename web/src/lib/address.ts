/** Addresses as the pages compare them. */

/** Same address, whatever the letter case (checksummed or not); false when either is missing. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
