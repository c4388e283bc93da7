/**
 * What the warehouse pages share: the receipt fields they select, the receipt's status and quantities
 * in words, anomaly codes, and the checks of IssueReceiptInput / AttestReceiptInput (the backend's
 * rules, run before anything is sent so that each field says what is wrong).
 */
import { useI18n } from "../../i18n";

/** Receipt status (ReceiptStatus of the API). */
export type ReceiptStatus = "Active" | "ReleaseRequested" | "Released";

export interface AttestationRow {
  anomaly: number;
  attestedAt: string;
  blockNumber: number;
  logIndex: number;
  freezes: boolean;
  quantity: string;
  reportHash: string;
}

export interface ReceiptRow {
  id: string;
  lot: string;
  goods: string;
  quantity: string;
  unit: string;
  valuation: string;
  currency: string;
  status: ReceiptStatus;
  owner: string;
  ownerMember: { orgId: string } | null;
  warehouse: string;
  pledgee: string | null;
  pledgeeMember: { orgId: string } | null;
  pledgedQuantity: string | null;
  lastAttestedQuantity: string | null;
  frozen: boolean;
  issuedAt: string;
}

/** The fields of WarehouseReceipt every warehouse page selects. */
export const RECEIPT_FIELDS =
  "id lot goods quantity unit valuation currency status owner ownerMember { orgId } warehouse " +
  "pledgee pledgeeMember { orgId } pledgedQuantity lastAttestedQuantity frozen issuedAt";

/** The fields of Attestation the pages select. */
export const ATTESTATION_FIELDS = "anomaly attestedAt blockNumber logIndex freezes quantity reportHash";

/** A receipt's status as a badge, in words of the current language. */
export function ReceiptStatusBadge({ status }: { status: ReceiptStatus }) {
  const { t } = useI18n();
  const key = `warehouse.receiptStatus.${status}`;
  const label = t(key);
  return <span className={`badge badge-${status.toLowerCase()}`}>{label === key ? status : label}</span>;
}

/** A quantity of goods (integer, any size) with its unit. */
export function Quantity({ value, unit }: { value: string | null | undefined; unit: string }) {
  const { number } = useI18n();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return (
    <span className="quantity">
      {number(BigInt(value))} {unit}
    </span>
  );
}

/** Anomaly codes the portal names (the chain takes any code from 1 to 65535; the report tells the rest). */
export const ANOMALY_CODES = [1, 2, 3, 4, 5] as const;

/** Anomaly `code` in words: "none", a known kind, or "code N". */
export function useAnomalyLabel(): (code: number) => string {
  const { t } = useI18n();
  return (code) =>
    code === 0
      ? t("warehouse.anomaly.none")
      : (ANOMALY_CODES as readonly number[]).includes(code)
        ? t(`warehouse.anomaly.${code}`)
        : t("warehouse.anomaly.code", { code });
}

export const UINT96_MAX = (1n << 96n) - 1n;
export const UINT128_MAX = (1n << 128n) - 1n;
export const MAX_GOODS_CHARS = 200;

/** Printable ASCII with at least one visible character (the backend's rule for lots and units). */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/.test(text);
}

/** A typed whole number of units ("1,200" allowed), or null when it is not one. */
export function parseQuantity(text: string): bigint | null {
  const clean = text.replace(/[,\s，]/g, "");
  if (!/^\d{1,39}$/.test(clean)) return null;
  return BigInt(clean);
}
