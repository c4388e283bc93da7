/**
 * Issuing a warehouse receipt: the goods' owner (a supplier or core enterprise of the consortium), the
 * goods, lot, quantity and unit, the valuation, and the receipt scan. The scan is uploaded first,
 * shared with the owner, then the warehouse signs `issue` with its commitment. Every field is checked
 * as IssueReceiptInput checks it before anything is sent.
 */
import { useDirectory } from "../../lib/members";
import { useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { gql } from "../../lib/graphql";
import { uploadDocument } from "../../lib/documents";
import { useSession } from "../../lib/session";
import { TX_FIELDS, useTransactions, type PreparedTransaction } from "../../lib/tx";
import { AmountInput, Card, FileInput, Page, QueryView, SelectInput, TextInput, TxProgress } from "../../ui";
import { isPrintableAscii, MAX_GOODS_CHARS, parseQuantity, UINT128_MAX, UINT96_MAX } from "./components";
import { sameAddress } from "../../lib/address";

interface MemberRow {
  address: string;
  orgId: string;
  roleNames: string[];
}

/** Roles that may own goods a receipt is issued for. */
const OWNER_ROLES = ["SUPPLIER", "CORE_ENTERPRISE"];

type Errors = Partial<Record<"owner" | "goods" | "lot" | "quantity" | "unit" | "valuation" | "file", string>>;

export default function IssueReceiptPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const viewer = useSession().viewer!;
  const { state: members, list } = useDirectory({ status: ["Active"], blacklisted: false });
  const owners = list.filter(
    (m) => !sameAddress(m.address, viewer.address) && m.roleNames.some((r) => OWNER_ROLES.includes(r)),
  );
  // A new key remounts the form empty after a receipt was issued.
  const [formKey, setFormKey] = useState(0);

  return (
    <Page title={t("warehouse.issue.title")}>
      <QueryView state={members} isEmpty={() => owners.length === 0} empty={t("warehouse.issue.noOwners")}>
        {() => <IssueForm key={formKey} owners={owners} onAnother={() => setFormKey((k) => k + 1)} />}
      </QueryView>
    </Page>
  );
}

function IssueForm({ owners, onAnother }: { owners: MemberRow[]; onAnother(): void }) {
  const { t } = useI18n();
  const { progress, run, busy } = useTransactions();
  const [owner, setOwner] = useState("");
  const [goods, setGoods] = useState("");
  const [lot, setLot] = useState("");
  const [quantity, setQuantity] = useState("");
  const [unit, setUnit] = useState("");
  const [valuation, setValuation] = useState<bigint | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [issued, setIssued] = useState<string | null>(null);

  function validate(): Errors {
    const e: Errors = {};
    if (!owner) e.owner = t("warehouse.issue.ownerRequired");
    if (!goods.trim()) e.goods = t("common.required");
    else if ([...goods].length > MAX_GOODS_CHARS) e.goods = t("warehouse.issue.goodsTooLong", { max: MAX_GOODS_CHARS });
    if (!lot) e.lot = t("common.required");
    else if (lot.length > 64 || !isPrintableAscii(lot)) e.lot = t("warehouse.issue.lotInvalid");
    const q = parseQuantity(quantity);
    if (!quantity.trim()) e.quantity = t("common.required");
    else if (q === null || q < 1n || q > UINT128_MAX) e.quantity = t("warehouse.issue.quantityInvalid");
    if (!unit) e.unit = t("common.required");
    else if (unit.length > 31 || !isPrintableAscii(unit)) e.unit = t("warehouse.issue.unitInvalid");
    if (valuation === null) e.valuation = t("warehouse.issue.valuationRequired");
    else if (valuation < 1n || valuation > UINT96_MAX) e.valuation = t("warehouse.issue.valuationRange");
    if (!file) e.file = t("warehouse.issue.fileRequired");
    return e;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0 || busy) return;
    const input = {
      owner,
      goods: goods.trim(),
      lot,
      quantity: parseQuantity(quantity)!.toString(),
      unit,
      valuation: valuation!.toString(),
    };
    const ok = await run(async () => {
      const scan = await uploadDocument(file!, "RECEIPT_SCAN", [owner]);
      const data = await gql<{ issueReceipt: PreparedTransaction[] }>(
        `mutation($input: IssueReceiptInput!) { issueReceipt(input: $input) { ${TX_FIELDS} } }`,
        { input: { ...input, documentId: scan.id } },
      );
      return data.issueReceipt;
    });
    if (ok) setIssued(lot);
  }

  if (issued !== null) {
    return (
      <Card title={t("warehouse.issue.doneTitle")}>
        <TxProgress progress={progress} />
        <p>{t("warehouse.issue.done", { lot: issued })}</p>
        <p className="actions">
          <Link to="/warehouse">{t("warehouse.issue.backToReceipts")}</Link>{" "}
          <button type="button" className="secondary" onClick={onAnother}>
            {t("warehouse.issue.another")}
          </button>
        </p>
      </Card>
    );
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate aria-label={t("warehouse.issue.title")}>
        <SelectInput
          label={t("warehouse.field.owner")}
          name="owner"
          value={owner}
          error={errors.owner}
          onChange={(e) => setOwner(e.target.value)}
          options={[
            { value: "", label: t("warehouse.issue.chooseOwner") },
            ...owners.map((m) => ({
              value: m.address,
              label: `${m.orgId} (${m.roleNames
                .filter((r) => OWNER_ROLES.includes(r))
                .map((r) => t(`role.${r}`))
                .join(", ")}) ${m.address.slice(0, 6)}…${m.address.slice(-4)}`,
            })),
          ]}
        />
        <TextInput
          label={t("warehouse.field.goods")}
          name="goods"
          value={goods}
          error={errors.goods}
          hint={t("warehouse.issue.goodsHint", { max: MAX_GOODS_CHARS })}
          onChange={(e) => setGoods(e.target.value)}
        />
        <TextInput
          label={t("warehouse.field.lot")}
          name="lot"
          value={lot}
          error={errors.lot}
          hint={t("warehouse.issue.lotHint")}
          autoComplete="off"
          onChange={(e) => setLot(e.target.value)}
        />
        <div className="form-row">
          <TextInput
            label={t("warehouse.field.quantity")}
            name="quantity"
            inputMode="numeric"
            autoComplete="off"
            value={quantity}
            error={errors.quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
          <TextInput
            label={t("warehouse.field.unit")}
            name="unit"
            value={unit}
            error={errors.unit}
            hint={t("warehouse.issue.unitHint")}
            autoComplete="off"
            onChange={(e) => setUnit(e.target.value)}
          />
        </div>
        <AmountInput
          label={t("warehouse.field.valuationSettlement")}
          name="valuation"
          error={errors.valuation}
          onChange={setValuation}
        />
        <FileInput label={t("warehouse.field.scan")} name="scan" error={errors.file} onChange={setFile} />
        <p className="hint">{t("warehouse.issue.scanShared")}</p>
        <button type="submit" className="primary" disabled={busy}>
          {t("warehouse.issue.submit")}
        </button>
      </form>
      <TxProgress progress={progress} />
    </Card>
  );
}
