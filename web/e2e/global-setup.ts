/**
 * Starts the embedded system once for every browser test file, and stops it after them. While writing
 * tests, E2E_PORTAL_URL and E2E_RPC_URL point them at an `npm start` already running instead (the tests
 * then play on its chain as it is: each test makes its own orders, with numbers of its own).
 */
import type { TestProject } from "vitest/node";
import { startStack, type Stack } from "./stack";

declare module "vitest" {
  export interface ProvidedContext {
    portalUrl: string;
    rpcUrl: string;
  }
}

let stack: Stack | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.E2E_PORTAL_URL && process.env.E2E_RPC_URL) {
    project.provide("portalUrl", process.env.E2E_PORTAL_URL.replace(/\/?$/, "/"));
    project.provide("rpcUrl", process.env.E2E_RPC_URL);
    return;
  }
  stack = await startStack();
  project.provide("portalUrl", stack.url);
  project.provide("rpcUrl", stack.rpcUrl);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
