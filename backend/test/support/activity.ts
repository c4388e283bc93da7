/**
 * Activity on a test chain: a small consortium (operator, core enterprise, three suppliers, a bank),
 * random single-transaction steps for the reorganisation tests, and dense bursts of splits for the
 * crash test. Targets are read from the chain, so the steps stay valid after an evm_revert.
 */
import { id, MaxUint256, type ContractTransactionReceipt, type JsonRpcSigner } from "ethers";
import { currencyCode, Role, text32 } from "../../../scripts/lib/consortium";
import type { DeployedConsortium, TestChain } from "./chain";

const CNY = currencyCode("CNY");
const DAY = 86_400;

/** A deterministic pseudo-random sequence (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Activity {
  private nonce = 0;
  private highestPart = 0;

  private constructor(
    private readonly chain: TestChain,
    private readonly consortium: DeployedConsortium,
    readonly core: JsonRpcSigner,
    readonly suppliers: JsonRpcSigner[],
    readonly bank: JsonRpcSigner,
  ) {}

  static async setup(chain: TestChain, consortium: DeployedConsortium): Promise<Activity> {
    const { registry, settlementToken, receivables, creditLimits } = consortium.contracts;
    const [operator, core, s1, s2, s3, bank] = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => chain.signer(i)));
    const admit: [JsonRpcSigner, string, number][] = [
      [core, "core", Role.CORE_ENTERPRISE],
      [s1, "supplier-1", Role.SUPPLIER],
      [s2, "supplier-2", Role.SUPPLIER],
      [s3, "supplier-3", Role.SUPPLIER],
      [bank, "bank", Role.BANK],
    ];
    for (const [signer, org, roles] of admit) {
      await (await registry.connect(operator).admit(await signer.getAddress(), text32(org), roles, id(org))).wait();
    }
    await (await settlementToken.connect(bank).mint(await core.getAddress(), 10n ** 15n, id("deposit"))).wait();
    await (await settlementToken.connect(core).approve(await receivables.getAddress(), MaxUint256)).wait();
    await (await creditLimits.connect(bank).setLimit(await core.getAddress(), 0, 10n ** 12n)).wait();
    return new Activity(chain, consortium, core, [s1, s2, s3], bank);
  }

  private invoice(): string {
    return id(`invoice:${Date.now()}:${this.nonce++}:${Math.random()}`);
  }

  /** One transaction (one block with automine): issue, split, transfer, mint, or submit an order. */
  async step(rng: () => number): Promise<void> {
    const { receivables, settlementToken, purchaseOrders } = this.consortium.contracts;
    const pick = <T>(list: T[]) => list[Math.floor(rng() * list.length)];
    const kind = rng();
    const now = (await this.chain.provider.getBlock("latest"))!.timestamp;
    if (kind < 0.45 && this.highestPart > 0) {
      // Split or transfer a part one of the suppliers holds (read from the chain: it may have been reorganised).
      for (let attempt = 0; attempt < 8; attempt++) {
        const partId = 1 + Math.floor(rng() * this.highestPart);
        const part = await receivables.part(partId);
        const holder = this.suppliers.find((s) => s.address === part.holder);
        const receivable = await receivables.receivable(part.rootId);
        if (!holder || part.status !== 1n || receivable.status === 4n || part.amount < 2n) continue;
        const to = pick(this.suppliers.filter((s) => s !== holder));
        if (rng() < 0.6) {
          const amount = 1n + BigInt(Math.floor(rng() * Number(part.amount - 1n)));
          this.noteParts(await (await receivables.connect(holder).split(partId, to.address, amount)).wait());
        } else {
          await (await receivables.connect(holder).transfer(partId, to.address)).wait();
        }
        return;
      }
    }
    if (kind < 0.7) {
      const face = 1_000n + BigInt(Math.floor(rng() * 1_000_000));
      const tx = await receivables
        .connect(this.core)
        .issue(pick(this.suppliers).address, face, CNY, now + 90 * DAY, this.invoice(), "ipfs://invoice");
      this.noteParts(await tx.wait());
      return;
    }
    if (kind < 0.85) {
      await (
        await settlementToken.connect(this.bank).mint(pick(this.suppliers).address, 1_000n, this.invoice())
      ).wait();
      return;
    }
    const supplier = pick(this.suppliers);
    await (
      await purchaseOrders
        .connect(supplier)
        .submit(
          this.core.address,
          `PO-${this.nonce++}-${Math.floor(rng() * 1e9)}`,
          50_000n,
          CNY,
          now + 30 * DAY,
          60,
          this.invoice(),
          "ipfs://order",
        )
    ).wait();
  }

  /** Remembers the highest part id created by a transaction (parts and receivables share one counter). */
  private noteParts(receipt: ContractTransactionReceipt | null): void {
    for (const log of receipt?.logs ?? []) {
      const parsed = this.consortium.contracts.receivables.interface.parseLog(log);
      if (parsed?.name === "ReceivableIssued") this.highestPart = Math.max(this.highestPart, Number(parsed.args[0]));
      if (parsed?.name === "PartSplit") this.highestPart = Math.max(this.highestPart, Number(parsed.args[1]));
    }
  }

  /**
   * At least `events` logs in dense blocks: a receivable for supplier 1, then `splitMany` calls of 8
   * parts each, `perBlock` transactions per block (automine off while sending).
   */
  async denseSplits(events: number, perBlock = 40): Promise<number> {
    const { receivables } = this.consortium.contracts;
    const [s1, s2] = this.suppliers;
    const now = (await this.chain.provider.getBlock("latest"))!.timestamp;
    const issue = await receivables
      .connect(this.core)
      .issue(s1.address, 10n ** 12n, CNY, now + 180 * DAY, this.invoice(), "ipfs://big");
    const issued = await issue.wait();
    const rootId = receivables.interface.parseLog(issued!.logs[0])!.args[0] as bigint;
    const recipients = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? s2.address : this.suppliers[2].address));
    const amounts = Array.from({ length: 8 }, () => 1_000n);
    const data = receivables.interface.encodeFunctionData("splitMany", [rootId, recipients, amounts]);
    const to = await receivables.getAddress();
    let nonce = await this.chain.provider.getTransactionCount(s1.address);
    let sent = 0;
    await this.chain.send("evm_setAutomine", [false]);
    try {
      while (sent * 8 < events) {
        const hashes: string[] = [];
        for (let i = 0; i < perBlock && sent * 8 < events; i++, sent++) {
          hashes.push(
            await this.chain.send<string>("eth_sendTransaction", [
              { from: s1.address, to, data, gas: "0x100000", nonce: `0x${(nonce++).toString(16)}` },
            ]),
          );
        }
        await this.chain.send("evm_mine");
      }
    } finally {
      await this.chain.send("evm_setAutomine", [true]);
    }
    return sent * 8 + 1;
  }
}
