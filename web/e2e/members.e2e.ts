/**
 * The other members' journeys: the warehouse issues a receipt with its scan and attests it; a supplier
 * splits a receivable down its supply chain and the next tier transfers its part on; a bank sets a
 * credit limit; the regulator finds all of it (statistics, search, history, lineage, audit log and its
 * CSV export). And the errors a user can cause on these pages. Each run makes its own lot, face amount
 * and limit, so it can run again on the same chain.
 */
import fs from "node:fs";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ORG, go, runTx, screenshot, settled, signInAs, usePortal } from "./portal";
import { chainRpc } from "./stack";

const portal = usePortal({ registered: [ORG.tier1, ORG.bankA] });

/** A unique number of this run, to make lots, amounts and limits its own. */
const RUN = Date.now();
const LOT = `E2E-${RUN}`;
/** Face of the payable the core confirms to tier 1 (CNY, major units), and the amount split off to tier 2. */
const FACE = 20_000 + (RUN % 9_000);
const SPLIT = 7_500;

/** What the journeys learn from the pages, for the later ones. */
const seen: { receiptId?: string; receivableId?: string; splitPartId?: string } = {};

/** `major` yuan as the portal shows an amount of CNY in English. */
function cny(major: number): string {
  return `CN¥${major.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A valid 1×1 grey PNG (signature, IHDR, IDAT, IEND). */
function png(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  // Stored (uncompressed) deflate block of one scanline: filter 0, one grey byte; then its Adler-32.
  const idat = Buffer.from([0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
/** A small PDF-looking file (the backend recognises PDFs by their header). */
function pdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.7\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/** Selects the option of `select` whose label contains `text`, once it is there (options may load late). */
async function selectByText(select: Locator, text: string): Promise<void> {
  const option = select.locator("option", { hasText: text }).first();
  await option.waitFor({ state: "attached" });
  await select.selectOption((await option.getAttribute("value"))!);
}

/** Records the document uploads and GraphQL mutations the page sends (to show a form sent nothing). */
function recordWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on("request", (request) => {
    if (request.method() !== "POST") return;
    const url = new URL(request.url());
    if (url.pathname === "/documents") writes.push("upload");
    else if (url.pathname === "/graphql" && /^\s*mutation/.test(JSON.parse(request.postData() ?? "{}").query ?? ""))
      writes.push("mutation");
  });
  return writes;
}

/** Waits for the transaction progress inside `scope` to be done; fails with its error. */
async function waitTx(scope: Locator): Promise<void> {
  const done = scope.locator("[data-testid=tx-progress][data-phase=done]");
  const failed = scope.locator("[data-testid=tx-progress][data-phase=failed]");
  await done.or(failed).first().waitFor({ timeout: 120_000 });
  if (await failed.count()) throw new Error(`the transaction failed: ${await failed.first().innerText()}`);
}

/**
 * Submits a part's split/transfer form and waits for the page to say it is done (the form closes on
 * success, so its own progress box goes with it), or fails with the box's error.
 */
async function submitPartAction(page: Page, button: string): Promise<void> {
  await page.getByRole("button", { name: button }).click();
  const done = page.locator("main p.ok[role=status]");
  const failed = page.locator("main [data-testid=tx-progress][data-phase=failed]");
  await done.or(failed).first().waitFor({ timeout: 120_000 });
  if (await failed.count()) throw new Error(`the transaction failed: ${await failed.first().innerText()}`);
  await settled(page);
}

describe("members' journeys", () => {
  it("the warehouse issues a receipt with its scan, refuses bad input, and attests the receipt", async () => {
    const { context, page } = await signInAs(portal, ORG.warehouse);
    expect(new URL(page.url()).hash).toBe("#/warehouse");
    await page.getByRole("heading", { name: "Warehouse receipts" }).waitFor();
    await screenshot(page, "warehouse-home.en");

    await page.getByRole("link", { name: "Issue a receipt" }).first().click();
    await settled(page);
    await page.getByRole("heading", { name: "Issue a warehouse receipt" }).waitFor();
    const writes = recordWrites(page);
    const form = page.getByRole("form", { name: "Issue a warehouse receipt" });
    await selectByText(form.getByLabel("Owner"), ORG.tier1);
    await form.getByLabel("Goods").fill("Aluminium ingots, A7 (browser test)");
    await form.getByLabel("Lot").fill(LOT);
    await form.getByLabel("Quantity").fill("0");
    await form.getByLabel("Unit").fill("t");
    await form.getByLabel("Valuation (settlement currency)").fill("86,400.00");

    // A zero quantity and a missing scan: each field says so, nothing is sent.
    await form.getByRole("button", { name: "Sign and issue" }).click();
    await form.getByText("Enter a whole number of units, at least 1.").waitFor();
    await form.getByText("Attach the receipt scan (PDF, PNG or JPEG).").waitFor();
    await screenshot(page, "warehouse-issue-errors.en");
    expect(writes).toEqual([]);
    expect(await page.getByTestId("tx-progress").count()).toBe(0);

    // A text file named .pdf passes the browser's check by its declared type; the backend refuses it.
    await form.getByLabel("Quantity").fill("120");
    await form.getByLabel("Receipt scan").setInputFiles({
      name: "scan.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("this is a plain text file, not a PDF\n"),
    });
    await form.getByRole("button", { name: "Sign and issue" }).click();
    const refused = page.locator("main [data-testid=tx-progress][data-phase=failed]");
    await refused.waitFor({ timeout: 30_000 });
    const refusal = await refused.innerText();
    expect(refusal).not.toMatch(/HTTP \d{3}/);
    expect(refusal.toLowerCase()).toMatch(/pdf|png|jpeg/);
    expect(writes).toEqual(["upload"]);

    // The real scan: uploaded, then `issue` signed and indexed.
    await form.getByLabel("Receipt scan").setInputFiles({ name: "scan.png", mimeType: "image/png", buffer: png() });
    await screenshot(page, "warehouse-issue.en");
    await runTx(page, "Sign and issue");
    await page.getByText(`The receipt for lot ${LOT} is on the chain.`).waitFor();

    // It is in the warehouse's list; its page shows it with no attestation yet.
    await page.getByRole("link", { name: "Back to receipts" }).click();
    await settled(page);
    const lotLink = page.getByRole("link", { name: LOT, exact: true });
    const link = page.getByTestId("receipts-table").locator(lotLink);
    await link.waitFor();
    const row = page.getByTestId("receipts-table").locator("tbody tr", { has: lotLink });
    expect(await row.innerText()).toContain(ORG.tier1);
    expect(await row.innerText()).toContain("120 t");
    expect(await row.innerText()).toContain(cny(86_400));
    seen.receiptId = (await link.getAttribute("data-testid"))!.replace("receipt-row-", "");
    await link.click();
    await settled(page);
    await page.getByRole("heading", { name: `Receipt #${seen.receiptId}` }).waitFor();
    const summary = page.getByTestId(`receipt-${seen.receiptId}`);
    expect(await summary.innerText()).toContain(LOT);
    await page.getByTestId("attestations-table").getByText("No attestation posted yet.").waitFor();

    // An attestation without its report is refused in the form; with it, it is posted and listed.
    const attest = page.getByRole("form", { name: "Post an attestation" });
    await attest.getByLabel("Counted quantity (t)").fill("118");
    await attest.getByRole("button", { name: "Post attestation" }).click();
    await attest.getByText("Attach the inspection report (PDF, PNG or JPEG).").waitFor();
    await attest.getByLabel("Anomaly").selectOption({ label: "2 · Humidity" });
    await attest.getByLabel("Inspection report").setInputFiles({
      name: "inspection.pdf",
      mimeType: "application/pdf",
      buffer: pdf(`inspection of ${LOT}`),
    });
    await runTx(page, "Post attestation", attest.locator(".."));
    const history = page.getByTestId("attestations-table");
    await history.locator("tbody tr").first().waitFor();
    const attested = await history.locator("tbody tr").first().innerText();
    expect(attested).toContain("118 t");
    expect(attested).toContain("Humidity");
    expect(await summary.innerText()).toContain("118 t"); // last attested quantity
    expect(await attest.getByLabel("Inspection report").inputValue()).toBe(""); // the form is empty again
    await screenshot(page, "warehouse-receipt.en");

    // Frozen pledges: the demo's freeze was lifted by its bank; this run's receipt is not pledged.
    await go(page, "#/warehouse/frozen");
    await page.getByRole("heading", { name: "Frozen pledges" }).waitFor();
    const frozenTable = page.getByTestId("frozen-table");
    const none = page.getByText("No pledge is frozen.");
    await frozenTable.or(none).first().waitFor();
    if (await frozenTable.count()) {
      // Pledges frozen by other tests: every row names its pledgee and a shortfall or anomaly.
      for (const text of await frozenTable.locator("tbody tr").allInnerTexts()) expect(text).toMatch(/bank-/);
    }
    expect(await page.getByTestId(`frozen-row-${seen.receiptId}`).count()).toBe(0);
    await screenshot(page, "warehouse-frozen.en");
    await context.close();
  });

  it("the warehouse pages in Chinese", async () => {
    const { context, page } = await signInAs(portal, ORG.warehouse, "zh-CN");
    await page.getByRole("heading", { name: "仓单" }).first().waitFor();
    await screenshot(page, "warehouse-home.zh-CN");
    await go(page, "#/warehouse/issue");
    await page.getByLabel("货主").waitFor();
    await screenshot(page, "warehouse-issue.zh-CN");
    await context.close();
  });

  it("a supplier splits a receivable down its chain; the next tier transfers its part on", async () => {
    // The core confirms a payable to tier 1 (the demo's receivables of tier 1 are all paid).
    const core = await signInAs(portal, ORG.core);
    await go(core.page, "#/core/orders");
    await core.page.getByRole("button", { name: "Confirm a payable…" }).click();
    const payable = core.page.getByTestId("payable-form");
    await selectByText(payable.getByLabel("Supplier (creditor)"), ORG.tier1);
    await payable.getByLabel("Face amount").fill(String(FACE));
    // The form takes a day within a year of the browser's clock; the chain (moved forward by the demo
    // and other tests) must still see it ahead: 60 days after chain time, within the form's year.
    const block = await chainRpc<{ timestamp: string }>(portal.rpcUrl, "eth_getBlockByNumber", ["latest", false]);
    const chainNow = Number(BigInt(block.timestamp)) * 1000;
    const day = Math.min(Math.max(chainNow, Date.now()) + 60 * 86_400_000, Date.now() + 364 * 86_400_000);
    const maturity = new Date(day).toISOString().slice(0, 10);
    await payable.getByLabel("Maturity date").fill(maturity);
    await payable.getByLabel("Invoice (PDF, PNG or JPEG)").setInputFiles({
      name: "invoice.pdf",
      mimeType: "application/pdf",
      buffer: pdf(`invoice ${RUN}`),
    });
    // The form is remounted empty once the payable is confirmed: wait on the card, not on the form.
    await payable.getByRole("button", { name: "Confirm payable" }).click();
    await waitTx(core.page.locator("#confirm-payable"));
    await core.context.close();

    // Tier 1 sees it as a tree with its root part, and splits an amount off to tier 2.
    const tier1 = await signInAs(portal, ORG.tier1);
    await go(tier1.page, "#/supplier/receivables");
    await tier1.page.getByRole("heading", { name: "Receivables" }).waitFor();
    const card = tier1.page
      .getByTestId("receivables-list")
      .locator("[data-testid^=receivable-]", { hasText: cny(FACE) })
      .last();
    await card.waitFor();
    seen.receivableId = (await card.getAttribute("data-testid"))!.replace("receivable-", "");
    const tree = tier1.page.getByTestId(`parts-tree-${seen.receivableId}`);
    const root = tree.getByTestId(`part-row-${seen.receivableId}`);
    expect(await root.innerText()).toContain("root");
    expect(await root.innerText()).toContain(ORG.tier1);
    await screenshot(tier1.page, "supplier-receivables.en");

    const writes = recordWrites(tier1.page);
    await tier1.page.getByRole("button", { name: `Split part #${seen.receivableId}` }).click();
    const split = tier1.page.getByTestId("split-form");
    await selectByText(split.getByLabel("Recipient (supplier)"), ORG.tier2);
    // More than the part holds: refused in the form.
    await split.getByLabel("Amount to split off").fill(String(FACE + 1));
    await split.getByRole("button", { name: "Confirm split" }).click();
    await split.locator(".field-error").first().waitFor();
    expect(await split.locator(".field-error").first().innerText()).toContain(cny(FACE));
    expect(writes).toEqual([]);
    await split.getByLabel("Amount to split off").fill(String(SPLIT));
    await submitPartAction(tier1.page, "Confirm split");

    const newRow = tree.locator("tbody tr", { hasText: ORG.tier2 });
    await newRow.waitFor();
    seen.splitPartId = (await newRow.getAttribute("data-testid"))!.replace("part-row-", "");
    const newText = await newRow.innerText();
    expect(newText).toContain(`#${seen.receivableId}`); // split off the root
    expect(newText).toContain(cny(SPLIT));
    expect(await root.innerText()).toContain(cny(FACE - SPLIT));
    await screenshot(tier1.page, "supplier-receivables-split.en");
    await tier1.context.close();

    // Tier 2 holds the new part, and transfers the whole of it to tier 3.
    const tier2 = await signInAs(portal, ORG.tier2);
    await go(tier2.page, "#/supplier/receivables");
    const held = tier2.page.getByTestId(`part-row-${seen.splitPartId}`);
    await held.waitFor();
    expect(await held.innerText()).toContain("(you)");
    await tier2.page.getByRole("button", { name: `Transfer part #${seen.splitPartId}` }).click();
    const transfer = tier2.page.getByTestId("transfer-form");
    await selectByText(transfer.getByLabel("Recipient (supplier)"), ORG.tier3);
    await submitPartAction(tier2.page, "Confirm transfer");
    // Tier 2 no longer holds any part of it.
    await tier2.page.getByTestId(`receivable-${seen.receivableId}`).waitFor({ state: "detached" });
    await tier2.context.close();

    // Tier 3 now holds it.
    const tier3 = await signInAs(portal, ORG.tier3);
    await go(tier3.page, "#/supplier/receivables");
    const part = tier3.page.getByTestId(`part-row-${seen.splitPartId}`);
    await part.waitFor();
    expect(await part.innerText()).toContain(cny(SPLIT));
    await tier3.context.close();
  });

  it("a bank sets a credit limit and sees it in its table", async () => {
    const { context, page } = await signInAs(portal, ORG.bankA);
    await go(page, "#/bank/limits");
    await page.getByRole("heading", { name: "Credit limits" }).waitFor();
    const limit = 1_000_000 + (RUN % 900_000);
    const form = page.getByTestId("limit-form");
    await selectByText(form.getByLabel("Counterparty"), ORG.tier3);
    await form.getByLabel("Kind of line").selectOption("Borrower");
    await form.getByLabel("New limit").fill(limit.toLocaleString("en-US"));
    await runTx(page, "Set limit", form);
    const row = page.getByTestId("limits-borrower").locator("tbody tr", { hasText: ORG.tier3 });
    await row.filter({ hasText: cny(limit) }).waitFor();
    await screenshot(page, "bank-limits.en");
    await context.close();
  });

  it("the regulator sees the statistics, finds the receipt and the receivable, and exports the audit log", async () => {
    expect(seen.receiptId && seen.receivableId && seen.splitPartId).toBeTruthy();
    const { context, page } = await signInAs(portal, ORG.regulator);
    expect(new URL(page.url()).hash).toBe("#/regulator");
    await page.getByRole("heading", { name: "Network statistics" }).waitFor();
    const stats = await page.locator("main .stats").first().innerText();
    expect(stats).toMatch(/Members\s*\n?\s*\d+/);
    expect(stats).toMatch(/\d/);
    await screenshot(page, "regulator-dashboard.en");

    // The receipt, by its lot: its page has the issue and the attestation in its history.
    await go(page, "#/regulator/search");
    await page.getByLabel("Asset type").selectOption("receipt");
    await page.getByLabel("Id or number").fill(LOT);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const result = page.getByTestId(`result-receipt-${seen.receiptId}`);
    await result.waitFor();
    expect(await result.innerText()).toContain(LOT);
    await screenshot(page, "regulator-search.en");
    await result.click();
    await settled(page);
    await page.getByRole("heading", { name: `Receipt #${seen.receiptId}` }).waitFor();
    const history = page.getByTestId("asset-history");
    await history.locator("tbody tr").nth(1).waitFor();
    const events = (await history.locator("tbody tr").allInnerTexts()).join("\n");
    expect(events).toContain("ReceiptIssued");
    expect(events).toMatch(/ReceiptAttested|Attest/);
    await screenshot(page, "regulator-asset-receipt.en");

    // The receivable: its lineage tree has the root, the part split off (now tier 3's) under it.
    await go(page, "#/regulator/search");
    await page.getByLabel("Asset type").selectOption("receivable");
    await page.getByLabel("Id or number").fill(seen.receivableId!);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByTestId(`result-receivable-${seen.receivableId}`).click();
    await settled(page);
    const tree = page.getByTestId("lineage-tree");
    await tree.waitFor();
    const rootNode = tree.getByTestId(`lineage-part-${seen.receivableId}`);
    const child = rootNode.getByTestId(`lineage-part-${seen.splitPartId}`);
    expect(await child.innerText()).toContain(ORG.tier3);
    expect(await child.innerText()).toContain(cny(SPLIT));
    expect(await rootNode.innerText()).toContain(ORG.tier1);
    const receivableEvents = (await page.getByTestId("asset-history").locator("tbody tr").allInnerTexts()).join("\n");
    expect(receivableEvents).toContain("ReceivableIssued");
    expect(receivableEvents).toMatch(/Split/);
    // The transfer names who gave the part and who got it.
    const transferred = page.getByTestId("asset-history").locator("tbody tr", { hasText: "PartTransferred" });
    expect(await transferred.innerText()).toMatch(new RegExp(`from\\s+${ORG.tier2}[\\s\\S]*to\\s+${ORG.tier3}`));
    await screenshot(page, "regulator-asset-receivable.en");

    // An unknown id: nothing found.
    await go(page, "#/regulator/search");
    await page.getByLabel("Asset type").selectOption("receivable");
    await page.getByLabel("Id or number").fill("987654321");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByText("Nothing matches this search.").waitFor();

    // The audit log: the warehouse's issueReceipt, and the CSV of the same filter.
    await go(page, "#/regulator/audit");
    await page.getByLabel("Action").fill("issueReceipt");
    await page.getByRole("button", { name: "Apply" }).click();
    await settled(page);
    const log = page.getByTestId("audit-log");
    await log.locator("tbody tr", { hasText: "issueReceipt" }).first().waitFor();
    expect((await log.locator("tbody tr").allInnerTexts()).some((r) => r.includes(ORG.warehouse))).toBe(true);
    await screenshot(page, "regulator-audit.en");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs
      .readFileSync((await download.path())!, "utf8")
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toBe("id,at,actor,actorRoles,action,result,error,ip,detail");
    expect(csv.length).toBeGreaterThan(1);
    expect(csv.slice(1).every((line) => line.includes("issueReceipt"))).toBe(true);
    expect(csv.some((line) => line.includes(LOT))).toBe(true);
    await context.close();
  });

  it("the regulator pages in Chinese", async () => {
    const { context, page } = await signInAs(portal, ORG.regulator, "zh-CN");
    await screenshot(page, "regulator-dashboard.zh-CN");
    await go(page, `#/regulator/asset/receivable/${seen.receivableId}`);
    await page.getByTestId("lineage-tree").waitFor();
    await screenshot(page, "regulator-asset-receivable.zh-CN");
    await go(page, "#/regulator/audit");
    await screenshot(page, "regulator-audit.zh-CN");
    await context.close();
  });

  it("left no page errors", () => {
    expect(portal.problems).toEqual([]);
  });
});
