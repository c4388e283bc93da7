/**
 * Where encrypted documents live: IPFS, as UnixFS files (CIDv1, raw leaves, SHA-256).
 * - HeliaDocumentStore (default): @helia/unixfs over an on-disk blockstore in IPFS_DIR, embedded in the
 *   process. Every block read is checked against its CID, so an altered block is reported, never served.
 * - KuboDocumentStore (KUBO_URL set): a Kubo node through its RPC API; documents are pinned on add and
 *   unpinned on removal (Kubo's garbage collector then frees the blocks).
 * Only ciphertext is ever given to a store.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import type { BackendConfig } from "../config/config";
import {
  importEsm,
  type CID,
  type CidModule,
  type BlockstoreFsModule,
  type KuboModule,
  type UnixfsModule,
} from "./esm";

export const DOCUMENT_STORE = Symbol("DOCUMENT_STORE");

export interface DocumentStore {
  readonly kind: "helia" | "kubo";
  /** Stores `bytes` as a UnixFS file; returns its CID (v1, base32). */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes of the file `cid`; StoredContentError when they are missing or do not match the CID. */
  get(cid: string): Promise<Uint8Array>;
  /** Removes (Helia) or unpins (Kubo) the file `cid` with all its blocks; nothing to remove is fine. */
  remove(cid: string): Promise<void>;
  close(): Promise<void>;
}

/** The stored content of a CID is missing or altered. */
export class StoredContentError extends Error {
  constructor(
    readonly cid: string,
    message: string,
  ) {
    super(message);
    this.name = "StoredContentError";
  }
}

/** UnixFS import settings: CIDv1 with raw leaves (the Filecoin/Helia default), written out for both stores. */
const IMPORT = { cidVersion: 1, rawLeaves: true } as const;

const DAG_PB = 0x70;
const RAW = 0x55;
const SHA2_256 = 0x12;

type Blockstore = InstanceType<BlockstoreFsModule["FsBlockstore"]>;
type UnixfsComponents = Parameters<UnixfsModule["unixfs"]>[0];

async function collect(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

function varint(bytes: Uint8Array, at: { offset: number }): number {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at.offset >= bytes.length) throw new Error("truncated varint");
    const byte = bytes[at.offset++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return value;
  }
  throw new Error("varint too long");
}

/** The protobuf fields of `bytes` as (field number, bytes) for length-delimited ones; varints skipped. */
function* protobufFields(bytes: Uint8Array): Generator<[number, Uint8Array]> {
  const at = { offset: 0 };
  while (at.offset < bytes.length) {
    const key = varint(bytes, at);
    const wire = key & 7;
    if (wire === 0) varint(bytes, at);
    else if (wire === 2) {
      const length = varint(bytes, at);
      if (at.offset + length > bytes.length) throw new Error("truncated field");
      yield [Math.floor(key / 8), bytes.subarray(at.offset, at.offset + length)];
      at.offset += length;
    } else throw new Error(`unexpected protobuf wire type ${wire}`);
  }
}

/**
 * The CIDs a dag-pb node links to (PBNode field 2 = Links; PBLink field 1 = Hash). Parsed here rather
 * than with @ipld/dag-pb, which the backend does not depend on directly.
 */
export function dagPbLinks(block: Uint8Array, Cid: CidModule["CID"]): CID[] {
  const links: CID[] = [];
  for (const [field, value] of protobufFields(block)) {
    if (field !== 2) continue;
    for (const [linkField, hash] of protobufFields(value))
      if (linkField === 1) links.push(Cid.decode(hash as Parameters<typeof Cid.decode>[0]));
  }
  return links;
}

/** Checks a block against the SHA-256 multihash of its CID. */
function verifyBlock(cid: CID, bytes: Uint8Array): void {
  if (cid.multihash.code !== SHA2_256) {
    throw new StoredContentError(
      cid.toString(),
      `block ${cid} uses an unsupported hash (0x${cid.multihash.code.toString(16)})`,
    );
  }
  const digest = createHash("sha256").update(bytes).digest();
  if (!digest.equals(cid.multihash.digest)) {
    throw new StoredContentError(cid.toString(), `block ${cid} does not match its CID: the stored block was altered`);
  }
}

export class HeliaDocumentStore implements DocumentStore {
  readonly kind = "helia" as const;

  private constructor(
    readonly directory: string,
    private readonly blockstore: Blockstore,
    private readonly unixfs: UnixfsModule["unixfs"],
    private readonly Cid: CidModule["CID"],
  ) {}

  /** Opens (creating it if needed) the on-disk blockstore in `directory`. */
  static async open(directory: string): Promise<HeliaDocumentStore> {
    const [{ FsBlockstore }, { unixfs }, { CID }] = await Promise.all([
      importEsm<BlockstoreFsModule>("blockstore-fs"),
      importEsm<UnixfsModule>("@helia/unixfs"),
      importEsm<CidModule>("multiformats/cid"),
    ]);
    fs.mkdirSync(directory, { recursive: true });
    const blockstore = new FsBlockstore(directory);
    await blockstore.open();
    return new HeliaDocumentStore(directory, blockstore, unixfs, CID);
  }

