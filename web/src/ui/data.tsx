/** Tables and the display of amounts, dates, addresses and statuses. */
import { useState, type ReactNode } from "react";
import { useI18n } from "../i18n";
import { Empty } from "./states";

export interface Column<T> {
  key: string;
  header: string;
  render(row: T): ReactNode;
  align?: "right" | "left";
}

/**
 * A table of rows; `empty` shows instead when there are none. `testId` on the table and `rowTestId(row)`
 * on each row are `data-testid`s for the end-to-end tests; `rowClass(row)` styles a row; a caption with
 * `hideCaption` is for screen readers only.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  empty,
  caption,
  hideCaption,
  testId,
  rowTestId,
  rowClass,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): string;
  empty?: ReactNode;
  caption?: string;
  hideCaption?: boolean;
  testId?: string;
  rowTestId?(row: T): string;
  rowClass?(row: T): string | undefined;
}) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        {caption ? <caption className={hideCaption ? "sr-only" : undefined}>{caption}</caption> : null}
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
            <tr key={rowKey(row)} data-testid={rowTestId?.(row)} className={rowClass?.(row)}>
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

/** Cursor pages of a list: the `after` cursor of the page shown, and moves to the next and previous page. */
export interface Pages {
  /** The cursor to ask the page shown with (null: the first page). */
  after: string | null;
  /** 1-based number of the page shown. */
  page: number;
  next(endCursor: string): void;
  previous(): void;
  /** Back to the first page (when the filter changes). */
  reset(): void;
}

export function usePages(): Pages {
  /** The cursors of the pages up to the one shown (null: the first page). */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    next: (endCursor) => setCursors((c) => [...c, endCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reset: () => setCursors([null]),
  };
}

/** Previous / next buttons and the page number, for a list paged with `usePages`. */
export function Pager({
  pages,
  pageInfo,
  totalCount,
  pageSize,
}: {
  pages: Pages;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
  pageSize: number;
}) {
  const { t } = useI18n();
  const { endCursor } = pageInfo;
  if (pages.page === 1 && !pageInfo.hasNextPage) return null;
  const of = totalCount === undefined ? null : Math.max(1, Math.ceil(totalCount / pageSize));
  return (
    <div className="actions" data-testid="pager">
      <button type="button" className="secondary" disabled={pages.page <= 1} onClick={pages.previous}>
        {t("common.previousPage")}
      </button>
      <span className="muted">
        {of === null ? t("common.page", { page: pages.page }) : t("common.pageOf", { page: pages.page, of })}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={!pageInfo.hasNextPage || !endCursor}
        onClick={() => endCursor && pages.next(endCursor)}
      >
        {t("common.nextPage")}
      </button>
    </div>
  );
}

/** An amount of integer minor units, per the current locale. */
export function Amount({
  value,
  currency = "CNY",
}: {
  value: string | bigint | number | null | undefined;
  currency?: string;
}) {
  const { amount } = useI18n();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <span className="amount">{amount(value, currency)}</span>;
}

export function DateText({ value, time }: { value: string | null | undefined; time?: boolean }) {
  const { date, dateTime } = useI18n();
  if (!value) return <span className="muted">—</span>;
  return <time dateTime={value}>{time ? dateTime(value) : date(value)}</time>;
}

/** An address, shortened, with the whole in its title (and for screen readers); `name` shows first when known. */
export function AddressText({ address, name }: { address: string | null | undefined; name?: string | null }) {
  if (!address) return <span className="muted">—</span>;
  const short = `${address.slice(0, 6)}…${address.slice(-4)}`;
  return (
    <span className="address" title={address}>
      {name ? <>{name} </> : null}
      <code aria-label={address}>{short}</code>
    </span>
  );
}

/** A status as a badge, in words of the current language (key `status.<STATUS>`). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status.${status}`;
  const label = t(key);
  return <span className={`badge badge-${status.toLowerCase()}`}>{label === key ? status : label}</span>;
}
