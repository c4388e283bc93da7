/**
 * The orders the core enterprise buys: pending ones to confirm or reject (with a reason stored on
 * chain), confirmed ones whose delivery it accepts against the supplier's invoice (the order becomes a
 * receivable: a confirmed payable), and a form to confirm a payable without an order.
 */
import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { useChainNow } from "../../lib/chain-time";
import { useDirectory } from "../../lib/members";
import { uploadDocument } from "../../lib/documents";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { useTransactions } from "../../lib/tx";
import {
  DataTable,
  Amount,
  AmountInput,
  Card,
  DateText,
  FileInput,
  Page,
  QueryView,
  SelectInput,
  StatusBadge,
  Pager,
  Tabs,
  TextInput,
  TxProgress,
  usePages,
} from "../../ui";
import {
  acceptDelivery,
  confirmOrder,
  DAY_MS,
  issueReceivable,
  ORDER_COUNTS_QUERY,
  ORDERS_QUERY,
  rejectOrder,
  utf8Bytes,
  type OrderCountsData,
  type OrderRow,
  type OrdersData,
} from "./api";
import { Party } from "./components";
import { sameAddress } from "../../lib/address";

type TabKey = "pending" | "confirmed" | "all";
const TAB_STATUS: Record<TabKey, string | null> = { pending: "Pending", confirmed: "Confirmed", all: null };
export const PAGE_SIZE = 50;

/** Newest first, as the list is sorted (submission time, then id). */
function newestFirst(a: OrderRow, b: OrderRow): number {
  return Date.parse(b.submittedAt) - Date.parse(a.submittedAt) || Number(b.id) - Number(a.id);
}

/** Longest reason the chain stores (a bytes32 string). */
const MAX_REASON_BYTES = 31;

/**
 * Confirm / reject a pending order, or accept delivery of a confirmed one, in its row. `onStart` tells
 * the page a step began, so the row stays in view with its progress once the order's status changes.
 */
