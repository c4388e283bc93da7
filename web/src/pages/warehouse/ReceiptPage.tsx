/**
 * One receipt as its warehouse sees it: the goods, owner, valuation and pledge, the attestations posted
 * (newest first), and the steps the viewer may take now: post an attestation (issuing warehouse, goods
 * still in store), release the goods (issuing warehouse, once the owner asked for them), lift a freeze
 * (the pledgee bank only).
 */
import { useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { gql, useQuery } from "../../lib/graphql";
import { uploadDocument } from "../../lib/documents";
import { useSession } from "../../lib/session";
import { TX_FIELDS, useTransactions, type PreparedTransaction } from "../../lib/tx";
import {
  AddressText,
  Amount,
  Card,
  DataTable,
  DateText,
  FileInput,
  Page,
  QueryView,
  SelectInput,
  TextInput,
  TxButton,
  TxProgress,
} from "../../ui";
import {
  ANOMALY_CODES,
  ATTESTATION_FIELDS,
  parseQuantity,
  Quantity,
  RECEIPT_FIELDS,
  ReceiptStatusBadge,
  UINT128_MAX,
  useAnomalyLabel,
  type AttestationRow,
  type ReceiptRow,
} from "./components";
import { sameAddress } from "../../lib/address";

type Receipt = ReceiptRow & { documentUri: string; documentHash: string; attestations: AttestationRow[] };

export default function ReceiptPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const session = useSession();
  const viewer = session.viewer!;
  const id = params.id;
  const state = useQuery<{ warehouseReceipt: Receipt | null }>(
    `query($id: ID!) { warehouseReceipt(id: $id) { ${RECEIPT_FIELDS} documentUri documentHash attestations { ${ATTESTATION_FIELDS} } } }`,
    { id },
  );
  const receipt = state.data?.warehouseReceipt;
  const isIssuer = !!receipt && session.hasRole("WAREHOUSE") && sameAddress(receipt.warehouse, viewer.address);

  return (
    <Page title={t("warehouse.receipt.title", { id })}>
      <p>
        <Link to="/warehouse">{t("warehouse.issue.backToReceipts")}</Link>
      </p>
      <QueryView state={state} isEmpty={(d) => !d.warehouseReceipt} empty={t("warehouse.receipt.notFound", { id })}>
        {(d) => {
          const r = d.warehouseReceipt!;
          return (
            <>
              <ReceiptSummary receipt={r} />
              {isIssuer && r.status === "ReleaseRequested" ? (
                <Card title={t("warehouse.receipt.releaseTitle")}>
                  <p>{t("warehouse.receipt.releaseHelp")}</p>
                  <TxButton
                    label={t("warehouse.receipt.release")}
                    prepare={() =>
                      gql<{ releaseGoods: PreparedTransaction[] }>(
                        `mutation($id: ID!) { releaseGoods(receiptId: $id) { ${TX_FIELDS} } }`,
                        { id: r.id },
                      ).then((x) => x.releaseGoods)
                    }
                  />
                </Card>
              ) : null}
              {r.frozen && sameAddress(r.pledgee, viewer.address) ? (
                <Card title={t("warehouse.receipt.unfreezeTitle")}>
                  <TxButton
                    label={t("warehouse.receipt.unfreeze")}
                    prepare={() =>
                      gql<{ unfreezeReceipt: PreparedTransaction[] }>(
                        `mutation($id: ID!) { unfreezeReceipt(receiptId: $id) { ${TX_FIELDS} } }`,
                        { id: r.id },
                      ).then((x) => x.unfreezeReceipt)
                    }
                  />
                </Card>
              ) : null}
              {isIssuer && r.status !== "Released" ? <AttestForm receipt={r} /> : null}
              <History receipt={r} />
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}

function ReceiptSummary({ receipt: r }: { receipt: Receipt }) {
  const { t } = useI18n();
  return (
    <Card title={t("warehouse.receipt.summary")}>
      <dl className="facts" data-testid={`receipt-${r.id}`}>
        <dt>{t("common.status")}</dt>
        <dd>
          <ReceiptStatusBadge status={r.status} />{" "}
          {r.frozen ? <span className="badge badge-frozen">{t("warehouse.frozenBadge")}</span> : null}
        </dd>
        <dt>{t("warehouse.field.lot")}</dt>
        <dd>{r.lot}</dd>
        <dt>{t("warehouse.field.goods")}</dt>
        <dd>{r.goods}</dd>
        <dt>{t("warehouse.field.owner")}</dt>
        <dd>
          <AddressText address={r.owner} name={r.ownerMember?.orgId} />
        </dd>
        <dt>{t("warehouse.field.quantity")}</dt>
        <dd>
          <Quantity value={r.quantity} unit={r.unit} />
        </dd>
        <dt>{t("warehouse.field.valuation")}</dt>
        <dd>
          <Amount value={r.valuation} currency={r.currency} />
        </dd>
        <dt>{t("warehouse.field.pledgee")}</dt>
        <dd>
          {r.pledgee ? (
            <AddressText address={r.pledgee} name={r.pledgeeMember?.orgId} />
          ) : (
            <span className="muted">{t("warehouse.field.unpledged")}</span>
          )}
        </dd>
        {r.pledgee ? (
          <>
            <dt>{t("warehouse.field.pledgedQuantity")}</dt>
            <dd>
              <Quantity value={r.pledgedQuantity} unit={r.unit} />
            </dd>
          </>
        ) : null}
        <dt>{t("warehouse.field.lastAttested")}</dt>
        <dd>
          <Quantity value={r.lastAttestedQuantity} unit={r.unit} />
        </dd>
        <dt>{t("warehouse.field.issuedAt")}</dt>
        <dd>
          <DateText value={r.issuedAt} time />
        </dd>
        <dt>{t("warehouse.field.scan")}</dt>
        <dd>
          <code title={r.documentHash}>{r.documentUri}</code>
        </dd>
      </dl>
      {r.frozen ? <p className="muted">{t("warehouse.receipt.frozenNote")}</p> : null}
    </Card>
  );
}

function History({ receipt: r }: { receipt: Receipt }) {
  const { t } = useI18n();
  const anomalyLabel = useAnomalyLabel();
  const rows = [...r.attestations].reverse();
  return (
    <Card title={t("warehouse.receipt.history")}>
      <div data-testid="attestations-table">
        <DataTable
          rows={rows}
          rowKey={(a) => `${a.blockNumber}-${a.logIndex}`}
          empty={t("warehouse.receipt.noAttestations")}
          columns={[
            {
              key: "when",
              header: t("warehouse.field.attestedAt"),
              render: (a) => <DateText value={a.attestedAt} time />,
            },
            {
              key: "quantity",
              header: t("warehouse.field.counted"),
              align: "right",
              render: (a) => <Quantity value={a.quantity} unit={r.unit} />,
            },
            {
              key: "anomaly",
              header: t("warehouse.field.anomaly"),
              render: (a) =>
                a.anomaly === 0 ? <span className="muted">{anomalyLabel(0)}</span> : anomalyLabel(a.anomaly),
            },
            {
              key: "freezes",
              header: t("warehouse.field.effect"),
              render: (a) =>
                a.freezes ? (
                  <span className="badge badge-frozen">{t("warehouse.receipt.froze")}</span>
                ) : (
                  <span className="muted">—</span>
                ),
            },
            {
              key: "report",
              header: t("warehouse.field.report"),
              render: (a) => <code title={a.reportHash}>{`${a.reportHash.slice(0, 10)}…`}</code>,
            },
            { key: "block", header: t("warehouse.field.block"), align: "right", render: (a) => `#${a.blockNumber}` },
          ]}
        />
      </div>
    </Card>
  );
}

type AttestErrors = Partial<Record<"quantity" | "anomaly" | "code" | "file", string>>;

/** Posting an attestation: the count, an anomaly if any, and the inspection report (shared with owner and pledgee). */
function AttestForm({ receipt: r }: { receipt: Receipt }) {
  const { t } = useI18n();
  const anomalyLabel = useAnomalyLabel();
  const { progress, run, busy } = useTransactions();
  const [quantity, setQuantity] = useState("");
  const [anomaly, setAnomaly] = useState("0");
  const [code, setCode] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<AttestErrors>({});
  // A new key remounts the form (and its file field) empty after an attestation was posted.
  const [formKey, setFormKey] = useState(0);

  const counted = parseQuantity(quantity);
  const anomalyCode = anomaly === "other" ? Number(code) : Number(anomaly);
  // The contract's rule, shown before signing: a live, unfrozen pledge freezes on a short count or an anomaly.
  const willFreeze =
    !!r.pledgee &&
    !r.frozen &&
    ((counted !== null && counted < BigInt(r.pledgedQuantity ?? "0")) || (anomaly !== "0" && anomalyCode !== 0));

  function validate(): AttestErrors {
    const e: AttestErrors = {};
    if (!quantity.trim()) e.quantity = t("common.required");
    else if (counted === null || counted > UINT128_MAX) e.quantity = t("warehouse.attest.quantityInvalid");
    if (anomaly === "other" && !(/^\d{1,5}$/.test(code) && Number(code) >= 1 && Number(code) <= 65535)) {
      e.code = t("warehouse.attest.codeInvalid");
    }
    if (!file) e.file = t("warehouse.attest.fileRequired");
    return e;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0 || busy) return;
    const parties = [r.owner, ...(r.pledgee ? [r.pledgee] : [])];
    const ok = await run(async () => {
      const report = await uploadDocument(file!, "OTHER", parties);
      const data = await gql<{ attestReceipt: PreparedTransaction[] }>(
        `mutation($input: AttestReceiptInput!) { attestReceipt(input: $input) { ${TX_FIELDS} } }`,
        {
          input: {
            receiptId: r.id,
            quantity: counted!.toString(),
            anomaly: anomalyCode,
            reportDocumentId: report.id,
          },
        },
      );
      return data.attestReceipt;
    });
    if (ok) {
      setQuantity("");
      setAnomaly("0");
      setCode("");
      setFile(null);
      setFormKey((k) => k + 1);
    }
  }

  return (
    <Card title={t("warehouse.attest.title")}>
      <form key={formKey} onSubmit={submit} noValidate aria-label={t("warehouse.attest.title")}>
        <div className="form-row">
          <TextInput
            label={t("warehouse.attest.counted", { unit: r.unit })}
            name="counted"
            inputMode="numeric"
            autoComplete="off"
            value={quantity}
            error={errors.quantity}
            hint={
              r.pledgee
                ? t("warehouse.attest.pledgedHint", { quantity: r.pledgedQuantity ?? "0", unit: r.unit })
                : undefined
            }
            onChange={(e) => setQuantity(e.target.value)}
          />
          <SelectInput
            label={t("warehouse.field.anomaly")}
            name="anomaly"
            value={anomaly}
            onChange={(e) => setAnomaly(e.target.value)}
            options={[
              { value: "0", label: anomalyLabel(0) },
              ...ANOMALY_CODES.map((c) => ({ value: String(c), label: `${c} · ${anomalyLabel(c)}` })),
              { value: "other", label: t("warehouse.anomaly.other") },
            ]}
          />
          {anomaly === "other" ? (
            <TextInput
              label={t("warehouse.attest.code")}
              name="code"
              inputMode="numeric"
              autoComplete="off"
              value={code}
              error={errors.code}
              onChange={(e) => setCode(e.target.value)}
            />
          ) : null}
        </div>
        <FileInput label={t("warehouse.attest.report")} name="report" error={errors.file} onChange={setFile} />
        <p className="hint">{t("warehouse.attest.reportShared")}</p>
        {willFreeze ? (
          <p className="state error" role="note" data-testid="attest-freeze-warning">
            {t("warehouse.attest.willFreeze", { bank: r.pledgeeMember?.orgId ?? r.pledgee ?? "" })}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t("warehouse.attest.submit")}
        </button>
      </form>
      <TxProgress progress={progress} />
    </Card>
  );
}
