/** What the backend tells the portal about the network it serves (GET /portal/config.json). */
export interface DevAccount {
  address: string;
  orgId: string;
  roles: string[];
  privateKey: string;
}
export interface PortalConfig {
  chainId: number;
  contracts: Record<string, string>;
  /** True on a local development chain only: the demo accounts' picker signs in the page. */
  devSigner: boolean;
  devAccounts?: DevAccount[];
  rpcPath: string;
  graphqlPath: string;
}

let loaded: Promise<PortalConfig> | null = null;

/** The portal's configuration, fetched once. */
export function portalConfig(): Promise<PortalConfig> {
  loaded ??= fetch("/portal/config.json").then(async (response) => {
    if (!response.ok) throw new Error(`The portal configuration could not be loaded (HTTP ${response.status}).`);
    return (await response.json()) as PortalConfig;
  });
  loaded.catch(() => (loaded = null));
  return loaded;
}
