/** The embedded system and the browser for the browser tests (scripts/lib/portal-stack.ts), rooted at the repository. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStack as start, type Stack } from "../../scripts/lib/portal-stack";

export { advanceTime, chainRpc, launchChromium, type Stack } from "../../scripts/lib/portal-stack";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function startStack(options: { logFile?: string; timeoutMs?: number } = {}): Promise<Stack> {
  return start(ROOT, options);
}
