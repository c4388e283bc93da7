/**
 * The receivables the supplier holds parts of, each as a tree: the receivable (obligor, face, maturity,
 * status), then its root part and the parts split off it, depth first, with their holders and amounts.
 * On each active part it holds (receivable not yet paid) it may split an amount off to one of its own
 * suppliers, or transfer the whole part.
 */
import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { gql, useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { TX_FIELDS, useTransactions, type PreparedTransaction } from "../../lib/tx";
import {
  DataTable,
  AddressText,
  Amount,
  AmountInput,
  Card,
  DateText,
  Page,
  QueryView,
  SelectInput,
  Stats,
  StatusBadge,
  TxProgress,
} from "../../ui";
import { useMembersWithRole } from "./components";
import { sameAddress } from "../../lib/address";

interface PartNode {
  id: string;
  parentId: string | null;
  depth: number;
  face: string;
  amount: string;
  holder: string;
  holderMember: { orgId: string } | null;
  status: string;
}
interface ReceivableNode {
  id: string;
  obligor: string;
  obligorMember: { orgId: string } | null;
  creditor: string;
  creditorMember: { orgId: string } | null;
  face: string;
  currency: string;
  maturity: string;
  status: string;
  parts: PartNode[];
}
/**
 * Two reads, since one would cost too much for the API (a page of 500 parts, each with its receivable
 * and that receivable's parts): the ids of the receivables the viewer holds parts of, then those
 * receivables (the newest MAX_TREES) with their parts.
 */
const HELD = `query($a: String!) { receivableParts(first: 500, filter: { holder: $a }, orderBy: { field: ID, direction: DESC }) { edges { node { id receivableId } } } }`;
const TREES = `query($ids: [ID!]!, $first: Int) { receivables(first: $first, filter: { ids: $ids }, orderBy: { field: ID, direction: DESC }) { edges { node { id obligor obligorMember { orgId } creditor creditorMember { orgId } face currency maturity status parts { id parentId depth face amount holder holderMember { orgId } status } } } } }`;
/** Receivables shown at once (100 trees cost about 12,600 of the API's 20,000 per query). */
export const MAX_TREES = 100;

/** The ids of the receivables of the held parts, once each, newest first. */
function receivableIdsOf(parts: { receivableId: string }[]): string[] {
  return [...new Set(parts.map((p) => p.receivableId))].sort((a, b) => Number(b) - Number(a));
}

/** The parts in tree order: each parent followed by its children (by id), depth first. */
export function treeOrder(parts: PartNode[]): PartNode[] {
  const ids = new Set(parts.map((p) => p.id));
  const children = new Map<string | null, PartNode[]>();
  for (const p of parts) {
    const parent = p.parentId && ids.has(p.parentId) ? p.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  for (const list of children.values()) list.sort((a, b) => Number(a.id) - Number(b.id));
  const out: PartNode[] = [];
  const visit = (parent: string | null) => {
    for (const p of children.get(parent) ?? []) {
      out.push(p);
      visit(p.id);
    }
  };
  visit(null);
  return out;
}

/** What the form acts on: a split or a transfer of one held part. */
interface Action {
  kind: "split" | "transfer";
  part: PartNode;
  currency: string;
}

/** The split or transfer form of one part: recipient among the other suppliers, and the amount of a split. */
function PartActionForm({ action, onClose, onDone }: { action: Action; onClose(): void; onDone(): void }) {
  const { t, amount: fmt } = useI18n();
  const viewer = useSession().viewer!.address;
  const { members: suppliers, state: suppliersState } = useMembersWithRole("SUPPLIER", viewer);
  const { progress, run, busy } = useTransactions();
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState<bigint | null>(null);
  const [errors, setErrors] = useState<{ to?: string; amount?: string }>({});
  const { kind, part } = action;
  const partAmount = fmt(part.amount, action.currency);
  const split = kind === "split";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: { to?: string; amount?: string } = {};
    if (!to) problems.to = t("supplier.error.recipient");
    if (split && (amount === null || amount <= 0n || amount >= BigInt(part.amount)))
      problems.amount = t("supplier.error.splitAmount", { amount: partAmount });
    setErrors(problems);
    if (problems.to || problems.amount) return;
    const ok = await run(() =>
      split
        ? gql<{ splitPart: PreparedTransaction[] }>(
            `mutation($i: SplitPartInput!) { splitPart(input: $i) { ${TX_FIELDS} } }`,
            { i: { partId: part.id, to, amount: amount!.toString() } },
          ).then((d) => d.splitPart)
        : gql<{ transferPart: PreparedTransaction[] }>(
            `mutation($p: ID!, $to: String!) { transferPart(partId: $p, to: $to) { ${TX_FIELDS} } }`,
            { p: part.id, to },
          ).then((d) => d.transferPart),
    );
    if (ok) onDone();
  };

  return (
    <Card
      title={t(split ? "supplier.parts.splitTitle" : "supplier.parts.transferTitle", {
        id: part.id,
        amount: partAmount,
      })}
      id="part-action"
    >
      <form noValidate onSubmit={submit} data-testid={`${kind}-form`}>
        <p className="muted">
          {split
            ? t("supplier.parts.splitHelp", { id: part.id })
            : t("supplier.parts.transferHelp", { amount: partAmount })}
        </p>
        <div className="form-row">
          <SelectInput
            label={t("supplier.parts.recipient")}
            name="to"
            value={to}
            error={errors.to ?? (suppliersState.error ? suppliersState.error.message : null)}
            onChange={(e) => {
              setTo(e.target.value);
              setErrors((x) => ({ ...x, to: undefined }));
            }}
            options={[
              { value: "", label: t("supplier.parts.chooseRecipient") },
              ...suppliers.map((m) => ({ value: m.address, label: m.orgId })),
            ]}
          />
          {split ? (
            <AmountInput
              label={t("supplier.parts.amount")}
              name="amount"
              error={errors.amount}
              onChange={(v) => {
                setAmount(v);
                setErrors((x) => ({ ...x, amount: undefined }));
              }}
            />
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t(split ? "supplier.parts.confirmSplit" : "supplier.parts.confirmTransfer")}
          </button>
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
      <TxProgress progress={progress} />
    </Card>
  );
}

/** One receivable: its figures, then its parts as a tree with the viewer's actions on its own parts. */
function ReceivableTree({
  receivable,
  viewer,
  canAct,
  onAction,
}: {
  receivable: ReceivableNode;
  viewer: string;
  canAct: boolean;
  onAction(action: Action): void;
}) {
  const { t } = useI18n();
  const parts = treeOrder(receivable.parts);
  const mine = parts.filter((p) => sameAddress(p.holder, viewer) && p.status === "Active");
  const yours = mine.reduce((sum, p) => sum + BigInt(p.amount), 0n);
  const open = receivable.status !== "Paid";
  return (
    <Card title={t("supplier.receivables.heading", { id: receivable.id })} id={`receivable-${receivable.id}`}>
      <div data-testid={`receivable-${receivable.id}`}>
        <Stats
          items={[
            {
              label: t("supplier.receivables.obligor"),
              value: <AddressText address={receivable.obligor} name={receivable.obligorMember?.orgId} />,
            },
            {
              label: t("supplier.receivables.face"),
              value: <Amount value={receivable.face} currency={receivable.currency} />,
            },
            { label: t("supplier.receivables.maturity"), value: <DateText value={receivable.maturity} /> },
            { label: t("common.status"), value: <StatusBadge status={receivable.status} /> },
          ]}
        />
        <p>
          {t("supplier.receivables.creditor")}:{" "}
          <AddressText address={receivable.creditor} name={receivable.creditorMember?.orgId} /> ·{" "}
          <strong>{t("supplier.receivables.yourTotal")}</strong> <Amount value={yours} currency={receivable.currency} />
        </p>
        {!open ? <p className="muted">{t("supplier.receivables.paidNote")}</p> : null}
        <DataTable<PartNode>
          hideCaption
          testId={`parts-tree-${receivable.id}`}
          caption={t("supplier.receivables.tree", { id: receivable.id })}
          rows={parts}
          rowKey={(p) => p.id}
          rowTestId={(p) => `part-row-${p.id}`}
          rowClass={(p) => (sameAddress(p.holder, viewer) ? "mine" : undefined)}
          columns={[
            {
              key: "part",
              header: t("supplier.receivables.part"),
              render: (p) => (
                <span style={{ paddingLeft: `${p.depth * 20}px` }}>
                  {p.depth > 0 ? <span aria-hidden="true">└ </span> : null}#{p.id}
                </span>
              ),
            },
            {
              key: "parent",
              header: t("supplier.receivables.parent"),
              render: (p) => (p.parentId ? `#${p.parentId}` : t("supplier.receivables.root")),
            },
            {
              key: "holder",
              header: t("supplier.receivables.holder"),
              render: (p) => (
                <>
                  <AddressText address={p.holder} name={p.holderMember?.orgId} />
                  {sameAddress(p.holder, viewer) ? <strong> ({t("supplier.you")})</strong> : null}
                </>
              ),
            },
            {
              key: "face",
              header: t("supplier.receivables.partFace"),
              align: "right",
              render: (p) => <Amount value={p.face} currency={receivable.currency} />,
            },
            {
              key: "amount",
              header: t("supplier.receivables.partAmount"),
              align: "right",
              render: (p) => <Amount value={p.amount} currency={receivable.currency} />,
            },
            { key: "status", header: t("common.status"), render: (p) => <StatusBadge status={p.status} /> },
            {
              key: "actions",
              header: t("common.actions"),
              render: (p) =>
                canAct && open && p.status === "Active" && sameAddress(p.holder, viewer) ? (
                  <span className="actions">
                    {BigInt(p.amount) > 1n ? (
                      <button
                        type="button"
                        className="secondary"
                        aria-label={t("supplier.parts.splitLabel", { id: p.id })}
                        onClick={() => onAction({ kind: "split", part: p, currency: receivable.currency })}
                      >
                        {t("supplier.parts.split")}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t("supplier.parts.transferLabel", { id: p.id })}
                      onClick={() => onAction({ kind: "transfer", part: p, currency: receivable.currency })}
                    >
                      {t("supplier.parts.transfer")}
                    </button>
                  </span>
                ) : null,
            },
          ]}
        />
      </div>
    </Card>
  );
}

export default function ReceivablesPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const session = useSession();
  const viewer = session.viewer!.address;
  const canAct = session.hasRole("SUPPLIER");
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState(false);
  const held = useQuery<{ receivableParts: { edges: { node: { id: string; receivableId: string } }[] } }>(HELD, {
    a: viewer,
  });
  const ids = receivableIdsOf(held.data?.receivableParts.edges.map((e) => e.node) ?? []);
  const shown = ids.slice(0, MAX_TREES);
  const trees = useQuery<{ receivables: { edges: { node: ReceivableNode }[] } }>(
    TREES,
    { ids: shown, first: MAX_TREES },
    { skip: shown.length === 0 },
  );

  return (
    <Page title={t("supplier.receivables.title")}>
      <p className="muted">{t("supplier.receivables.lead")}</p>
      {action ? (
        <PartActionForm
          key={`${action.kind}-${action.part.id}`}
          action={action}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            setDone(true);
          }}
        />
      ) : null}
      {done && !action ? (
        <p className="ok" role="status">
          {t("tx.done")}
        </p>
      ) : null}
      <QueryView state={held} isEmpty={() => ids.length === 0} empty={t("supplier.receivables.none")}>
        {() => (
          <QueryView state={trees}>
            {(data) => (
              <div data-testid="receivables-list">
                {data.receivables.edges.map(({ node: r }) => (
                  <ReceivableTree
                    key={r.id}
                    receivable={r}
                    viewer={viewer}
                    canAct={canAct}
                    onAction={(a) => {
                      setAction(a);
                      setDone(false);
                      requestAnimationFrame(() => document.getElementById("part-action")?.scrollIntoView?.());
                    }}
                  />
                ))}
                {ids.length > shown.length ? (
                  <p className="muted">{t("supplier.receivables.more", { shown: shown.length, total: ids.length })}</p>
                ) : null}
              </div>
            )}
          </QueryView>
        )}
      </QueryView>
    </Page>
  );
}
