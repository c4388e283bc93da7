/**
 * The signed-in member: Sign-In with Ethereum through the backend (challenge, wallet signature, bearer
 * token), the wallet that signs its transactions, and its document key pair (derived from a wallet
 * signature, registered with the backend so documents can be shared with it; the private key stays in
 * this tab's memory).
 *
 * The token survives a reload (sessionStorage); the wallet reconnects on demand: a demo account at once,
 * a browser wallet when the member next signs something.
 */
import { sameAddress } from "./address";
import type { DocumentKeyPair } from "@envelope";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { portalConfig, type DevAccount } from "./config";
import { gql, setToken } from "./graphql";
import type { Wallet } from "./wallet";

export interface Viewer {
  address: string;
  orgId: string;
  roles: string[];
  expiresAt: string;
}
export type SignInMethod = { kind: "injected" } | { kind: "dev"; account: DevAccount };

interface Stored {
  token: string;
  /** The viewer as of sign-in, shown at once on a reload while the token is checked again. */
  viewer?: Viewer;
  method: { kind: "injected" } | { kind: "dev"; address: string };
}

const STORAGE_KEY = "scf.session";
const VIEWER_FIELDS = "address orgId roles expiresAt";

export interface Session {
  viewer: Viewer | null;
  /** True while a stored session is being checked at start. */
  restoring: boolean;
  signIn(method: SignInMethod): Promise<void>;
  signOut(): Promise<void>;
  /** The wallet of the signed-in member (reconnected if needed). */
  wallet(): Promise<Wallet>;
  /** The member's document key pair (asks the wallet for the derivation signature once per tab). */
  documentKeys(): Promise<DocumentKeyPair>;
  hasRole(role: string): boolean;
}

const SessionContext = createContext<Session | null>(null);

function loadStored(): Stored | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

async function connect(method: Stored["method"] | SignInMethod): Promise<Wallet> {
  const [config, wallets] = await Promise.all([portalConfig(), import("./wallet")]);
  if (method.kind === "injected") return wallets.connectInjected(config);
  const address = "account" in method ? method.account.address : method.address;
  const account = config.devAccounts?.find((a) => sameAddress(a.address, address));
  if (!account) throw new Error(`${address} is not a demo account of this chain.`);
  return wallets.connectDev(config, account.privateKey);
}

/** Registers the member's document public key unless the backend already has this one. */
async function registerKeys(wallet: Wallet): Promise<DocumentKeyPair> {
  const { DOCUMENT_KEY_MESSAGE, documentKeyPairFromSignature, toBase64 } = await import("@envelope");
  const keys = await documentKeyPairFromSignature(await wallet.signMessage(DOCUMENT_KEY_MESSAGE), wallet.address);
  const publicKey = toBase64(keys.publicKey);
  const { encryptionKey } = await gql<{ encryptionKey: { publicKey: string } | null }>(
    `query($a: String!) { encryptionKey(address: $a) { publicKey } }`,
    { a: wallet.address },
  );
  if (encryptionKey?.publicKey !== publicKey) {
    await gql(`mutation($k: String!) { registerEncryptionKey(publicKey: $k) { address } }`, { k: publicKey });
  }
  return keys;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(() => {
    // The token is set before the first render, so that the pages' first reads carry it.
    const kept = loadStored();
    if (kept) setToken(kept.token);
    return kept;
  });
  const [viewer, setViewer] = useState<Viewer | null>(() => stored?.viewer ?? null);
  const [restoring, setRestoring] = useState(() => !!stored && !stored.viewer);
  const [walletPromise, setWalletPromise] = useState<Promise<Wallet> | null>(null);
  const [keysPromise, setKeysPromise] = useState<Promise<DocumentKeyPair> | null>(null);

  const clear = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setStored(null);
    setViewer(null);
    setWalletPromise(null);
    setKeysPromise(null);
  }, []);

  useEffect(() => {
    if (!stored) {
      setRestoring(false);
      return;
    }
    setToken(stored.token);
    // Checked again in the background when the viewer was kept: an expired or revoked session, or
    // changed roles, replace what shows.
    gql<{ viewer: Viewer | null }>(`{ viewer { ${VIEWER_FIELDS} } }`)
      .then(({ viewer }) => (viewer ? setViewer(viewer) : clear()))
      .catch((error: { code?: string }) => error.code !== "NETWORK" && clear())
      .finally(() => setRestoring(false));
    // only at start
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const signIn = useCallback(async (method: SignInMethod) => {
    const wallet = await connect(method);
    const { signInChallenge } = await gql<{ signInChallenge: { message: string } }>(
      `mutation($a: String!) { signInChallenge(address: $a) { message } }`,
      { a: wallet.address },
    );
    const signature = await wallet.signMessage(signInChallenge.message);
    const { signIn } = await gql<{ signIn: { token: string; viewer: Viewer } }>(
      `mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token viewer { ${VIEWER_FIELDS} } } }`,
      { m: signInChallenge.message, s: signature },
    );
    setToken(signIn.token);
    const next: Stored = {
      token: signIn.token,
      viewer: signIn.viewer,
      method: method.kind === "dev" ? { kind: "dev", address: wallet.address } : { kind: "injected" },
    };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setStored(next);
    setWalletPromise(Promise.resolve(wallet));
    // A demo account derives and registers its document key before the portal opens (so that others can
    // share documents with it at once); a browser wallet when first needed, since it asks the member.
    if (wallet.kind === "dev") {
      const keys = registerKeys(wallet);
      setKeysPromise(keys);
      await keys;
    }
    setViewer(signIn.viewer);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await gql(`mutation { signOut }`);
    } finally {
      clear();
    }
  }, [clear]);

  const value = useMemo<Session>(() => {
    const wallet = () => {
      if (walletPromise) return walletPromise;
      if (!stored) return Promise.reject(new Error("Sign in first."));
      const promise = connect(stored.method).then((w) => {
        if (viewer && !sameAddress(w.address, viewer.address)) {
          throw new Error(`The wallet is on ${w.address}; switch it to ${viewer.address}, the signed-in account.`);
        }
        return w;
      });
      promise.catch(() => setWalletPromise(null));
      setWalletPromise(promise);
      return promise;
    };
    return {
      viewer,
      restoring,
      signIn,
      signOut,
      wallet,
      documentKeys() {
        if (keysPromise) return keysPromise;
        const promise = wallet().then(registerKeys);
        promise.catch(() => setKeysPromise(null));
        setKeysPromise(promise);
        return promise;
      },
      hasRole: (role) => !!viewer?.roles.includes(role),
    };
  }, [viewer, restoring, signIn, signOut, stored, walletPromise, keysPromise]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
