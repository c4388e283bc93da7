/**
 * End to end: the whole backend (indexer + GraphQL over HTTP) against a real chain on which the demo
 * consortium played every flow, on PGlite and on PostgreSQL. The API's answers must equal what the
 * contracts say; a query naming a block answers only once that block is indexed; a second instance on
 * the same PostgreSQL database serves the API without indexing, takes over when the first stops, and
 * keeps serving (reporting the error) while the chain's node is unreachable. The API is read signed in
 * as the demo's regulator (who sees everything), and as a supplier and a bank, who see their own rows only.
 */
import { expect } from "chai";
import { id } from "ethers";
import { DEMO_MEMBERS, type MemberKey } from "../../../scripts/demo";
import { statusName } from "../../../scripts/lib/statuses";
import * as S from "../../../scripts/lib/statuses";
import { SessionService } from "../../src/auth/sessions";
import { startBackend, type RunningBackend } from "../../src/server";
import { createTestDatabase, testConfig, type DatabaseKind, type TestDatabase } from "../support/backend";
import { type TestChain } from "../support/chain";
import { demoChain } from "./support";

interface GraphQLAnswer<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function query<T>(url: string, text: string, headers: Record<string, string> = {}): Promise<GraphQLAnswer<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: text }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLAnswer<T>, "status">) };
}

async function data<T>(url: string, text: string, headers: Record<string, string> = {}): Promise<T> {
  const answer = await query<T>(url, text, headers);
  expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
  return answer.data!;
}

/** The `Authorization` header of a new session of demo member `key`, opened on `backend`. */
async function signIn(backend: RunningBackend, chain: TestChain, key: MemberKey): Promise<Record<string, string>> {
  const spec = DEMO_MEMBERS.find((m) => m.key === key)!;
  const address = await (await chain.signer(spec.index)).getAddress();
  const { token } = await backend.app
    .get(SessionService)
    .create(backend.database.db, address, new Date(Date.now() + 3_600_000));
  return { authorization: `Bearer ${token}` };
}

async function addressOf(chain: TestChain, key: MemberKey): Promise<string> {
  return (await chain.signer(DEMO_MEMBERS.find((m) => m.key === key)!.index)).getAddress();
}

