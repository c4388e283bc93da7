/**
 * Bar charts drawn with plain HTML and CSS (no chart library: the portal stays small; text keeps its
 * size in narrow cards). Values may be bigints (amounts in
 * minor units). Each chart carries a text equivalent: an aria-label summary and a visually hidden table.
 */
import { useI18n } from "../i18n";

export interface Bar {
  label: string;
  value: bigint | number;
  /** A second value drawn as a marker on the bar (e.g. a credit limit against the exposure). */
  limit?: bigint | number;
  tone?: "warn" | "bad";
}

function ratio(value: bigint | number, max: bigint | number): number {
  const m = BigInt(max);
  if (m === 0n) return 0;
  return Number((BigInt(value) * 10_000n) / m) / 10_000;
}

/** Horizontal bars, one per row: label, bar and formatted value. */
export function BarChart({
  title,
  bars,
  format,
}: {
  title: string;
  bars: Bar[];
  format(value: bigint | number): string;
}) {
  const { t } = useI18n();
  if (bars.length === 0) return <p className="state empty">{t("common.empty")}</p>;
  let max: bigint = 0n;
  for (const b of bars) {
    const v = BigInt(b.value);
    const l = b.limit === undefined ? 0n : BigInt(b.limit);
    if (v > max) max = v;
    if (l > max) max = l;
  }
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div
        className="bars"
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join("; ")}`}
      >
        {bars.map((bar, i) => (
          <div key={bar.label + i} className={`bar ${bar.tone ?? ""}`} aria-hidden="true">
            <span className="bar-label" title={bar.label}>
              {bar.label}
            </span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${ratio(bar.value, max) * 100}%` }} />
              {bar.limit !== undefined ? (
                <span className="bar-limit" style={{ left: `${ratio(bar.limit, max) * 100}%` }} />
              ) : null}
            </span>
            <span className="bar-value">{format(bar.value)}</span>
          </div>
        ))}
      </div>
      <table className="sr-only">
        <tbody>
          {bars.map((bar, i) => (
            <tr key={i}>
              <th scope="row">{bar.label}</th>
              <td>{format(bar.value)}</td>
              {bar.limit !== undefined ? <td>{format(bar.limit)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
