/**
 * Loads the ESM-only IPFS packages (@helia/unixfs, blockstore-fs, kubo-rpc-client, multiformats) from
 * this CommonJS backend. TypeScript's CommonJS output turns `import()` into `require()`, which these
 * packages refuse (their exports maps have only an `import` condition); a function built from source
 * keeps a real dynamic import, resolved from this file's location.
 */

const dynamicImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

const loaded = new Map<string, Promise<unknown>>();

/** The ES module `specifier`, typed by the caller (`importEsm<typeof import("x")>("x")`); loaded once. */
export function importEsm<T>(specifier: string): Promise<T> {
  let module = loaded.get(specifier);
  if (!module) {
    module = dynamicImport(specifier);
    // A failed load is retried next time rather than cached.
    module.catch(() => loaded.delete(specifier));
    loaded.set(specifier, module);
  }
  return module as Promise<T>;
}

export type BlockstoreFsModule = typeof import("blockstore-fs");
export type UnixfsModule = typeof import("@helia/unixfs");
export type KuboModule = typeof import("kubo-rpc-client");
export type CidModule = typeof import("multiformats/cid");
export type CID = import("multiformats/cid").CID;