describe("backend end to end: the demo consortium through GraphQL", function () {
  const demo = demoChain();

  for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
    describe(`on ${kind}`, function () {
      let database: TestDatabase;
      let backend: RunningBackend;
      /** Signed in as the regulator. */
      let regulator: Record<string, string>;

      before(async function () {
        database = await createTestDatabase(kind, "e2e");
        const config = testConfig(
          { rpcUrl: demo.chain.url, deploymentFile: demo.consortium.deploymentFile, database },
          { MIN_BLOCK_TIMEOUT_MS: "400" },
        );
        backend = await startBackend(config);
        await backend.sync.waitForBlock(await demo.chain.provider.getBlockNumber(), 120_000);
        regulator = await signIn(backend, demo.chain, "regulator");
      });
      after(async () => {
        await backend?.close();
        await database?.drop();
      });

      it("reports the sync status", async function () {
        const head = await demo.chain.provider.getBlockNumber();
        const { syncStatus } = await data<{ syncStatus: { indexedBlock: number; lag: number; chainId: number } }>(
          backend.url,
          "{ syncStatus { chainId indexedBlock lag } }",
        );
        expect(syncStatus).to.deep.equal({ chainId: 31337, indexedBlock: head, lag: 0 });
      });

      it("shows every member as the registry has it", async function () {
        const { members } = await data<{
          members: { totalCount: number; edges: { node: { address: string; roles: number; status: string } }[] };
        }>(backend.url, "{ members(first: 100) { totalCount edges { node { address roles status } } } }", regulator);
        expect(members.totalCount).to.be.greaterThan(8);
        for (const { node } of members.edges) {
          const onChain = await demo.consortium.contracts.registry.member(node.address);
          expect(node.roles).to.equal(Number(onChain.roles));
          expect(node.status).to.equal(statusName(S.MemberStatus, onChain.status));
        }
      });

      it("shows every receivable, part and holder as the contracts have them, parts adding up to the face", async function () {
        const { receivables } = await data<{
          receivables: {
            edges: {
              node: {
                id: string;
                face: string;
                status: string;
                parts: { id: string; holder: string; amount: string; status: string }[];
              };
            }[];
          };
        }>(
          backend.url,
          "{ receivables(first: 100) { edges { node { id face status parts { id holder amount status } } } } }",
          regulator,
        );
        expect(receivables.edges.length).to.be.greaterThan(1);
        for (const { node } of receivables.edges) {
          const onChain = await demo.consortium.contracts.receivables.receivable(node.id);
          expect(node.status).to.equal(statusName(S.ReceivableStatus, onChain.status));
          expect(node.face).to.equal(onChain.face.toString());
          const total = node.parts.reduce((sum, p) => sum + BigInt(p.amount), 0n);
          expect(total).to.equal(onChain.face, `parts of receivable ${node.id}`);
          for (const part of node.parts) {
            const p = await demo.consortium.contracts.receivables.part(part.id);
            expect([part.holder, part.amount, part.status]).to.deep.equal([
              p.holder,
              p.amount.toString(),
              statusName(S.PartStatus, p.status),
            ]);
          }
        }
      });

      it("traces a split part's lineage back to its receivable", async function () {
        const { receivableParts } = await data<{
          receivableParts: { edges: { node: { id: string; depth: number } }[] };
        }>(backend.url, "{ receivableParts(first: 500) { edges { node { id depth } } } }", regulator);
        const deepest = receivableParts.edges.map((e) => e.node).sort((a, b) => b.depth - a.depth)[0];
        expect(deepest.depth).to.be.greaterThan(0);
        const { receivableLineage } = await data<{
          receivableLineage: { ancestors: { id: string; parentId: string | null }[]; part: { receivableId: string } };
        }>(
          backend.url,
          `{ receivableLineage(partId: "${deepest.id}") { part { receivableId } ancestors { id parentId } } }`,
          regulator,
        );
        expect(receivableLineage.ancestors).to.have.length(deepest.depth);
        const root = receivableLineage.ancestors.find((a) => a.parentId === null);
        expect(root?.id).to.equal(receivableLineage.part.receivableId);
      });

      it("shows every financing's status and each member's cash as the contracts have them", async function () {
        const { financings } = await data<{
          financings: { edges: { node: { product: string; id: string; status: string; party: string } }[] };
        }>(backend.url, "{ financings(first: 100) { edges { node { product id status party } } } }", regulator);
        expect(financings.edges.length).to.be.greaterThan(2);
        for (const { node } of financings.edges) {
          const { factoring, orderFinancing, receiptFinancing } = demo.consortium.contracts;
          const status =
            node.product === "FACTORING"
              ? statusName(S.DealStatus, (await factoring.deal(node.id)).status)
              : statusName(
                  S.LoanStatus,
                  (await (node.product === "ORDER" ? orderFinancing : receiptFinancing).loan(node.id)).status,
                );
          expect(node.status, `${node.product} ${node.id}`).to.equal(status);
          const { memberPositions } = await data<{ memberPositions: { balances: { balance: string }[] } }>(
            backend.url,
            `{ memberPositions(address: "${node.party}") { balances { balance } } }`,
            regulator,
          );
          const cash = await demo.consortium.contracts.settlementToken.balanceOf(node.party);
          const shown = memberPositions.balances.map((b) => b.balance).filter((b) => b !== "0");
          expect(shown).to.deep.equal(cash > 0n ? [cash.toString()] : []);
        }
      });

      it("shows a supplier and a bank only their own receivables and financings, and nothing anonymously", async function () {
        type Node = {
          id: string;
          obligor: string;
          creditor: string;
          holdings: { holder: string }[];
          financings: { product: string; id: string; party: string; bank: string }[];
          order: { financings: { party: string; bank: string }[] } | null;
        };
        const text = `{ receivables(first: 100) { totalCount edges { node { id obligor creditor
          holdings { holder } financings { product id party bank } order { financings { party bank } } } } } }`;
        const all = (await data<{ receivables: { edges: { node: Node }[] } }>(backend.url, text, regulator))
          .receivables;
        for (const key of ["tier3", "bankA"] as MemberKey[]) {
          const me = await addressOf(demo.chain, key);
          // Obligor, creditor, a holder now or before (holdings keep zero rows), a party of a financing
          // of the receivable or of the order it came from.
          const party = (f: { party: string; bank: string }) => f.party === me || f.bank === me;
          const concerns = (r: Node) =>
            r.obligor === me ||
            r.creditor === me ||
            r.holdings.some((h) => h.holder === me) ||
            r.financings.some(party) ||
            !!r.order?.financings.some(party);
          const expected = all.edges.map((e) => e.node).filter(concerns);
          expect(expected.length, `the demo gives ${key} receivables`).to.be.greaterThan(0);
          expect(expected.length, `${key} does not see every receivable`).to.be.lessThan(all.edges.length);
          const mine = (
            await data<{ receivables: { totalCount: number; edges: { node: Node }[] } }>(
              backend.url,
              text,
              await signIn(backend, demo.chain, key),
            )
          ).receivables;
          expect(mine.edges.map((e) => e.node.id)).to.deep.equal(
            expected.map((r) => r.id),
            key,
          );
          expect(mine.totalCount).to.equal(expected.length);
          for (const { node } of mine.edges) {
            for (const f of node.financings) expect([f.party, f.bank], `${key}: ${f.product} ${f.id}`).to.include(me);
          }
        }
        const anonymous = await query(backend.url, "{ receivables { totalCount } }");
        expect(anonymous.errors?.[0].extensions?.code).to.equal("UNAUTHENTICATED");
      });

      it("answers a query naming the block of a transaction just sent only once that block is indexed", async function () {
        const operator = await demo.chain.signer(0);
        const account = `0x${id(`e2e-${kind}`).slice(26)}`;
        const tx = await demo.consortium.contracts.registry
          .connect(operator)
          .setBlacklisted(account, true, id("sanctions list"));
        const receipt = await tx.wait();
        const { member } = await data<{ member: { blacklisted: boolean; blacklistReason: string } }>(
          backend.url,
          `{ member(address: "${account}") { blacklisted blacklistReason } }`,
          { "x-min-block": String(receipt!.blockNumber), ...regulator },
        );
        expect(member.blacklisted).to.equal(true);
      });

      it("refuses, after a bounded wait, a block that is not indexed, with BLOCK_NOT_INDEXED", async function () {
        const future = (await demo.chain.provider.getBlockNumber()) + 1000;
        const started = Date.now();
        const answer = await query(backend.url, "{ syncStatus { indexedBlock } }", { "x-min-block": String(future) });
        expect(Date.now() - started).to.be.within(350, 5000);
        expect(answer.errors?.[0].extensions?.code).to.equal("BLOCK_NOT_INDEXED");
        expect(answer.errors?.[0].message).to.match(new RegExp(`block ${future} is not indexed yet`));
      });
    });
  }

  describe("several instances on one PostgreSQL database", function () {
    let database: TestDatabase;
    const running: RunningBackend[] = [];

    before(async () => {
      database = await createTestDatabase("postgres", "multi");
    });
    after(async () => {
      for (const backend of running) await backend.close().catch(() => undefined);
      await database?.drop();
    });

    it("indexes in one instance only; another serves the API, takes over, and reports an unreachable node", async function () {
      const head = await demo.chain.provider.getBlockNumber();
      const first = await startBackend(
        testConfig({ rpcUrl: demo.chain.url, deploymentFile: demo.consortium.deploymentFile, database }),
      );
      running.push(first);
      await first.sync.waitForBlock(head, 120_000);
      expect(first.indexer()).to.not.equal(null);
      // Sessions live in the shared database: one opened on the first instance works on the second.
      const regulator = await signIn(first, demo.chain, "regulator");

      // The second instance points at a node that does not answer: it must not index, but serves.
      const second = await startBackend(
        testConfig(
          { rpcUrl: "http://127.0.0.1:9", deploymentFile: demo.consortium.deploymentFile, database },
          { RPC_TIMEOUT_MS: "500" },
        ),
      );
      running.push(second);
      expect(second.indexer()).to.equal(null);
      await second.sync.waitForBlock(head, 10_000);
      const { members } = await data<{ members: { totalCount: number } }>(
        second.url,
        "{ members { totalCount } }",
        regulator,
      );
      expect(members.totalCount).to.be.greaterThan(8);

      // The first instance stops: the second takes the lock, cannot reach its node, keeps serving.
      await first.close();
      running.shift();
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (second.indexer() === null || second.sync.current.lastError === null)) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(second.indexer()).to.not.equal(null);
      const { syncStatus } = await data<{ syncStatus: { indexedBlock: number; lastError: string | null } }>(
        second.url,
        "{ syncStatus { indexedBlock lastError } }",
      );
      expect(syncStatus.indexedBlock).to.equal(head);
      expect(syncStatus.lastError).to.match(/unreachable/);
      const again = await data<{ members: { totalCount: number } }>(
        second.url,
        "{ members { totalCount } }",
        regulator,
      );
      expect(again.members.totalCount).to.equal(members.totalCount);
    });
  });
});
