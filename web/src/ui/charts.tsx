/**
 * Bar charts drawn as SVG (no chart library: the portal stays small). Values may be bigints (amounts in
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
  const rowHeight = 28;
  const height = bars.length * rowHeight;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join("; ")}`}
        viewBox={`0 0 600 ${height}`}
        width="100%"
      >
        {bars.map((bar, i) => {
          const y = i * rowHeight;
          const w = Math.max(ratio(bar.value, max) * 300, bar.value ? 2 : 0);
          return (
            <g key={bar.label + i} className={`bar ${bar.tone ?? ""}`}>
              <text x={0} y={y + 18} className="bar-label">
                {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
              </text>
              <rect x={170} y={y + 6} width={w} height={16} rx={2} />
              {bar.limit !== undefined ? (
                <line
                  x1={170 + ratio(bar.limit, max) * 300}
                  x2={170 + ratio(bar.limit, max) * 300}
                  y1={y + 2}
                  y2={y + 26}
                  className="limit"
                />
              ) : null}
              <text x={480} y={y + 18} className="bar-value">
                {format(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
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
