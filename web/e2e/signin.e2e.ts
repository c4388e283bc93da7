/**
 * Signing in and the frame: the development picker (clearly marked, local chain only), each role's
 * home, the language switch, a reload keeping the session, and signing out.
 */
import { describe, expect, it } from "vitest";
import { chainRpc } from "./stack";
import { ORG, openPortal, screenshot, settled, signInAs, usePortal } from "./portal";

const portal = usePortal();

describe("sign-in", () => {
  it("offers the demo accounts only under a DEVELOPMENT mark, in Chinese by default", async () => {
    const { context, page } = await openPortal(portal, "zh-CN");
    await expect(page.locator(".dev-picker .badge-dev").innerText()).resolves.toBe("开发环境");
    const orgs = await page
      .locator(".dev-picker button[data-org]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-org")));
    expect(orgs).toEqual(expect.arrayContaining(Object.values(ORG)));
    await screenshot(page, "signin.zh-CN");
    await context.close();
  });

  it("signs each member in to its role's home, and out again", async () => {
    const homes: Record<string, string> = {
      [ORG.tier1]: "#/supplier",
      [ORG.core]: "#/core",
      [ORG.bankA]: "#/bank",
      [ORG.warehouse]: "#/warehouse",
      [ORG.regulator]: "#/regulator",
    };
    for (const [org, home] of Object.entries(homes)) {
      const { context, page } = await signInAs(portal, org);
      expect(await page.getByTestId("viewer").innerText()).toContain(org);
      expect(new URL(page.url()).hash).toBe(home);
      await screenshot(page, `home-${org}.en`);
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.locator(".dev-picker").waitFor();
      await context.close();
    }
  });

  it("switches language at once and keeps the session across a reload", async () => {
    const { context, page } = await signInAs(portal, ORG.tier1, "en");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByLabel("Language").selectOption("zh-CN");
    await page.getByRole("button", { name: "退出" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.reload();
    await settled(page);
    expect(await page.getByTestId("viewer").innerText()).toContain(ORG.tier1);
    await page.getByRole("button", { name: "退出" }).waitFor();
    await context.close();
  });

  it("signs in through a browser wallet (EIP-1193) that the chain's node signs for", async () => {
    // An injected provider as a wallet extension offers one: accounts from the wallet, every other
    // request (personal_sign, eth_sendTransaction, ...) to the development node, which holds the
    // demo accounts' keys. The portal's code path is the browser-wallet one.
    const accounts = await chainRpc<string[]>(portal.rpcUrl, "eth_accounts");
    const supplier = accounts[2];
    const context = await portal.browser.newContext({ locale: "en" });
    await context.addInitScript(
      ({ rpcUrl, account }) => {
        let id = 0;
        (window as unknown as { ethereum: unknown }).ethereum = {
          async request({ method, params }: { method: string; params?: unknown[] }) {
            if (method === "eth_requestAccounts" || method === "eth_accounts") return [account];
            const response = await fetch(rpcUrl, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
            });
            const body = await response.json();
            if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
            return body.result;
          },
          on() {},
          removeListener() {},
        };
        localStorage.setItem("scf.locale", "en");
      },
      { rpcUrl: portal.rpcUrl, account: supplier },
    );
    const page = await context.newPage();
    await page.goto(portal.url);
    await page.getByRole("button", { name: "Connect wallet and sign in" }).click();
    await page.getByTestId("viewer").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("viewer").innerText()).toContain(ORG.tier1);
    await context.close();
  });

  it("left no page errors", () => {
    expect(portal.problems).toEqual([]);
  });
});
