/**
 * One readable line for an error thrown by ethers or by a node: a contract's custom error by name
 * and arguments when ethers could decode it, else ethers' short message.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { shortMessage?: string; revert?: { name: string; args: unknown[] } | null };
  if (e.revert) return `reverted with ${e.revert.name}(${e.revert.args.map((arg) => String(arg)).join(", ")})`;
  return e.shortMessage ?? e.message;
}
