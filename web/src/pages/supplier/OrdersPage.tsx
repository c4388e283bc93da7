/**
 * The supplier's purchase orders: each with its buyer, amount, delivery date, status and what comes
 * next; and the form that submits a new order with its document (uploaded encrypted for the buyer,
 * then submitted on chain). Orders follow the buyer's confirmation live (alerts reload the list).
 * Newest first, PAGE_SIZE to a page.
 */
import { useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useChainNow } from "../../lib/chain-time";
import { uploadDocument } from "../../lib/documents";
import { gql, useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { TX_FIELDS, useTransactions, type PreparedTransaction } from "../../lib/tx";
import {
  DataTable,
  Amount,
  AmountInput,
  Card,
  DateText,
  FileInput,
  Page,
  Pager,
  QueryView,
  SelectInput,
  StatusBadge,
  TextInput,
  TxProgress,
  usePages,
} from "../../ui";
import { DocumentButton, ORDERS_QUERY, useMembersWithRole, type OrderRow, type OrdersData } from "./components";

export const PAGE_SIZE = 50;

const DAY_MS = 86_400_000;
/** How far ahead a delivery date may be (the contract's three years). */
const MAX_DELIVERY_AHEAD_DAYS = 3 * 365;

/** Today as YYYY-MM-DD in UTC (the chain's and the API's day). */
function todayUtc(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

interface Draft {
  buyer: string;
  orderNumber: string;
  amount: bigint | null;
  paymentTermDays: string;
  deliveryDate: string;
  file: File | null;
}
type Errors = Partial<Record<keyof Draft, string>>;

/** The i18n keys of what is wrong with `draft`, per field (empty: it may be sent). */
export function orderProblems(draft: Draft, now = Date.now()): Errors {
  const errors: Errors = {};
  if (!draft.buyer) errors.buyer = "supplier.error.buyer";
  const number = draft.orderNumber.trim();
  if (!number || number.length > 64 || !/^[\x20-\x7e]+$/.test(number)) errors.orderNumber = "supplier.error.number";
  if (draft.amount === null || draft.amount <= 0n) errors.amount = "supplier.error.amount";
  const term = Number(draft.paymentTermDays);
  if (!/^\d+$/.test(draft.paymentTermDays.trim()) || term < 1 || term > 365)
    errors.paymentTermDays = "supplier.error.term";
  const latest = todayUtc(now + MAX_DELIVERY_AHEAD_DAYS * DAY_MS);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(draft.deliveryDate) ||
    draft.deliveryDate < todayUtc(now) ||
    draft.deliveryDate > latest
  )
    errors.deliveryDate = "supplier.error.delivery";
  if (!draft.file) errors.file = "supplier.error.file";
  return errors;
}

const EMPTY: Draft = { buyer: "", orderNumber: "", amount: null, paymentTermDays: "30", deliveryDate: "", file: null };

/** The new-order form: checks every field, uploads the document for the buyer, then submits the order. */
/** The new-order form; `onSubmitted` runs once an order is indexed (the list shows its first page). */
function NewOrderForm({ supplier, onSubmitted }: { supplier: string; onSubmitted(): void }) {
  const { t } = useI18n();
  const now = useChainNow() ?? Date.now();
  const { members: buyers, state: buyersState } = useMembersWithRole("CORE_ENTERPRISE", supplier);
  const { progress, run, busy } = useTransactions();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [sent, setSent] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const err = (key: keyof Draft) => (errors[key] ? t(errors[key]!) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = orderProblems(draft, now);
    setErrors(problems);
    setSent(false);
    if (Object.keys(problems).length > 0) return;
    const ok = await run(async () => {
      const document = await uploadDocument(draft.file!, "ORDER", [draft.buyer]);
      const { submitOrder } = await gql<{ submitOrder: PreparedTransaction[] }>(
        `mutation($i: SubmitOrderInput!) { submitOrder(input: $i) { ${TX_FIELDS} } }`,
        {
          i: {
            buyer: draft.buyer,
            orderNumber: draft.orderNumber.trim(),
            amount: draft.amount!.toString(),
            deliveryDate: `${draft.deliveryDate}T00:00:00.000Z`,
            paymentTermDays: Number(draft.paymentTermDays),
            documentId: document.id,
          },
        },
      );
      return submitOrder;
    });
    setSent(ok);
    if (ok) onSubmitted();
  };

  return (
    <Card title={t("supplier.form.title")} id="new-order">
      <form noValidate onSubmit={submit} data-testid="new-order-form">
        <div className="form-row">
          <SelectInput
            label={t("supplier.form.buyer")}
            name="buyer"
            value={draft.buyer}
            error={err("buyer") ?? (buyersState.error ? buyersState.error.message : null)}
            onChange={(e) => set("buyer", e.target.value)}
            options={[
              {
                value: "",
                label:
                  buyersState.data && buyers.length === 0
                    ? t("supplier.form.noBuyers")
                    : t("supplier.form.chooseBuyer"),
              },
              ...buyers.map((m) => ({ value: m.address, label: m.orgId })),
            ]}
          />
          <TextInput
            label={t("supplier.form.number")}
            name="orderNumber"
            hint={t("supplier.form.numberHint")}
            maxLength={64}
            autoComplete="off"
            value={draft.orderNumber}
            error={err("orderNumber")}
            onChange={(e) => set("orderNumber", e.target.value)}
          />
        </div>
        <div className="form-row">
          <AmountInput
            label={t("supplier.form.amount")}
            name="amount"
            error={err("amount")}
            onChange={(v) => set("amount", v)}
          />
          <TextInput label={t("supplier.form.currency")} name="currency" value="CNY" readOnly />
          <TextInput
            label={t("supplier.form.term")}
            name="paymentTermDays"
            inputMode="numeric"
            value={draft.paymentTermDays}
            error={err("paymentTermDays")}
            onChange={(e) => set("paymentTermDays", e.target.value)}
          />
          <TextInput
            label={t("supplier.form.delivery")}
            name="deliveryDate"
            type="date"
            min={todayUtc(now)}
            value={draft.deliveryDate}
            error={err("deliveryDate")}
            onChange={(e) => set("deliveryDate", e.target.value)}
          />
        </div>
        <FileInput label={t("supplier.form.file")} name="file" error={err("file")} onChange={(f) => set("file", f)} />
        <p className="muted">{t("supplier.form.fileHint")}</p>
        <button type="submit" className="primary" disabled={busy}>
          {t("supplier.form.submit")}
        </button>
      </form>
      <TxProgress progress={progress} />
      {sent ? (
        <p className="ok" role="status">
          {t("supplier.form.sent")}
        </p>
      ) : null}
    </Card>
  );
}

/** What the supplier waits for or may do next on an order. */
function NextStep({ order }: { order: OrderRow }) {
  const { t } = useI18n();
  switch (order.status) {
    case "Pending":
      return <span className="muted">{t("supplier.orders.waitBuyer")}</span>;
    case "Rejected":
      return <span>{t("supplier.orders.rejected", { reason: order.rejectionReason ?? "—" })}</span>;
    case "Confirmed":
      return (
        <span>
          <span className="muted">{t("supplier.orders.waitDelivery")}</span>
          {" · "}
          {order.lienHolder ? (
            t("supplier.orders.financed", { bank: `${order.lienHolder.slice(0, 6)}…${order.lienHolder.slice(-4)}` })
          ) : (
            <Link to="/applications">{t("supplier.orders.applyFinancing")}</Link>
          )}
        </span>
      );
    case "Converted":
      return order.receivableId ? (
        <Link to="/supplier/receivables">{t("supplier.orders.seeReceivable", { id: order.receivableId })}</Link>
      ) : null;
    default:
      return null;
  }
}

export default function OrdersPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const session = useSession();
  const address = session.viewer!.address;
  const canSubmit = session.hasRole("SUPPLIER");
  const [formOpen, setFormOpen] = useState(false);
  const pages = usePages();
  const state = useQuery<OrdersData>(ORDERS_QUERY, { a: address, first: PAGE_SIZE, after: pages.after });

  return (
    <Page
      title={t("supplier.orders.title")}
      actions={
        canSubmit ? (
          <button
            type="button"
            className={formOpen ? "secondary" : "primary"}
            aria-expanded={formOpen}
            aria-controls="new-order"
            onClick={() => setFormOpen((o) => !o)}
          >
            {formOpen ? t("supplier.orders.closeForm") : t("supplier.orders.new")}
          </button>
        ) : null
      }
    >
      {formOpen && canSubmit ? <NewOrderForm supplier={address} onSubmitted={pages.reset} /> : null}
      <QueryView state={state}>
        {(data) => (
          <>
            <DataTable<OrderRow>
              hideCaption
              testId="orders-table"
              caption={t("supplier.orders.table")}
              rows={data.purchaseOrders.edges.map((e) => e.node)}
              rowKey={(o) => o.id}
              rowTestId={(o) => `order-row-${o.id}`}
              empty={t("supplier.orders.none")}
              columns={[
                { key: "number", header: t("supplier.orders.number"), render: (o) => o.orderNumber },
                {
                  key: "buyer",
                  header: t("supplier.orders.buyer"),
                  render: (o) => o.buyerMember?.orgId ?? o.buyer,
                },
                {
                  key: "amount",
                  header: t("supplier.orders.amount"),
                  align: "right",
                  render: (o) => <Amount value={o.amount} currency={o.currency} />,
                },
                {
                  key: "delivery",
                  header: t("supplier.orders.delivery"),
                  render: (o) => <DateText value={o.deliveryDate} />,
                },
                {
                  key: "term",
                  header: t("supplier.orders.term"),
                  render: (o) => t("supplier.orders.termDays", { days: o.paymentTermDays }),
                },
                {
                  key: "submitted",
                  header: t("supplier.orders.submittedAt"),
                  render: (o) => <DateText value={o.submittedAt} time />,
                },
                { key: "status", header: t("common.status"), render: (o) => <StatusBadge status={o.status} /> },
                { key: "next", header: t("supplier.orders.next"), render: (o) => <NextStep order={o} /> },
                {
                  key: "document",
                  header: t("common.document"),
                  render: (o) => (
                    <DocumentButton
                      commitment={o.documentHash}
                      label={t("supplier.document.open", { number: o.orderNumber })}
                    />
                  ),
                },
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
