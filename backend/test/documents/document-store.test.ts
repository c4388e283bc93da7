/**
 * The document stores on their own. HeliaDocumentStore over a real on-disk blockstore: a file of several
 * blocks round-trips and is removed with its whole DAG; an altered or missing block is reported, never
 * served. KuboDocumentStore against a small in-test HTTP server implementing the Kubo RPC endpoints it
 * calls (add, cat, pin/rm), since no Kubo binary is available here.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { randomBytes } from "ethers";
import {
  HeliaDocumentStore,
  KuboDocumentStore,
  openDocumentStore,
  StoredContentError,
} from "../../src/documents/document-store";
import { fakeKubo } from "./fake-kubo";
import { filesUnder } from "./samples";

async function rejectsWith(promise: Promise<unknown>, type: new (...args: any[]) => Error, pattern: RegExp) {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    expect((error as Error).message).to.match(pattern);
    return;
  }
  throw new Error("expected a rejection");
}

describe("documents: embedded Helia store", function () {
  let dir: string;
  let store: HeliaDocumentStore;

  beforeEach(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "scf-docstore-"));
    store = await HeliaDocumentStore.open(path.join(dir, "ipfs"));
  });

  afterEach(async function () {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stores a file of several blocks, reads it back, and removes every block of its DAG", async function () {
    const big = randomBytes(2.5 * 1024 * 1024);
    const small = randomBytes(300);
    const bigCid = await store.put(big);
    const smallCid = await store.put(small);
    expect(bigCid).to.match(/^bafy/); // dag-pb root over raw leaves
    expect(smallCid).to.match(/^bafk/); // a single raw block
    // 3 leaves + root for the big file, 1 block for the small one.
    expect(filesUnder(store.directory)).to.have.length(5);
    expect(Buffer.from(await store.get(bigCid)).equals(Buffer.from(big))).to.equal(true);
    expect(Buffer.from(await store.get(smallCid)).equals(Buffer.from(small))).to.equal(true);

    await store.remove(bigCid);
    expect(filesUnder(store.directory)).to.have.length(1);
    await rejectsWith(store.get(bigCid), StoredContentError, /missing/);
    expect(Buffer.from(await store.get(smallCid)).equals(Buffer.from(small))).to.equal(true);
    await store.remove(smallCid);
    await store.remove(smallCid); // nothing left to remove is fine
    expect(filesUnder(store.directory)).to.deep.equal([]);
  });

  it("reports a block altered on disk (a leaf or the root) instead of serving it", async function () {
    const cid = await store.put(randomBytes(1.5 * 1024 * 1024));
    const blocks = filesUnder(store.directory);
    expect(blocks).to.have.length(3);
    for (const file of blocks) {
      const original = fs.readFileSync(file);
      const altered = Buffer.from(original);
      altered[Math.floor(altered.length / 2)] ^= 0x40;
      fs.writeFileSync(file, altered);
      await rejectsWith(store.get(cid), StoredContentError, /does not match its CID/);
      fs.writeFileSync(file, original);
    }
    expect((await store.get(cid)).length).to.equal(1.5 * 1024 * 1024);
  });

  it("reports a missing leaf, and refuses a malformed CID", async function () {
    const cid = await store.put(randomBytes(1.2 * 1024 * 1024));
    const smallest = filesUnder(store.directory).sort((a, b) => fs.statSync(a).size - fs.statSync(b).size);
    // The smallest block is the root; the next one the short last leaf.
    fs.rmSync(smallest[1]);
    await rejectsWith(store.get(cid), StoredContentError, /missing/);
    await rejectsWith(store.get("not-a-cid"), StoredContentError, /is not a CID/);
  });

  it("is the store chosen when no Kubo URL is configured", async function () {
    const chosen = await openDocumentStore({ ipfsDir: path.join(dir, "other") });
    try {
      expect(chosen).to.be.instanceOf(HeliaDocumentStore);
      expect(fs.existsSync(path.join(dir, "other"))).to.equal(true);
    } finally {
      await chosen.close();
    }
  });
});

describe("documents: Kubo store (against an in-test fake of the Kubo RPC API)", function () {
  let kubo: Awaited<ReturnType<typeof fakeKubo>>;

  before(async function () {
    kubo = await fakeKubo();
  });

  after(async function () {
    await kubo.close();
  });

  it("adds with pin, CIDv1 and raw leaves, reads back with cat, and unpins on removal", async function () {
    const store = await openDocumentStore({ kuboUrl: kubo.url, ipfsDir: "/nonexistent" });
    expect(store).to.be.instanceOf(KuboDocumentStore);
    const bytes = randomBytes(5000);
    const cid = await store.put(bytes);
    expect(cid).to.match(/^bafk/);
    const add = kubo.calls.find((c) => c.path === "/api/v0/add")!;
    expect(add.params.get("pin")).to.equal("true");
    expect(add.params.get("cid-version")).to.equal("1");
    expect(add.params.get("raw-leaves")).to.equal("true");
    expect(add.params.get("hash")).to.equal("sha2-256");
    expect(kubo.pinned.has(cid)).to.equal(true);

    expect(Buffer.from(await store.get(cid)).equals(Buffer.from(bytes))).to.equal(true);
    await store.remove(cid);
    expect(kubo.pinned.has(cid)).to.equal(false);
    expect(kubo.calls.filter((c) => c.path === "/api/v0/pin/rm").map((c) => c.params.get("arg"))).to.deep.equal([cid]);
    // Unpinning what is no longer pinned is not an error.
    await store.remove(cid);
    await store.close();
  });

  it("reports content Kubo cannot return, and a malformed CID, as StoredContentError", async function () {
    const store = await KuboDocumentStore.connect(kubo.url);
    const cid = await store.put(randomBytes(100));
    kubo.failCatOnce(true);
    try {
      await rejectsWith(store.get(cid), StoredContentError, /could not find/);
    } finally {
      kubo.failCatOnce(false);
    }
    await rejectsWith(store.get("bafy-not-a-cid"), StoredContentError, /is not a CID/);
    await store.remove(cid);
  });
});