function OrderActions({ order, onStart }: { order: OrderRow; onStart(): void }) {
  const { t } = useI18n();
  const { progress, run, busy, reset } = useTransactions();
  const [form, setForm] = useState<"reject" | "accept" | null>(null);
  const [reason, setReason] = useState("");
  const [invoice, setInvoice] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ reason?: string; invoice?: string }>({});
  const n = { number: order.orderNumber };

  const open = (which: "reject" | "accept" | null) => {
    setForm(which);
    setErrors({});
    reset();
  };

  const submitReject = async (e: FormEvent) => {
    e.preventDefault();
    const text = reason.trim();
    const bytes = utf8Bytes(text);
    const problem = !text
      ? t("core.orders.reasonRequired")
      : bytes > MAX_REASON_BYTES
        ? t("core.orders.reasonTooLong", { bytes, max: MAX_REASON_BYTES })
        : undefined;
    setErrors({ reason: problem });
    if (problem) return;
    onStart();
    if (await run(() => rejectOrder(order.id, text))) setForm(null);
  };

  const submitAccept = async (e: FormEvent) => {
    e.preventDefault();
    if (!invoice) {
      setErrors({ invoice: t("core.orders.invoiceRequired") });
      return;
    }
    setErrors({});
    const file = invoice;
    onStart();
    const ok = await run(async () => {
      const document = await uploadDocument(file, "INVOICE", [order.supplier]);
      return acceptDelivery(order.id, document.id);
    });
    if (ok) setForm(null);
  };

  // Once the step changed the order's status, only its progress stays (it says the step is done).
  if (order.status !== "Pending" && order.status !== "Confirmed") {
    return progress.phase === "idle" ? null : <TxProgress progress={progress} />;
  }
  return (
    <div className="row-actions">
      {form === null && order.status === "Pending" ? (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            aria-label={t("core.orders.confirmAria", n)}
            onClick={() => {
              onStart();
              void run(() => confirmOrder(order.id));
            }}
          >
            {t("core.orders.confirm")}
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy}
            aria-label={t("core.orders.rejectAria", n)}
            onClick={() => open("reject")}
          >
            {t("core.orders.reject")}
          </button>
        </div>
      ) : null}
      {form === null && order.status === "Confirmed" ? (
        <button
          type="button"
          className="primary"
          disabled={busy}
          aria-label={t("core.orders.acceptAria", n)}
          onClick={() => open("accept")}
        >
          {t("core.orders.accept")}
        </button>
      ) : null}
      {form === "reject" ? (
        <form onSubmit={submitReject} noValidate>
          <TextInput
            label={t("core.orders.reason")}
            hint={t("core.orders.reasonHint")}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="danger" disabled={busy} aria-label={t("core.orders.sendRejectAria", n)}>
              {t("core.orders.sendReject")}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => open(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : null}
      {form === "accept" ? (
        <form onSubmit={submitAccept} noValidate>
          <FileInput label={t("core.invoice")} error={errors.invoice} onChange={setInvoice} />
          <p className="hint muted">
            {t("core.orders.acceptHint", { days: order.paymentTermDays })}
            {order.lienHolder ? ` ${t("core.orders.lienHint")}` : ""}
          </p>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy} aria-label={t("core.orders.sendAcceptAria", n)}>
              {t("core.orders.sendAccept")}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => open(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : null}
      <TxProgress progress={progress} />
    </div>
  );
}

/** The date input's value (YYYY-MM-DD, read as UTC midnight) as an ISO time, or null. */
function dayToIso(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const time = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Confirm a payable without an order: issued as a receivable to the supplier against an invoice. */
function PayableForm({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const { viewer } = useSession();
  const { state: suppliers } = useDirectory({ role: "SUPPLIER", status: ["Active"] });
  const { progress, run, busy } = useTransactions();
  const [creditor, setCreditor] = useState("");
  const [face, setFace] = useState<bigint | null>(null);
  const [maturity, setMaturity] = useState("");
  const [invoice, setInvoice] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [generation, setGeneration] = useState(0);
  const now = useChainNow() ?? Date.now();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = dayToIso(maturity);
    const time = iso ? Date.parse(iso) : NaN;
    const found: Record<string, string | undefined> = {
      creditor: !creditor
        ? t("core.payable.creditorRequired")
        : sameAddress(creditor, viewer?.address)
          ? t("core.payable.creditorSelf")
          : undefined,
      face: face === null || face <= 0n ? t("core.payable.faceRequired") : undefined,
      maturity: !iso
        ? t("core.payable.maturityRequired")
        : time <= now || time > now + 365 * DAY_MS
          ? t("core.payable.maturityRange")
          : undefined,
      invoice: invoice ? undefined : t("core.orders.invoiceRequired"),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const file = invoice!;
    const input = { creditor, face: face!.toString(), maturity: iso! };
    const ok = await run(async () => {
      const document = await uploadDocument(file, "INVOICE", [input.creditor]);
      return issueReceivable({ ...input, invoiceDocumentId: document.id });
    });
    if (ok) {
      setCreditor("");
      setFace(null);
      setMaturity("");
      setInvoice(null);
      setGeneration((g) => g + 1);
    }
  };

  return (
    <Card title={t("core.payable.title")} id="confirm-payable">
      <p className="muted">{t("core.payable.lead")}</p>
      <QueryView state={suppliers}>
        {(data) => {
          const options = data
            .filter((m) => !sameAddress(m.address, viewer?.address))
            .map((m) => ({ value: m.address, label: `${m.orgId} (${m.address.slice(0, 6)}…${m.address.slice(-4)})` }));
          return (
            <form onSubmit={submit} noValidate data-testid="payable-form" key={generation}>
              <div className="form-row">
                <SelectInput
                  label={t("core.payable.creditor")}
                  value={creditor}
                  error={errors.creditor}
                  onChange={(e) => setCreditor(e.target.value)}
                  options={[{ value: "", label: t("core.payable.choose") }, ...options]}
                />
                <AmountInput label={t("core.payable.face")} error={errors.face} onChange={setFace} />
              </div>
              <div className="form-row">
                <TextInput
                  label={t("core.payable.maturity")}
                  type="date"
                  value={maturity}
                  min={isoDay(now + DAY_MS)}
                  max={isoDay(now + 365 * DAY_MS)}
                  error={errors.maturity}
                  hint={t("core.payable.maturityHint")}
                  onChange={(e) => setMaturity(e.target.value)}
                />
                <FileInput label={t("core.invoice")} error={errors.invoice} onChange={setInvoice} />
              </div>
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t("core.payable.submit")}
                </button>
                <button type="button" className="secondary" disabled={busy} onClick={onClose}>
                  {t("common.cancel")}
                </button>
              </div>
              <TxProgress progress={progress} />
            </form>
          );
        }}
      </QueryView>
    </Card>
  );
}

export default function OrdersPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const session = useSession();
  const address = session.viewer!.address;
  const canAct = session.hasRole("CORE_ENTERPRISE");
  const [tab, setTab] = useState<TabKey>("pending");
  const [payableOpen, setPayableOpen] = useState(false);
  const pages = usePages();
  // Orders acted on in this tab stay listed after their status changes, with the step's progress: the
  // server filters the tab by status, so they are read again by id.
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const status = TAB_STATUS[tab];
  const state = useQuery<OrdersData>(ORDERS_QUERY, {
    f: status ? { buyer: address, status: [status] } : { buyer: address },
    first: PAGE_SIZE,
    after: pages.after,
  });
  const keptState = useQuery<OrdersData>(
    ORDERS_QUERY,
    { f: { buyer: address, ids: [...kept] }, first: kept.size },
    { skip: kept.size === 0 },
  );
  const counts = useQuery<OrderCountsData>(ORDER_COUNTS_QUERY, { b: address });
  const listed = state.data?.purchaseOrders.edges.map((e) => e.node) ?? [];
  const keptRows = kept.size > 0 ? (keptState.data?.purchaseOrders.edges.map((e) => e.node) ?? []) : [];
  const rows = [...keptRows.filter((k) => !listed.some((o) => o.id === k.id)), ...listed].sort(newestFirst);
  const count = (key: TabKey): number | undefined => counts.data?.[key].totalCount;
  const changeTab = (next: TabKey) => {
    setTab(next);
    setKept(new Set());
    pages.reset();
  };

  return (
    <Page
      title={t("core.nav.orders")}
      actions={
        canAct && !payableOpen ? (
          <button type="button" className="secondary" onClick={() => setPayableOpen(true)}>
            {t("core.payable.open")}
          </button>
        ) : null
      }
    >
      {canAct && payableOpen ? <PayableForm onClose={() => setPayableOpen(false)} /> : null}
      <Tabs<TabKey>
        value={tab}
        onChange={changeTab}
        tabs={(["pending", "confirmed", "all"] as const).map((key) => ({
          key,
          label:
            count(key) === undefined ? t(`core.orders.tab.${key}`) : `${t(`core.orders.tab.${key}`)} (${count(key)})`,
        }))}
      />
      <QueryView state={state}>
        {(data) => (
          <>
            <DataTable
              testId="orders-table"
              rows={rows}
              rowKey={(o) => o.id}
              rowTestId={(o) => `order-row-${o.id}`}
              empty={t(`core.orders.empty.${tab}`)}
              columns={[
                { key: "number", header: t("core.col.order"), render: (o) => o.orderNumber },
                {
                  key: "supplier",
                  header: t("core.col.supplier"),
                  render: (o) => <Party address={o.supplier} member={o.supplierMember} />,
                },
                {
                  key: "amount",
                  header: t("common.amount"),
                  align: "right",
                  render: (o) => <Amount value={o.amount} currency={o.currency} />,
                },
                { key: "delivery", header: t("core.col.delivery"), render: (o) => <DateText value={o.deliveryDate} /> },
                {
                  key: "terms",
                  header: t("core.col.terms"),
                  render: (o) => t("core.col.termDays", { days: o.paymentTermDays }),
                },
                {
                  key: "status",
                  header: t("common.status"),
                  render: (o) => (
                    <>
                      <StatusBadge status={o.status} />
                      {o.status === "Rejected" && o.rejectionReason ? (
                        <small className="muted"> {o.rejectionReason}</small>
                      ) : null}
                      {o.receivableId ? (
                        <small className="muted"> {t("core.orders.becameReceivable", { id: o.receivableId })}</small>
                      ) : null}
                    </>
                  ),
                },
                ...(canAct
                  ? [
                      {
                        key: "actions",
                        header: t("common.actions"),
                        render: (o: OrderRow) => (
                          <OrderActions order={o} onStart={() => setKept((k) => new Set(k).add(o.id))} />
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <Pager
              pages={pages}
              pageInfo={data.purchaseOrders.pageInfo}
              totalCount={data.purchaseOrders.totalCount}
              pageSize={PAGE_SIZE}
            />
          </>
        )}
      </QueryView>
    </Page>
  );
}