  async put(bytes: Uint8Array): Promise<string> {
    // Blocks written by this call, so that a failed import leaves none behind.
    const written: CID[] = [];
    const store = this.blockstore;
    const recording: UnixfsComponents["blockstore"] = {
      get: (cid, options) => store.get(cid, options),
      has: (cid, options) => store.has(cid, options),
      put: async (cid, block, options) => {
        written.push(cid);
        return store.put(cid, block, options);
      },
    };
    try {
      const cid = await this.unixfs({ blockstore: recording }).addBytes(bytes, IMPORT);
      return cid.toString();
    } catch (error) {
      await this.deleteBlocks(written);
      throw error;
    }
  }

  async get(cid: string): Promise<Uint8Array> {
    const root = this.parse(cid);
    const store = this.blockstore;
    const verifying: UnixfsComponents["blockstore"] = {
      has: (key, options) => store.has(key, options),
      put: () => Promise.reject(new Error("the document store is read-only while reading")),
      get: async function* (key, options) {
        yield await readBlock(store, key, options);
      },
    };
    try {
      return await collect(this.unixfs({ blockstore: verifying }).cat(root));
    } catch (error) {
      if (error instanceof StoredContentError) throw error;
      // A block that decodes wrongly or a DAG that does not add up: the stored data is not what was written.
      throw new StoredContentError(
        cid,
        `document ${cid} cannot be read from the blockstore: ${(error as Error).message}`,
      );
    }
  }

  /** Deletes every block of the DAG under `cid` (a file over one chunk has a root and several leaves). */
  async remove(cid: string): Promise<void> {
    const root = this.parse(cid);
    const seen = new Set<string>();
    const pending: CID[] = [root];
    const blocks: CID[] = [];
    while (pending.length > 0) {
      const next = pending.pop()!;
      const key = next.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      blocks.push(next);
      if (next.code === DAG_PB) {
        let block: Uint8Array;
        try {
          block = await collect(this.blockstore.get(next));
        } catch (error) {
          if ((error as Error).name === "NotFoundError") continue;
          throw error;
        }
        pending.push(...dagPbLinks(block, this.Cid));
      } else if (next.code !== RAW) {
        throw new Error(`block ${key} has codec 0x${next.code.toString(16)}, not a UnixFS file block`);
      }
    }
    // Ciphertexts are random, so no two documents share a block: removing them all is safe.
    await this.deleteBlocks(blocks);
  }

  async close(): Promise<void> {
    await this.blockstore.close();
  }

  private async deleteBlocks(cids: CID[]): Promise<void> {
    for (const cid of cids) await this.blockstore.delete(cid);
  }

  private parse(cid: string): CID {
    try {
      return this.Cid.parse(cid);
    } catch {
      throw new StoredContentError(cid, `"${cid}" is not a CID`);
    }
  }
}

async function readBlock(store: Blockstore, cid: CID, options?: object): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await collect(store.get(cid, options));
  } catch (error) {
    if ((error as Error).name === "NotFoundError") {
      throw new StoredContentError(cid.toString(), `block ${cid} is missing from the blockstore`);
    }
    throw error;
  }
  verifyBlock(cid, bytes);
  return bytes;
}

export class KuboDocumentStore implements DocumentStore {
  readonly kind = "kubo" as const;

  private constructor(
    readonly url: string,
    private readonly client: ReturnType<KuboModule["create"]>,
    private readonly Cid: CidModule["CID"],
  ) {}

  static async connect(url: string, timeoutMs = 120_000): Promise<KuboDocumentStore> {
    const [{ create }, { CID }] = await Promise.all([
      importEsm<KuboModule>("kubo-rpc-client"),
      importEsm<CidModule>("multiformats/cid"),
    ]);
    return new KuboDocumentStore(url, create({ url, timeout: timeoutMs }), CID);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const { cid } = await this.client.add(bytes, { ...IMPORT, hashAlg: "sha2-256", pin: true });
    return cid.toString();
  }

  async get(cid: string): Promise<Uint8Array> {
    const root = this.parse(cid);
    try {
      return await collect(this.client.cat(root));
    } catch (error) {
      // Kubo checks blocks itself; a missing one is reported as an error of the call.
      throw new StoredContentError(cid, `Kubo could not read document ${cid}: ${(error as Error).message}`);
    }
  }

  async remove(cid: string): Promise<void> {
    try {
      await this.client.pin.rm(this.parse(cid));
    } catch (error) {
      if (/not pinned/i.test((error as Error).message)) return;
      throw error;
    }
  }

  async close(): Promise<void> {
    // The RPC client holds no connection of its own between calls.
  }

  private parse(cid: string): CID {
    try {
      return this.Cid.parse(cid);
    } catch {
      throw new StoredContentError(cid, `"${cid}" is not a CID`);
    }
  }
}

/** The store the configuration asks for: Kubo when KUBO_URL is set, else the embedded Helia blockstore. */
export async function openDocumentStore(config: Pick<BackendConfig, "kuboUrl" | "ipfsDir">): Promise<DocumentStore> {
  if (config.kuboUrl) return KuboDocumentStore.connect(config.kuboUrl);
  return HeliaDocumentStore.open(config.ipfsDir);
}
