/**
 * What the end-to-end tests share: a real chain on which the demo consortium played every flow, and, for
 * each database kind, a backend indexing that chain with members signed in through the API as a wallet
 * app signs them in (SIWE, a document key derived from a wallet signature). The helpers drive the API the
 * way such an app does: GraphQL with `x-min-block`, signing the transactions the API prepares, uploading
 * documents, polling for what the indexer has yet to see.
 *
 * The functions below register mocha hooks in the `describe` that calls them, so each suite states its
 * setup in one line; what they return is filled in by those hooks and may only be used inside tests.
 */
import { expect } from "chai";
import { type Interface, type JsonRpcSigner, type TransactionReceipt } from "ethers";
import { playDemo } from "../../../scripts/demo";
import { CONTRACT_INTERFACES } from "../../src/chain/contracts";
import { DOCUMENT_KEY_MESSAGE, documentKeyPairFromSignature, toBase64 } from "../../src/documents/envelope";
import { startBackend, type RunningBackend } from "../../src/server";
import { createTestDatabase, testConfig, type DatabaseKind, type TestDatabase } from "../support/backend";
import { deploy, startChain, type DeployedConsortium, type TestChain } from "../support/chain";

export const DAY = 86_400;

/** The fields of a prepared transaction that the tests sign and check. */
export const TX_FIELDS = "from to data chainId method";

export interface Prepared {
  from: string;
  to: string;
  data: string;
  chainId: number;
  method: string;
}

export interface Actor<N extends string = string> {
  name: N;
  signer: JsonRpcSigner;
  address: string;
  /** The bearer token of the actor's session. */
  token: string;
  /** The actor's document key pair, derived from its wallet's signature of DOCUMENT_KEY_MESSAGE. */
  keys: { privateKey: Uint8Array; publicKey: Uint8Array };
}

export interface GraphQLResponse {
  data?: any;
  errors?: { message: string; extensions: { code: string } }[];
}

export interface DemoChain {
  chain: TestChain;
  consortium: DeployedConsortium;
}

/**
 * A fresh chain with the consortium deployed and the demo played on it, started before the calling
 * `describe`'s tests and closed after them.
 */
export function demoChain(): DemoChain {
  const demo = {} as DemoChain;
  before(async function () {
    demo.chain = await startChain();
    demo.consortium = await deploy(demo.chain);
    await playDemo(demo.chain.provider, demo.consortium.deployment, () => undefined);
  });
  after(async () => demo.chain?.close());
  return demo;
}

