/**
 * `npm run bench:api`: requests per second and latency (p50 / p99) of typical portal queries and
 * mutations against the embedded stack, as `npm start` runs it: a fresh `hardhat node` with the demo
 * consortium played on it, and the backend in its own process on PGlite (set BENCH_DATABASE_URL for
 * PostgreSQL). The load comes from autocannon in this process, signed in with SIWE as demo members.
 *
 * Environment: BENCH_SECONDS per scenario (default 10), BENCH_CONNECTIONS (default 10).
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { id, JsonRpcProvider, type JsonRpcSigner } from "ethers";
import { playDemo } from "../../scripts/demo";
import { currencyCode, deployConsortium } from "../../scripts/lib/consortium";
import { startLocalBackend } from "../../scripts/lib/demo/backend";
import { startLocalChain } from "../../scripts/lib/demo/chain";

const ROOT = path.resolve(__dirname, "..", "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

interface Scenario {
  name: string;
  token: string;
  query: string;
  variables?: Record<string, unknown>;
}

async function post(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function signIn(url: string, signer: JsonRpcSigner): Promise<{ address: string; token: string }> {
  const address = await signer.getAddress();
  const { signInChallenge } = await post(
    url,
    null,
    `mutation($a: String!) { signInChallenge(address: $a) { message } }`,
    {
      a: address,
    },
  );
  const signature = await signer.signMessage(signInChallenge.message);
  const { signIn: session } = await post(
    url,
    null,
    `mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }`,
    { m: signInChallenge.message, s: signature },
  );
  return { address, token: session.token };
}

async function run(url: string, scenario: Scenario) {
  // Each scenario must succeed once before it is measured.
  await post(url, scenario.token, scenario.query, scenario.variables);
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { "content-type": "application/json", authorization: `Bearer ${scenario.token}` },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} }),
  });
  return {
    name: scenario.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const chainPort = await freePort();
  const chain = await startLocalChain({
    root: ROOT,
    host: "127.0.0.1",
    port: chainPort,
    logFile: "/dev/null",
    readyTimeoutMs: 60_000,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scf-bench-api-"));
  let backend: Awaited<ReturnType<typeof startLocalBackend>> | null = null;
  try {
    const provider = new JsonRpcProvider(chain.url, undefined, { cacheTimeout: -1, staticNetwork: true });
    const { deployment, contracts } = await deployConsortium(await provider.getSigner(0));
    const deploymentFile = path.join(dir, "deployment.json");
    fs.writeFileSync(deploymentFile, JSON.stringify(deployment, null, 2));
    const { members } = await playDemo(provider, deployment, () => undefined);
    // After the demo every receivable is settled: a fresh payable to tier 1, partly split to tier 2, gives the
    // trade-step and application scenarios an unpaid part to work on.
    const now = Number((await provider.getBlock("latest"))!.timestamp);
    const asCore = contracts.receivables.connect(await provider.getSigner(members.core.address));
    const issuedReceipt = await (
      await asCore.issue(
        members.tier1.address,
        100_000_000n,
        currencyCode(deployment.currency),
        now + 90 * 86_400,
        id(`bench-invoice-${now}`),
        "ipfs://bench",
      )
    ).wait();
    const issuedLog = issuedReceipt!.logs
      .map((l) => contracts.receivables.interface.parseLog(l))
      .find((l) => l?.name === "ReceivableIssued");
    const issued = issuedLog!.args.receivableId as bigint;
    await (
      await contracts.receivables
        .connect(await provider.getSigner(members.tier1.address))
        .split(issued, members.tier2.address, 40_000_000n)
    ).wait();
    process.env.SIGN_IN_PER_MINUTE = "100000";
    if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
    backend = await startLocalBackend({
      root: ROOT,
      rpcUrl: chain.url,
      chainId: chain.chainId,
      deploymentFile,
      port: await freePort(),
      logFile: path.join(dir, "backend.log"),
      readyTimeoutMs: 120_000,
      log: () => undefined,
    });
    const url = backend.url;
    const head = await provider.getBlockNumber();
    // Wait until the demo is indexed.
    for (;;) {
      const { syncStatus } = await post(url, null, "{ syncStatus { indexedBlock } }");
      if ((syncStatus.indexedBlock ?? -1) >= head) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const as = async (key: keyof typeof members) => signIn(url, await provider.getSigner(members[key].address));
    const tier1 = await as("tier1");
    const tier2 = await as("tier2");
    const bankA = await as("bankA");
    const regulator = await as("regulator");
    const core = await as("core");

    // A part of tier 2 to apply with, and one submitted application in bank A's queue.
    const { receivableParts } = await post(
      url,
      tier2.token,
      `query($h: String!) { receivableParts(filter: { holder: $h, status: [Active] }) { edges { node { id receivable { status } } } } }`,
      { h: tier2.address },
    );
    const unpaid = (edges: { node: { id: string; receivable: { status: string } } }[]) =>
      edges.find((e) => e.node.receivable.status === "Outstanding")?.node.id;
    const partId: string | undefined = unpaid(receivableParts.edges);

    const scenarios: Scenario[] = [
      {
        name: "supplier dashboard (receivables, balances, alerts)",
        token: tier1.token,
        query: `query($a: String!) {
          receivables(filter: { creditor: $a }, first: 20) { totalCount edges { node { id face maturity status parts { id holder amount } } } }
          tokenBalances(filter: { account: $a }) { edges { node { balance currency } } }
          alerts(first: 20) { edges { node { kind subject message } } }
        }`,
        variables: { a: tier1.address },
      },
      {
        name: "bank portfolio",
        token: bankA.token,
        query: `query($b: String!) { bankPortfolio(bank: $b, maturingWithinDays: 30) { open { count outstanding } maturing { count outstanding } overdue { count outstanding } exposures { counterparty outstanding limit } } }`,
        variables: { b: bankA.address },
      },
      {
        name: "bank application queue with risk summary",
        token: bankA.token,
        query: `query($b: String!) { applicationQueue(first: 20) { totalCount edges { node { id status product riskSummary(bank: $b) { factors { name value } } } } } }`,
        variables: { b: bankA.address },
      },
      {
        name: "regulator: receivables with lineage parts",
        token: regulator.token,
        query: `{ receivables(first: 50) { totalCount edges { node { id obligor creditor face status parts { id parentId holder amount status } } } } }`,
      },
      {
        name: "core enterprise maturity calendar",
        token: core.token,
        query: `query($o: String!, $f: DateTime!, $t: DateTime!) { maturityCalendar(obligor: $o, from: $f, to: $t, bucket: WEEK) { buckets { end face count } } }`,
        variables: { o: core.address, f: "2025-01-01T00:00:00Z", t: "2035-01-01T00:00:00Z" },
      },
      {
        name: "mutation: trade step prepared (transfer a part)",
        token: tier1.token,
        query: `mutation($p: ID!, $to: String!) { transferPart(partId: $p, to: $to) { to data } }`,
        variables: { p: "0", to: tier2.address },
      },
      {
        name: "mutation: sign-in challenge",
        token: tier2.token,
        query: `mutation($a: String!) { signInChallenge(address: $a) { nonce } }`,
        variables: { a: tier2.address },
      },
    ];
    // The trade step needs a part tier 1 holds.
    const held = await post(
      url,
      tier1.token,
      `query($h: String!) { receivableParts(filter: { holder: $h, status: [Active] }) { edges { node { id receivable { status } } } } }`,
      { h: tier1.address },
    );
    const tier1Part = held ? unpaid(held.receivableParts.edges) : undefined;
    if (tier1Part) scenarios[5].variables = { p: tier1Part, to: tier2.address };
    else scenarios.splice(5, 1);
    if (partId) {
      const expiresAt = new Date((now + 5 * 86_400) * 1000).toISOString();
      scenarios.push({
        name: "mutation: create a draft factoring application",
        token: tier2.token,
        query: `mutation($i: CreateApplicationInput!) { createApplication(input: $i) { id status } }`,
        variables: {
          i: {
            product: "FACTORING",
            assetId: partId,
            banks: [bankA.address],
            minAdvanceBps: 8000,
            maxDiscountBps: 1500,
            recourseAccepted: true,
            expiresAt,
          },
        },
      });
    }

    console.log(
      `\n== bench:api: ${CONNECTIONS} connections, ${SECONDS} s per scenario, backend on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`,
    );
    console.log(
      "scenario                                              req/s     p50 ms   p99 ms   requests  non-2xx  errors",
    );
    for (const scenario of scenarios) {
      const r = await run(url, scenario);
      console.log(
        [
          r.name.padEnd(52),
          r.rps.toFixed(0).padStart(7),
          r.p50.toFixed(1).padStart(10),
          r.p99.toFixed(1).padStart(8),
          String(r.requests).padStart(10),
          String(r.non2xx).padStart(8),
          String(r.errors).padStart(7),
        ].join(" "),
      );
    }
    provider.destroy();
  } finally {
    await backend?.stop();
    await chain.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
