/**
 * Applying for financing: the product, one of the applicant's eligible assets, the banks to ask and the
 * applicant's bounds, with a live quote (quoteApplication, re-run 300 ms after the inputs settle) that
 * also says in words why the asset is not eligible. "Create and submit" creates the draft, submits it
 * (eligibility is checked again and the quote stored) and opens its page.
 */
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, navigate } from "../../app/router";
import { useI18n } from "../../i18n";
import { chainNow } from "../../lib/chain-time";
import { uploadDocument } from "../../lib/documents";
import { ApiError, gql, invalidate, useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { AmountInput, Card, ErrorNote, FileInput, Loading, Page, QueryView, SelectInput, TextInput } from "../../ui";
import {
  APPLICANT_ROLES,
  PRODUCTS,
  QUOTE_FIELDS,
  QuoteFigures,
  percentToBps,
  useBanks,
  useProductLabel,
  type Product,
  type Quote,
} from "./components";

type FieldName = "asset" | "banks" | "minAdvance" | "maxRate" | "tenor" | "amount" | "validity";
type Errors = Partial<Record<FieldName, string>>;

/** The API's argument names -> the form's fields, to show the API's refusals next to the right field. */
const API_FIELDS: Record<string, FieldName> = {
  assetId: "asset",
  banks: "banks",
  minAdvanceBps: "minAdvance",
  maxDiscountBps: "maxRate",
  maxRateBps: "maxRate",
  tenorDays: "tenor",
  amount: "amount",
  expiresAt: "validity",
};

interface AssetOption {
  id: string;
  label: string;
}

/** The query listing the viewer's assets a product may finance, and the field it answers. */
const ASSET_QUERIES: Record<Product, { field: string; query: string }> = {
  FACTORING: {
    field: "receivableParts",
    query: `query($me: String!) { receivableParts(first: 200, filter: { holder: $me, status: [Active] }) { edges { node {
      id amount receivable { maturity obligor obligorMember { orgId } currency } } } } }`,
  },
  ORDER_FINANCING: {
    field: "purchaseOrders",
    query: `query($me: String!) { purchaseOrders(first: 200, filter: { supplier: $me, status: [Confirmed] }) { edges { node {
      id orderNumber amount currency buyer buyerMember { orgId } deliveryDate } } } }`,
  },
  RECEIPT_LOAN: {
    field: "warehouseReceipts",
    query: `query($me: String!) { warehouseReceipts(first: 200, filter: { owner: $me, status: [Active], pledged: false }) { edges { node {
      id goods lot valuation currency } } } }`,
  },
};

/** `value`, once it has not changed for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

export default function NewApplicationPage(_props: { params: Record<string, string> }) {
  const { t, amount: formatAmount, date } = useI18n();
  const session = useSession();
  const me = session.viewer!.address;
  const productLabel = useProductLabel();
  const products = PRODUCTS.filter((p) => APPLICANT_ROLES[p].some((r) => session.hasRole(r)));
  const banks = useBanks();

  const [product, setProduct] = useState<Product>(products[0] ?? "FACTORING");
  const [assetId, setAssetId] = useState("");
  const [chosenBanks, setChosenBanks] = useState<string[]>([]);
  const [minAdvance, setMinAdvance] = useState("80");
  const [maxRate, setMaxRate] = useState("8");
  const [recourse, setRecourse] = useState(false);
  const [tenor, setTenor] = useState("90");
  const [amount, setAmount] = useState<bigint | null>(null);
  const [validity, setValidity] = useState("7");
  const [tried, setTried] = useState(false);
  const [apiErrors, setApiErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<{ error: ApiError; draftId?: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [file, setFile] = useState<File | null>(null);

  const assetQuery = ASSET_QUERIES[product];
  const assets = useQuery<Record<string, { edges: { node: any }[] }>>(assetQuery.query, { me });
  const options: AssetOption[] = useMemo(() => {
    const nodes = assets.data?.[assetQuery.field]?.edges.map((e) => e.node) ?? [];
    return nodes.map((n) => {
      if (product === "FACTORING") {
        return {
          id: n.id,
          label: t("apps.part.label", {
            id: n.id,
            amount: formatAmount(n.amount, n.receivable?.currency ?? "CNY"),
            obligor: n.receivable?.obligorMember?.orgId ?? (n.receivable ? short(n.receivable.obligor) : "—"),
            maturity: n.receivable ? date(n.receivable.maturity) : "—",
          }),
        };
      }
      if (product === "ORDER_FINANCING") {
        return {
          id: n.id,
          label: t("apps.order.label", {
            number: n.orderNumber,
            amount: formatAmount(n.amount, n.currency),
            buyer: n.buyerMember?.orgId ?? short(n.buyer),
            delivery: date(n.deliveryDate),
          }),
        };
      }
      return {
        id: n.id,
        label: t("apps.receipt.label", {
          id: n.id,
          goods: n.goods,
          lot: n.lot,
          amount: formatAmount(n.valuation, n.currency),
        }),
      };
    });
  }, [assets.data, assetQuery.field, product, t, formatAmount, date]);

  const isFactoring = product === "FACTORING";
  const isLoan = !isFactoring;
  const hasAdvance = product !== "RECEIPT_LOAN";

  // Parsed values (null: not valid) and the errors of each field.
  const minAdvanceBps = hasAdvance ? percentToBps(minAdvance, 0.01, 100) : null;
  const maxRateBps = percentToBps(maxRate, 0, 100);
  const tenorDays = /^\d{1,3}$/.test(tenor.trim()) && +tenor >= 1 && +tenor <= 180 ? +tenor : null;
  const validityDays = /^\d{1,3}$/.test(validity.trim()) && +validity >= 1 && +validity <= 365 ? +validity : null;
  const errors: Errors = {};
  if (!assetId) errors.asset = t("apps.err.asset");
  if (chosenBanks.length === 0) errors.banks = t("apps.err.banks");
  if (hasAdvance && minAdvanceBps === null) errors.minAdvance = t("apps.err.percent", { min: "0.01", max: "100" });
  if (maxRateBps === null) errors.maxRate = t("apps.err.percent", { min: "0", max: "100" });
  if (isLoan && tenorDays === null) errors.tenor = t("apps.err.tenor");
  if (product === "RECEIPT_LOAN" && (amount === null || amount <= 0n)) errors.amount = t("apps.err.amount");
  if (validityDays === null) errors.validity = t("apps.err.validity");
  const shown = (field: FieldName) => (tried ? errors[field] : undefined) ?? apiErrors[field];

  // The quote's input once the asset and the bounds are valid (the banks do not change a quote).
  const quoteInput = useMemo(() => {
    if (!assetId || maxRateBps === null) return null;
    if (hasAdvance && minAdvanceBps === null) return null;
    if (isLoan && tenorDays === null) return null;
    if (product === "RECEIPT_LOAN" && (amount === null || amount <= 0n)) return null;
    if (product === "FACTORING") {
      return { product, assetId, minAdvanceBps, maxDiscountBps: maxRateBps, recourseAccepted: recourse };
    }
    if (product === "ORDER_FINANCING") return { product, assetId, minAdvanceBps, maxRateBps, tenorDays };
    return { product, assetId, maxRateBps, tenorDays, amount: amount!.toString() };
  }, [product, assetId, minAdvanceBps, maxRateBps, recourse, tenorDays, amount, hasAdvance, isLoan]);
  const settled = useDebounced(quoteInput, 300);
  const quote = useQuery<{ quoteApplication: Quote }>(
    `query($i: QuoteApplicationInput!) { quoteApplication(input: $i) { ${QUOTE_FIELDS} } }`,
    { i: settled },
    { skip: !settled },
  );

  function changeProduct(next: Product) {
    setProduct(next);
    setAssetId("");
    setApiErrors({});
    setFailure(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    setFailure(null);
    setApiErrors({});
    if (Object.keys(errors).length > 0 || !quoteInput) return;
    setSending(true);
    let id: string | undefined;
    try {
      // The validity runs from "now" as the backend judges it: the later of the clock and the chain's
      // time (a development chain may run ahead of the clock).
      const expiresAt = new Date((await chainNow()) + validityDays! * 86_400_000);
      expiresAt.setUTCMilliseconds(0);
      // The supporting document is encrypted for the applicant and the banks asked.
      const documentIds = file ? [(await uploadDocument(file, "OTHER", chosenBanks)).id] : undefined;
      const input = { ...quoteInput, banks: chosenBanks, expiresAt: expiresAt.toISOString(), documentIds };
      const created = await gql<{ createApplication: { id: string } }>(
        `mutation($i: CreateApplicationInput!) { createApplication(input: $i) { id } }`,
        { i: input },
      );
      id = created.createApplication.id;
      await gql(`mutation($id: ID!) { submitApplication(id: $id) { id status } }`, { id });
      invalidate();
      navigate(`/applications/${id}`);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(String(e), "ERROR");
      const field = error.field ? API_FIELDS[error.field] : undefined;
      if (field) setApiErrors({ [field]: error.message });
      setFailure({ error, draftId: id });
      if (id) invalidate();
    } finally {
      setSending(false);
    }
  }

  const quoteData = quote.error ? undefined : quote.data?.quoteApplication;
  const stale = quoteInput !== settled || quote.loading;

  return (
    <Page title={t("apps.nav.new")}>
      <form onSubmit={submit} noValidate aria-label={t("apps.nav.new")}>
        <Card>
          <SelectInput
            label={t("apps.form.product")}
            name="product"
            value={product}
            onChange={(e) => changeProduct(e.target.value as Product)}
            options={products.map((p) => ({ value: p, label: productLabel(p) }))}
          />
          <QueryView state={assets}>
            {(data) =>
              !data[assetQuery.field] ? (
                <Loading />
              ) : options.length === 0 ? (
                <p className="state empty" data-testid="no-assets">
                  {t("apps.form.noAssets")}
                </p>
              ) : (
                <SelectInput
                  label={t("apps.form.asset")}
                  name="asset"
                  value={assetId}
                  error={shown("asset")}
                  onChange={(e) => setAssetId(e.target.value)}
                  options={[
                    { value: "", label: t("apps.form.chooseAsset") },
                    ...options.map((o) => ({ value: o.id, label: o.label })),
                  ]}
                />
              )
            }
          </QueryView>
          <fieldset className={`field ${shown("banks") ? "invalid" : ""}`} data-testid="bank-choices">
            <legend>{t("apps.form.banks")}</legend>
            {banks.state.data === undefined ? (
              banks.state.error ? (
                <ErrorNote error={banks.state.error} onRetry={banks.state.reload} />
              ) : (
                <Loading />
              )
            ) : banks.active.length === 0 ? (
              <p className="muted">{t("apps.form.noBanks")}</p>
            ) : (
              banks.active.map((b) => (
                <label key={b.address} style={{ display: "block" }}>
                  <input
                    type="checkbox"
                    name="banks"
                    value={b.address}
                    checked={chosenBanks.includes(b.address)}
                    onChange={(e) =>
                      setChosenBanks((list) =>
                        e.target.checked ? [...list, b.address] : list.filter((x) => x !== b.address),
                      )
                    }
                  />{" "}
                  {b.orgId} <code title={b.address}>{short(b.address)}</code>
                </label>
              ))
            )}
            {shown("banks") ? (
              <small className="field-error" role="alert">
                {shown("banks")}
              </small>
            ) : null}
          </fieldset>
          <div className="form-row">
            {hasAdvance ? (
              <TextInput
                label={t("apps.form.minAdvance")}
                name="minAdvance"
                inputMode="decimal"
                value={minAdvance}
                hint={t("apps.form.minAdvanceHint")}
                error={shown("minAdvance")}
                onChange={(e) => setMinAdvance(e.target.value)}
              />
            ) : null}
            <TextInput
              label={isFactoring ? t("apps.form.maxDiscount") : t("apps.form.maxRate")}
              name="maxRate"
              inputMode="decimal"
              value={maxRate}
              hint={t("apps.form.rateHint")}
              error={shown("maxRate")}
              onChange={(e) => setMaxRate(e.target.value)}
            />
            {isLoan ? (
              <TextInput
                label={t("apps.form.tenor")}
                name="tenor"
                inputMode="numeric"
                value={tenor}
                error={shown("tenor")}
                onChange={(e) => setTenor(e.target.value)}
              />
            ) : null}
            {product === "RECEIPT_LOAN" ? (
              <AmountInput label={t("apps.form.amount")} name="amount" error={shown("amount")} onChange={setAmount} />
            ) : null}
            <TextInput
              label={t("apps.form.validity")}
              name="validity"
              inputMode="numeric"
              value={validity}
              error={shown("validity")}
              onChange={(e) => setValidity(e.target.value)}
            />
          </div>
          {isFactoring ? (
            <label className="field">
              <span>
                <input
                  type="checkbox"
                  name="recourse"
                  checked={recourse}
                  onChange={(e) => setRecourse(e.target.checked)}
                />{" "}
                {t("apps.form.recourse")}
              </span>
            </label>
          ) : null}
          <FileInput label={t("apps.form.document")} name="document" onChange={setFile} />
        </Card>
        <Card title={t("apps.quote.title")}>
          <div aria-live="polite" data-testid="live-quote">
            {!quoteInput ? (
              <p className="muted">{t("apps.quote.incomplete")}</p>
            ) : quote.error && !stale ? (
              <div className="state error" role="alert" data-testid="quote-error">
                <strong>{t("apps.quote.ineligible")}</strong> {quote.error.message}
              </div>
            ) : quoteData ? (
              <>
                <p className="muted">{stale ? t("apps.quote.updating") : t("apps.quote.live")}</p>
                <QuoteFigures quote={quoteData} testId="quote" />
              </>
            ) : (
              <Loading label={t("apps.quote.updating")} />
            )}
          </div>
        </Card>
        {tried && Object.keys(errors).length > 0 ? (
          <p className="field-error" role="alert">
            {t("apps.form.fixErrors")}
          </p>
        ) : null}
        {failure ? (
          <div>
            {failure.draftId ? <p>{t("apps.form.submitFailed", { id: failure.draftId })}</p> : null}
            <ErrorNote error={failure.error} />
            {failure.draftId ? <Link to={`/applications/${failure.draftId}`}>{t("apps.form.openDraft")}</Link> : null}
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={sending || products.length === 0}>
            {sending ? t("apps.form.submitting") : t("apps.form.submit")}
          </button>
        </div>
      </form>
    </Page>
  );
}
