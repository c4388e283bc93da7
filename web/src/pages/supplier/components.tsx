/**
 * What the supplier pages share: the order fields they read and the directory of members by role for
 * the forms' pickers.
 */
import { useDirectory } from "../../lib/members";
import { useState } from "react";
import { useI18n } from "../../i18n";
import { openDocument } from "../../lib/documents";
import { gql, type QueryState } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { sameAddress } from "../../lib/address";

/** A member as the pages name it: its address and organisation id. */
export interface MemberRef {
  address: string;
  orgId: string;
}

export interface OrderRow {
  id: string;
  documentHash: string;
  orderNumber: string;
  buyer: string;
  buyerMember: { orgId: string } | null;
  amount: string;
  currency: string;
  deliveryDate: string;
  paymentTermDays: number;
  status: string;
  rejectionReason: string | null;
  submittedAt: string;
  receivableId: string | null;
  lienHolder: string | null;
}

/** The fields of PurchaseOrder the order lists select. */
export const ORDER_FIELDS =
  "id documentHash orderNumber buyer buyerMember { orgId } amount currency deliveryDate paymentTermDays status rejectionReason submittedAt receivableId lienHolder";

/**
 * The viewer's orders as supplier, newest first: `first` of them from the cursor `after` (null: the
 * newest), with the count over all pages and where the page sits.
 */
export const ORDERS_QUERY = `query($a: String!, $first: Int!, $after: String) { purchaseOrders(first: $first, after: $after, filter: { supplier: $a }, orderBy: { field: SUBMITTED_AT, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${ORDER_FIELDS} } } } }`;
export interface OrdersData {
  purchaseOrders: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: OrderRow }[];
  };
}

/** Active members having `role`, by organisation id; `except` (the viewer) left out. */
export function useMembersWithRole(
  role: string,
  except?: string,
): {
  state: QueryState<MemberRef[]>;
  members: MemberRef[];
} {
  const { state, list } = useDirectory({ role, status: ["Active"] });
  return { state, members: list.filter((m) => !sameAddress(m.address, except)) };
}

/**
 * Opens, in a new tab, the document the chain recorded by its commitment (an order's documentHash): the
 * document is found among those shared with the viewer, downloaded and decrypted here.
 */
export function DocumentButton({ commitment, label }: { commitment: string; label: string }) {
  const { t } = useI18n();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      const { documents } = await gql<{ documents: { edges: { node: { id: string; commitment: string } }[] } }>(
        `{ documents(first: 500) { edges { node { id commitment } } } }`,
      );
      const found = documents.edges.find((e) => e.node.commitment.toLowerCase() === commitment.toLowerCase());
      if (!found) throw new Error(t("supplier.document.missing"));
      const blob = await openDocument(session, found.node.id);
      window.open(URL.createObjectURL(blob), "_blank", "noopener");
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <button type="button" className="link" disabled={busy} aria-label={label} onClick={() => void open()}>
        {t("common.document")}
      </button>
      {error ? (
        <small className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </span>
  );
}
