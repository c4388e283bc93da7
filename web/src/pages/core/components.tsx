/** What the core pages share: a counterparty shown by its organisation. */
import { AddressText } from "../../ui";

/** A member by its organisation id when the directory knows it, with its address. */
export function Party({ address, member }: { address: string; member: { orgId: string } | null }) {
  return <AddressText address={address} name={member?.orgId} />;
}
