/**
 * Pieces the core pages share: a table whose rows carry `data-testid`s (the foundation's DataTable has
 * none, and the end-to-end tests find rows by id), and a counterparty shown by its organisation.
 */
import type { ReactNode } from "react";
import { AddressText, Empty, type Column } from "../../ui";

/** A table like DataTable, with `testId` on the table and `rowTestId(row)` on each row. */
export function RowsTable<T>({
  columns,
  rows,
  rowKey,
  rowTestId,
  testId,
  empty,
  caption,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): string;
  rowTestId(row: T): string;
  testId: string;
  empty?: ReactNode;
  caption?: string;
}) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.align === "right" ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.align === "right" ? "num" : undefined}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A member by its organisation id when the directory knows it, with its address. */
export function Party({ address, member }: { address: string; member: { orgId: string } | null }) {
  return <AddressText address={address} name={member?.orgId} />;
}