/** A PDF-looking file: `label`, then `text`, so that a test can recognise the file once opened. */
export function pdf(label: string, text: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.7\n% ${label}: ${text}, ${"x".repeat(64)}\n%%EOF\n`);
}

/** The arguments of the first `event` of `contract` in the receipt; fails if there is none. */
export function eventArgs(
  receipt: TransactionReceipt,
  contract: keyof typeof CONTRACT_INTERFACES,
  event: string,
): Record<string, unknown> {
  const iface: Interface = CONTRACT_INTERFACES[contract];
  for (const log of receipt.logs) {
    const parsed = iface.parseLog(log);
    if (parsed?.name === event) return parsed.args.toObject();
  }
  throw new Error(`no ${event} in the receipt`);
}

/** One argument of the first `event` of `contract` in the receipt, as a string. */
export function eventArg(
  receipt: TransactionReceipt,
  contract: keyof typeof CONTRACT_INTERFACES,
  event: string,
  arg: string,
): string {
  return String(eventArgs(receipt, contract, event)[arg]);
}

export interface EndToEndOptions<N extends string> {
  /** Names the suite's test database. */
  name: string;
  /** Who signs in, by name: the index of their account on the chain. */
  actors: Readonly<Record<N, number>>;
  /** What each uploaded file says after its label (see `pdf`). */
  documentText: string;
}

/**
 * A backend on a `kind` database indexing the demo chain, with every actor signed in and its document
 * key registered, started before the calling `describe`'s tests. The chain is snapshotted first and
 * reverted after, so that each database kind plays its flows from the demo's end state.
 */
export function endToEnd<N extends string>(demo: DemoChain, kind: DatabaseKind, options: EndToEndOptions<N>) {
  let database: TestDatabase | undefined;
  let backend: RunningBackend | undefined;
  let base = "";
  let snapshot: string | undefined;
  const actors = {} as Record<N, Actor<N>>;

  before(async function () {
    snapshot = await demo.chain.send<string>("evm_snapshot");
    database = await createTestDatabase(kind, options.name);
    backend = await startBackend(
      testConfig({ rpcUrl: demo.chain.url, deploymentFile: demo.consortium.deploymentFile, database }),
    );
    base = backend.url.replace(/\/graphql$/, "");
    await backend.sync.waitForBlock(await demo.chain.provider.getBlockNumber(), 120_000);
    for (const [name, index] of Object.entries(options.actors) as [N, number][]) {
      const signer = await demo.chain.signer(index);
      const address = await signer.getAddress();
      const token = await signIn(signer, address);
      const keys = await documentKeyPairFromSignature(await signer.signMessage(DOCUMENT_KEY_MESSAGE), address);
      actors[name] = { name, signer, address, token, keys };
      const registered = await gql(
        actors[name],
        `mutation($k: String!) { registerEncryptionKey(publicKey: $k) { address } }`,
        { k: toBase64(keys.publicKey) },
      );
      expect(registered.registerEncryptionKey.address).to.equal(address);
    }
  });
  after(async function () {
    await backend?.close();
    await database?.drop();
    if (snapshot) await demo.chain.send("evm_revert", [snapshot]);
  });

  async function post(
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
    minBlock?: number,
  ): Promise<GraphQLResponse> {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(minBlock !== undefined ? { "x-min-block": String(minBlock) } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  }

  /** The data of an answer that must have no errors. */
  async function gql(
    actor: Actor | null,
    query: string,
    variables: Record<string, unknown> = {},
    minBlock?: number,
  ): Promise<any> {
    const answer = await post(actor?.token ?? null, query, variables, minBlock);
    expect(answer.errors, `${actor?.name ?? "anonymous"}: ${JSON.stringify(answer.errors)}`).to.equal(undefined);
    return answer.data;
  }

  /** A session token, got as a wallet app gets it: the challenge signed by the wallet. */
  async function signIn(signer: JsonRpcSigner, address: string): Promise<string> {
    const challenge = await post(null, `mutation($a: String!) { signInChallenge(address: $a) { message } }`, {
      a: address,
    });
    const message = challenge.data.signInChallenge.message as string;
    const signature = await signer.signMessage(message);
    const result = await post(
      null,
      `mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }`,
      { m: message, s: signature },
    );
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    return result.data.signIn.token;
  }

  /** Signs and sends prepared transactions in order with the actor's wallet; the last receipt. */
  async function send(actor: Actor, txs: Prepared[]): Promise<TransactionReceipt> {
    expect(txs.length, "prepared transactions").to.be.greaterThan(0);
    let last: TransactionReceipt | null = null;
    for (const tx of txs) {
      expect(tx.from).to.equal(actor.address, `${tx.method} belongs to ${tx.from}`);
      expect(tx.chainId).to.equal(31337);
      last = await (await actor.signer.sendTransaction({ to: tx.to, data: tx.data })).wait();
      expect(last!.status, tx.method).to.equal(1);
    }
    return last!;
  }

  /** Uploads a `pdf(label)` of `kind` shared with `parties`; its id and commitment. */
  async function upload(actor: Actor, label: string, kind: string, parties: Actor[]) {
    const form = new FormData();
    form.set("file", new Blob([pdf(label, options.documentText)], { type: "application/pdf" }), `${label}.pdf`);
    form.set("kind", kind);
    form.set("parties", parties.map((p) => p.address).join(","));
    const response = await fetch(`${base}/documents`, {
      method: "POST",
      headers: { authorization: `Bearer ${actor.token}` },
      body: form,
    });
    const body = (await response.json()) as { id: string; commitment: string };
    expect(response.status, JSON.stringify(body)).to.equal(201);
    return body;
  }

  /** The application once it has `status` (the indexer may lag behind `minBlock`'s side effects). */
  async function waitForStatus(actor: Actor, id: string, status: string, minBlock: number): Promise<any> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { application } = await gql(
        actor,
        `query($id: ID!) { application(id: $id) { id status financing { product id } } }`,
        { id },
        minBlock,
      );
      if (application.status === status || Date.now() > deadline) {
        expect(application.status).to.equal(status);
        return application;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Moves the chain's clock; the block mined at the new time. */
  async function timeTravel(days: number): Promise<number> {
    await demo.chain.send("evm_increaseTime", [days * DAY]);
    await demo.chain.send("evm_mine");
    return demo.chain.provider.getBlockNumber();
  }

  /** The kinds of the actor's alerts about `subject`, sorted, once there is at least one (or after 5 s). */
  async function alertKinds(actor: Actor, subject: string, minBlock: number): Promise<string[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const { alerts } = await gql(actor, `{ alerts(first: 200) { edges { node { kind subject } } } }`, {}, minBlock);
      const kinds = alerts.edges
        .filter((e: any) => e.node.subject === subject)
        .map((e: any) => e.node.kind)
        .sort();
      if (kinds.length > 0 || Date.now() > deadline) return kinds;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The actor's balance as the API reports it (its first token-balance row; 0 without one). */
  async function balanceOf(actor: Actor, minBlock: number): Promise<bigint> {
    const { tokenBalances } = await gql(
      actor,
      `query($a: String!) { tokenBalances(filter: { account: $a }) { edges { node { balance } } } }`,
      { a: actor.address },
      minBlock,
    );
    return BigInt(tokenBalances.edges[0]?.node.balance ?? "0");
  }

  return {
    actors,
    /** The backend's HTTP root (without `/graphql`). */
    get base() {
      return base;
    },
    post,
    gql,
    send,
    upload,
    waitForStatus,
    timeTravel,
    alertKinds,
    balanceOf,
  };
}
