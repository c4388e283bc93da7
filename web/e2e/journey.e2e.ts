/**
 * The main financing journey in the browser, each member in its own context: the supplier submits an
 * order with its PDF, the core enterprise confirms it and accepts delivery against an invoice (the order
 * becomes a receivable), the supplier factors it at bank A (live quote, application), bank A reviews and
 * approves, the supplier accepts the offer on chain, bank A funds it (the supplier's cash grows), and at
 * maturity the core enterprise pays and bank A collects. Then the errors a user can cause on the way.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { advanceTime, chainRpc } from "./stack";
import { ORG, go, runTx, screenshot, settled, signInAs, usePortal } from "./portal";

const portal = usePortal({ registered: [ORG.core, ORG.tier1, ORG.bankA] });
const DAY = 86_400;

/** A small PDF named `name`, as the file input takes it. */
function pdf(name: string) {
  return {
    name,
    mimeType: "application/pdf",
    buffer: Buffer.from(`%PDF-1.7\n% ${name} of the browser journey ${Date.now()}\n%%EOF\n`),
  };
}

/** The chain's time (seconds): the demo moved it ahead of the clock. */
async function chainNow(): Promise<number> {
  const block = await chainRpc<{ timestamp: string }>(portal.rpcUrl, "eth_getBlockByNumber", ["latest", false]);
  return Number(BigInt(block.timestamp));
}

/** YYYY-MM-DD of a unix time. */
function day(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** The id a row's test id ends with (`order-row-12` -> "12"). */
async function rowId(row: ReturnType<Page["locator"]>): Promise<string> {
  const testId = await row.getAttribute("data-testid");
  return testId!.slice(testId!.lastIndexOf("-") + 1);
}

/** The supplier's order row with `number`, on its orders page. */
function supplierOrderRow(page: Page, number: string) {
  return page.locator('[data-testid^="order-row-"]').filter({ hasText: number });
}

/** The minor units shown as a CNY amount ("¥1,234.56" -> 123456n). */
function minor(text: string): bigint {
  const match = /-?[\d,]+(?:\.\d{1,2})?/.exec(text.replace(/\s/g, ""));
  if (!match) throw new Error(`no amount in "${text}"`);
  const [whole, cents = ""] = match[0].replace(/,/g, "").split(".");
  return BigInt(whole) * 100n + BigInt(cents.padEnd(2, "0"));
}

/** Stops a step at once when an earlier step it builds on failed (its value is still empty). */
function needs(...values: string[]): void {
  if (values.some((v) => !v)) throw new Error("an earlier step of the journey failed");
}

/** Fills the supplier's new-order form (the form must be open). */
async function fillOrder(
  page: Page,
  values: { number: string; amount: string; delivery: string; file?: ReturnType<typeof pdf> | null },
) {
  const form = page.getByTestId("new-order-form");
  await form.getByLabel("Buyer (core enterprise)").selectOption({ label: ORG.core });
  await form.getByLabel("Buyer's order number").fill(values.number);
  await form.getByLabel("Order amount (CNY)").fill(values.amount);
  await form.getByLabel("Payment term (days after accepted delivery)").fill("30");
  await form.getByLabel("Delivery date").fill(values.delivery);
  if (values.file) await form.getByLabel("Order document (PDF)").setInputFiles(values.file);
}

/** Waits until `locator` shows text matching `pattern` (a string: contained). */
async function shows(locator: ReturnType<Page["locator"]>, pattern: RegExp | string): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout: 60_000 });
}

/** The supplier's cash on its home page, in minor units. */
async function supplierCash(page: Page): Promise<bigint> {
  await go(page, "#/supplier");
  await page.reload();
  await settled(page);
  const cash = page.getByTestId("supplier-cash");
  await cash.waitFor();
  return minor(await cash.innerText());
}

