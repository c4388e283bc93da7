/**
 * An obligor may pay a receivable early, while one of its parts sits in the factoring contract's
 * custody under an open offer. A paid part can no longer move, so closing the offer must hand the
 * seller the part's proceeds instead of the part: nothing may stay locked in the contract.
 */
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { id } from "ethers";
import { consortiumFixture, DAY, issueReceivable, type Fixture } from "../helpers/fixture";

const DealStatus = { Offered: 1n, Funded: 2n, RecourseSettled: 5n, Withdrawn: 6n, Declined: 7n };
const PartStatus = { Active: 1n, Redeemed: 2n };
const FACE = 1_000_000n;

async function offeredAndPaid(f: Fixture, offerTo?: string) {
  const receivableId = await issueReceivable(f, { face: FACE, days: 90 });
  const expires = (await time.latest()) + 7 * DAY;
  await f.factoring.connect(f.supplier1).offer(receivableId, offerTo ?? f.bank1.address, 8_000, 1_200, true, expires);
  const dealId = 1n;
  await f.receivables.connect(f.core).pay(receivableId);
  return { receivableId, dealId };
}

describe("Factoring: receivable paid while a part is offered", function () {
  it("withdraw pays the seller the part's proceeds when the receivable was paid meanwhile", async function () {
    const f = await loadFixture(consortiumFixture);
    const { receivableId, dealId } = await offeredAndPaid(f);
    const before = await f.settlementToken.balanceOf(f.supplier1.address);

    await expect(f.factoring.connect(f.supplier1).withdraw(dealId))
      .to.emit(f.factoring, "FactoringWithdrawn")
      .withArgs(dealId, f.supplier1.address)
      .and.to.emit(f.receivables, "PartRedeemed")
      .withArgs(receivableId, receivableId, await f.factoring.getAddress(), FACE);

    expect(await f.settlementToken.balanceOf(f.supplier1.address)).to.equal(before + FACE);
    expect(await f.settlementToken.balanceOf(await f.factoring.getAddress())).to.equal(0n);
    expect((await f.receivables.part(receivableId)).status).to.equal(PartStatus.Redeemed);
    expect((await f.factoring.deal(dealId)).status).to.equal(DealStatus.Withdrawn);
  });

  it("decline pays the seller the part's proceeds when the receivable was paid meanwhile", async function () {
    const f = await loadFixture(consortiumFixture);
    const { dealId } = await offeredAndPaid(f);
    const before = await f.settlementToken.balanceOf(f.supplier1.address);

    await expect(f.factoring.connect(f.bank1).decline(dealId, id("paid early")))
      .to.emit(f.factoring, "FactoringDeclined")
      .withArgs(dealId, f.bank1.address, id("paid early"));

    expect(await f.settlementToken.balanceOf(f.supplier1.address)).to.equal(before + FACE);
    expect((await f.factoring.deal(dealId)).status).to.equal(DealStatus.Declined);
  });

  it("a bank cannot buy a part whose receivable is already paid", async function () {
    const f = await loadFixture(consortiumFixture);
    const { dealId } = await offeredAndPaid(f);
    await expect(f.factoring.connect(f.bank1).accept(dealId, 9_000, 800, true, id("ref")))
      .to.be.revertedWithCustomError(f.factoring, "FinancingAssetNotReady")
      .withArgs(dealId);
    expect((await f.factoring.deal(dealId)).status).to.equal(DealStatus.Offered);
  });

  it("withdraw still returns the part itself while the receivable is unpaid", async function () {
    const f = await loadFixture(consortiumFixture);
    const receivableId = await issueReceivable(f, { face: FACE, days: 90 });
    const expires = (await time.latest()) + 7 * DAY;
    await f.factoring.connect(f.supplier1).offer(receivableId, f.bank1.address, 8_000, 1_200, true, expires);
    const before = await f.settlementToken.balanceOf(f.supplier1.address);

    await f.factoring.connect(f.supplier1).withdraw(1n);

    const part = await f.receivables.part(receivableId);
    expect(part.holder).to.equal(f.supplier1.address);
    expect(part.status).to.equal(PartStatus.Active);
    expect(await f.settlementToken.balanceOf(f.supplier1.address)).to.equal(before);
  });
});
