/**
 * What the browser tests share: a browser per file, a page per member signed in through the portal's
 * demo-account picker, waiting for pages to settle, and screenshots of the main pages (written to
 * .data/e2e/screenshots, one PNG per page and language).
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { ROOT, launchChromium } from "./stack";

export const SCREENSHOTS = path.join(ROOT, ".data", "e2e", "screenshots");

/** The demo consortium's organisations (scripts/demo.ts). */
export const ORG = {
  core: "jinghai-motors",
  tier1: "ruifeng-components",
  tier2: "minghui-stamping",
  tier3: "anxin-fasteners",
  bankA: "bank-a",
  bankB: "bank-b",
  warehouse: "yangshan-warehouse",
  regulator: "regulator",
  operator: "consortium-operator",
} as const;

export interface Portal {
  browser: Browser;
  url: string;
  rpcUrl: string;
  /** Page errors and failed console messages seen so far (a test may assert there are none). */
  problems: string[];
}

/**
 * A browser for the calling file, closed after it. `registered`: organisations signed in once first, so
 * that their document keys are registered (documents can be shared only with such members, and on a
 * fresh chain nobody has signed in yet).
 */
export function usePortal(options: { registered?: string[] } = {}): Portal {
  const portal = { problems: [] as string[] } as Portal;
  beforeAll(async () => {
    portal.url = inject("portalUrl");
    portal.rpcUrl = inject("rpcUrl");
    portal.browser = await launchChromium();
    for (const org of options.registered ?? []) await (await signInAs(portal, org)).context.close();
  });
  afterAll(async () => portal.browser?.close());
  return portal;
}

/** A fresh browser context (its own storage) with the portal open, in `locale`. */
export async function openPortal(
  portal: Portal,
  locale: "en" | "zh-CN" = "en",
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await portal.browser.newContext({ locale, viewport: { width: 1360, height: 900 } });
  await context.addInitScript(
    (l) => localStorage.getItem("scf.locale") ?? localStorage.setItem("scf.locale", l),
    locale,
  );
  const page = await context.newPage();
  page.on("pageerror", (error) => portal.problems.push(`pageerror: ${error.message}`));
  await page.goto(portal.url);
  return { context, page };
}

/** Signs in as the demo organisation `orgId` through the development picker; waits for its home page. */
export async function signInAs(
  portal: Portal,
  orgId: string,
  locale: "en" | "zh-CN" = "en",
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openPortal(portal, locale);
  await opened.page.locator(`button[data-org="${orgId}"]`).click();
  await opened.page.getByTestId("viewer").waitFor({ timeout: 30_000 });
  await settled(opened.page);
  return opened;
}

/** Waits until the page shows no loading state. */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.locator("main h1").first().waitFor({ timeout });
  await page.waitForFunction(
    () =>
      document.querySelectorAll("main .state.loading, main [data-phase='preparing'], main [data-phase='running']")
        .length === 0,
    undefined,
    { timeout },
  );
}

/** Opens `#path` and waits for it to settle. */
export async function go(page: Page, hashPath: string): Promise<void> {
  await page.evaluate((p) => (window.location.hash = p), hashPath);
  await settled(page);
}

/** Saves a full-page screenshot as `<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs a transaction button's step and waits for its progress box to say done (or fails with its error). */
export async function runTx(
  page: Page,
  buttonName: string | RegExp,
  scope?: ReturnType<Page["locator"]>,
): Promise<void> {
  const root = scope ?? page.locator("main");
  await root.getByRole("button", { name: buttonName }).first().click();
  const box = root.getByTestId("tx-progress").last();
  await box.waitFor();
  await page.waitForFunction(
    (el) => el?.getAttribute("data-phase") === "done" || el?.getAttribute("data-phase") === "failed",
    await box.elementHandle(),
    { timeout: 120_000 },
  );
  const phase = await box.getAttribute("data-phase");
  if (phase !== "done") throw new Error(`the transaction failed: ${await box.innerText()}`);
}