describe("the financing journey: order, confirmation, delivery, factoring, payment at maturity", () => {
  const orderNumber = `PO-E2E-${Date.now()}`;
  const amount = "12,345.60";
  let orderId = "";
  let receivableId = "";
  let applicationId = "";
  let dealId = "";
  let confirmed = "";
  let approved = "";
  let funded = "";
  let cashBefore = 0n;
  let proceeds = 0n;

  it("1. the supplier submits an order with its PDF to the core enterprise; it shows pending", async () => {
    const { context, page } = await signInAs(portal, ORG.tier1);
    await go(page, "#/supplier/orders");
    await page.getByRole("button", { name: "New order" }).click();
    await fillOrder(page, {
      number: orderNumber,
      amount,
      delivery: day((await chainNow()) + 5 * DAY),
      file: pdf("po.pdf"),
    });
    await screenshot(page, "supplier-orders-new.en");
    await runTx(page, "Submit order", page.getByTestId("new-order-form").locator(".."));
    await page.getByText("Order submitted.").waitFor();
    const row = supplierOrderRow(page, orderNumber);
    await row.waitFor();
    orderId = await rowId(row);
    await shows(row.locator(".badge"), /pending/i);
    expect(await row.innerText()).toContain("12,345.60");
    await screenshot(page, "supplier-orders.en");
    await context.close();
  });

  it("2. the core enterprise confirms it; the supplier sees it confirmed", async () => {
    needs(orderId);
    const core = await signInAs(portal, ORG.core);
    await go(core.page, "#/core/orders");
    const row = core.page.getByTestId(`order-row-${orderId}`);
    await row.waitFor();
    await screenshot(core.page, "core-orders.en");
    await runTx(core.page, `Confirm order ${orderNumber}`, row);
    await core.context.close();

    const supplier = await signInAs(portal, ORG.tier1);
    await go(supplier.page, "#/supplier/orders");
    await shows(supplierOrderRow(supplier.page, orderNumber).locator(".badge"), /confirmed/i);
    confirmed = orderId;
    await supplier.context.close();
  });

  it("3. the core enterprise accepts delivery against an invoice: the supplier holds the receivable", async () => {
    needs(confirmed);
    const core = await signInAs(portal, ORG.core);
    await go(core.page, "#/core/orders");
    await core.page.getByRole("tab", { name: /^Awaiting delivery/ }).click();
    const row = core.page.getByTestId(`order-row-${orderId}`);
    await row.getByRole("button", { name: `Accept delivery of order ${orderNumber}` }).click();
    await row.getByLabel("Invoice (PDF, PNG or JPEG)").setInputFiles(pdf("invoice.pdf"));
    await runTx(core.page, `Accept and confirm the payable of order ${orderNumber}`, row);
    await core.page.getByRole("tab", { name: /^All orders/ }).click();
    const converted = core.page.getByTestId(`order-row-${orderId}`);
    await shows(converted, /receivable #(\d+)/);
    receivableId = /receivable #(\d+)/.exec(await converted.innerText())![1];
    await core.context.close();

    const supplier = await signInAs(portal, ORG.tier1);
    await go(supplier.page, "#/supplier/orders");
    const link = supplierOrderRow(supplier.page, orderNumber).getByRole("link", {
      name: `Receivable #${receivableId}`,
    });
    await link.click();
    await settled(supplier.page);
    await shows(supplier.page.locator("main"), `#${receivableId}`);
    await supplier.context.close();
  });

  it("4. the supplier applies for factoring at bank A with a live quote; the application is submitted", async () => {
    needs(receivableId);
    const { context, page } = await signInAs(portal, ORG.tier1);
    cashBefore = await supplierCash(page);
    await go(page, "#/applications/new");
    await page.getByLabel("Product").selectOption("FACTORING");
    await page.getByLabel("Asset to finance").selectOption(receivableId);
    const bankA = page.getByTestId("bank-choices").locator("label").filter({ hasText: ORG.bankA });
    await bankA.getByRole("checkbox").check();
    await page.getByLabel("Lowest advance rate (%)").fill("80");
    await page.getByLabel("Highest annual discount rate (%)").fill("8");
    const quote = page.getByTestId("quote-proceeds");
    await quote.waitFor({ timeout: 30_000 });
    await page.getByText("Live quote at your bounds").waitFor();
    proceeds = minor(await quote.innerText());
    expect(proceeds > 0n).toBe(true);
    await screenshot(page, "application-new.en");
    await page.getByRole("button", { name: "Create and submit" }).click();
    await page.waitForURL(/#\/applications\/\d+$/, { timeout: 30_000 });
    await settled(page);
    applicationId = /#\/applications\/(\d+)$/.exec(page.url())![1];
    await shows(page.getByTestId("application-status"), /^Submitted$/);
    await screenshot(page, "application-detail.en");
    await context.close();
  });

  it("5. bank A finds it in its queue, reads the risk summary, reviews and approves within the bounds", async () => {
    needs(applicationId);
    const { context, page } = await signInAs(portal, ORG.bankA);
    await go(page, "#/bank/queue");
    const row = page.getByTestId(`application-row-${applicationId}`);
    await row.waitFor();
    expect(await row.locator(".factors li").count()).toBeGreaterThan(3);
    await screenshot(page, "bank-queue.en");
    await row.getByRole("link", { name: `Open application ${applicationId}` }).click();
    await settled(page);
    await shows(page.getByTestId("asset-description"), receivableId);
    await page.getByRole("button", { name: "Start review" }).click();
    const approve = page.getByTestId("approve-form");
    await shows(page.getByTestId("my-decision"), /under.?review/i);
    await approve.getByLabel(/Advance rate/).fill("8500");
    await approve.getByLabel(/discount rate/i).fill("700");
    await approve.getByRole("button", { name: "Approve" }).click();
    await shows(page.getByTestId("my-decision"), /approved/i);
    approved = applicationId;
    await screenshot(page, "bank-application.en");
    await context.close();
  });

  it("6. the supplier accepts bank A's offer: the offer is live on chain", async () => {
    needs(applicationId, approved);
    const { context, page } = await signInAs(portal, ORG.tier1);
    await go(page, `#/applications/${applicationId}`);
    await shows(page.getByTestId("application-status"), /^Approved$/);
    await runTx(page, `Accept offer from ${ORG.bankA}`);
    await page.getByRole("button", { name: `Withdraw on-chain offer to ${ORG.bankA}` }).waitFor();
    await shows(page.getByText(`Your on-chain offer to ${ORG.bankA}`), "awaits the bank's funding");
    const decisions = page.getByTestId("decisions");
    await shows(decisions, /offered/i);
    dealId = /#(\d+)/.exec(await decisions.locator(".muted", { hasText: "#" }).first().innerText())![1];
    await context.close();
  });

  it("7. bank A accepts and funds: the application is executed and the supplier's cash grows by the net cash", async () => {
    needs(dealId);
    const bank = await signInAs(portal, ORG.bankA);
    await go(bank.page, `#/bank/queue/${applicationId}`);
    await runTx(bank.page, "Accept and fund", bank.page.getByTestId("offer-actions"));
    await bank.page.getByRole("link", { name: new RegExp(`#${dealId}`) }).waitFor();
    await go(bank.page, "#/bank");
    await screenshot(bank.page, "bank-portfolio.en");
    await bank.context.close();

    const supplier = await signInAs(portal, ORG.tier1);
    await go(supplier.page, `#/applications/${applicationId}`);
    await shows(supplier.page.getByTestId("application-status"), /^Executed$/);
    funded = dealId;
    const received = minor(await supplier.page.getByTestId("cash-received").innerText());
    // Bank A approved better terms than the applicant's worst case the live quote was priced at.
    expect(received > proceeds).toBe(true);
    await screenshot(supplier.page, "application-executed.en");
    const cashAfter = await supplierCash(supplier.page);
    expect(cashAfter - cashBefore).toBe(received);
    await supplier.context.close();
  });

  it("8. at maturity the core enterprise pays; bank A collects the deal", async () => {
    needs(funded);
    const receivableMaturity = (await chainNow()) + 31 * DAY;
    await advanceTime(portal.rpcUrl, receivableMaturity - (await chainNow()));
    const core = await signInAs(portal, ORG.core);
    await go(core.page, "#/core/maturities");
    const row = core.page.getByTestId(`payable-row-${receivableId}`);
    await row.waitFor();
    await screenshot(core.page, "core-maturities.en");
    await row.getByRole("button", { name: `Pay receivable ${receivableId}` }).waitFor();
    await runTx(core.page, `Pay receivable ${receivableId}`);
    const zh = await signInAs(portal, ORG.core, "zh-CN");
    await go(zh.page, "#/core/maturities");
    await screenshot(zh.page, "core-maturities.zh-CN");
    await zh.context.close();
    await shows(core.page.getByTestId("payment"), `#${receivableId}`);
    await row.waitFor({ state: "detached" });
    await core.context.close();

    const bank = await signInAs(portal, ORG.bankA);
    await go(bank.page, "#/bank/financings");
    const deal = bank.page.getByTestId(`financing-row-FACTORING-${dealId}`);
    await shows(deal, /paid/i);
    // Collected from the open ones: the deal leaves the tab once collected, and the step's progress
    // stays in view above the table; the list of all shows it collected.
    await runTx(bank.page, new RegExp(`^Collect .*#${dealId}$`));
    await deal.waitFor({ state: "detached" });
    await shows(bank.page.getByTestId("servicing"), `#${dealId}`);
    await bank.page.getByRole("tab", { name: "All", exact: true }).click();
    await shows(bank.page.getByTestId(`financing-row-FACTORING-${dealId}`), /collected/i);
    await screenshot(bank.page, "bank-financings.en");
    await bank.context.close();
  });
});

describe("the errors a user can cause on the way", () => {
  it("the new-order form refuses a missing or invalid amount and a file that is not a PDF, sending nothing", async () => {
    const { context, page } = await signInAs(portal, ORG.tier1);
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/documents") || (r.postData() ?? "").includes("submitOrder")) sent.push(r.url());
    });
    await go(page, "#/supplier/orders");
    await page.getByRole("button", { name: "New order" }).click();
    const form = page.getByTestId("new-order-form");
    await fillOrder(page, { number: `PO-E2E-BAD-${Date.now()}`, amount: "", delivery: day((await chainNow()) + DAY) });
    await form.getByLabel("Order document (PDF)").setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a purchase order"),
    });
    await form.getByText("Only PDF, PNG and JPEG files are accepted.").waitFor();
    await form.getByRole("button", { name: "Submit order" }).click();
    await form.getByText("Enter an amount greater than zero.").waitFor();
    await form.getByLabel("Order amount (CNY)").fill("12,34x");
    await form.getByText("Enter an amount such as 1,234.56 (at most two decimals).").waitFor();
    await form.getByLabel("Order amount (CNY)").fill("0");
    await form.getByRole("button", { name: "Submit order" }).click();
    await form.getByText("Enter an amount greater than zero.").waitFor();
    // Before the chain's today (which the demo moved ahead of the clock) is in the past for the contract.
    await form.getByLabel("Delivery date").fill(day((await chainNow()) - 2 * DAY));
    await form.getByRole("button", { name: "Submit order" }).click();
    await form.getByText("Enter a delivery date from today up to three years ahead.").waitFor();
    await screenshot(page, "supplier-orders-errors.en");
    expect(await page.getByTestId("tx-progress").count()).toBe(0);
    expect(sent).toEqual([]);
    await context.close();
  });

  it("a duplicate order number is refused by the API, its message shown; the core's rejection needs a reason", async () => {
    const number = `PO-E2E-DUP-${Date.now()}`;
    const supplier = await signInAs(portal, ORG.tier1);
    await go(supplier.page, "#/supplier/orders");
    await supplier.page.getByRole("button", { name: "New order" }).click();
    const delivery = day((await chainNow()) + 3 * DAY);
    await fillOrder(supplier.page, { number, amount: "500", delivery, file: pdf("po.pdf") });
    const card = supplier.page.getByTestId("new-order-form").locator("..");
    await runTx(supplier.page, "Submit order", card);
    const row = supplierOrderRow(supplier.page, number);
    await row.waitFor();
    const orderId = await rowId(row);
    // The same number again, to the same buyer.
    await fillOrder(supplier.page, { number, amount: "600", delivery, file: pdf("po-again.pdf") });
    await expect(runTx(supplier.page, "Submit order", card)).rejects.toThrow(
      `order number ${number} is already registered with this buyer (order ${orderId})`,
    );
    await card.getByRole("alert").filter({ hasText: "already registered" }).waitFor();
    await screenshot(supplier.page, "supplier-orders-duplicate.en");
    expect(await supplierOrderRow(supplier.page, number).count()).toBe(1);

    const core = await signInAs(portal, ORG.core);
    await go(core.page, "#/core/orders");
    const pending = core.page.getByTestId(`order-row-${orderId}`);
    await pending.getByRole("button", { name: `Reject order ${number}` }).click();
    await pending.getByRole("button", { name: `Send rejection of order ${number}` }).click();
    await pending.getByText("Give the supplier a reason.").waitFor();
    expect(await pending.getByTestId("tx-progress").count()).toBe(0);
    await pending.getByLabel("Reason for rejecting").fill("duplicate of an earlier order");
    await runTx(core.page, `Send rejection of order ${number}`, pending);
    await shows(core.page.getByTestId(`order-row-${orderId}`), /rejected/i);
    await core.context.close();

    await supplier.page.reload();
    await settled(supplier.page);
    await shows(supplierOrderRow(supplier.page, number), "Rejected: duplicate of an earlier order");
    await supplier.context.close();
  });

  it("left no page errors", () => {
    expect(portal.problems).toEqual([]);
  });
});
