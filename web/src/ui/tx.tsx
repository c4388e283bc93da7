/** A button that runs a prepared-transaction step, and the progress of its transactions. */
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { useTransactions, type PreparedTransaction, type Progress } from "../lib/tx";
import { ErrorNote } from "./states";

const STATE_KEYS = {
  waiting: "tx.waiting",
  signing: "tx.signing",
  sent: "tx.sent",
  mined: "tx.mined",
  indexed: "tx.indexed",
  failed: "tx.failed",
};

/** Each transaction of a run with its state: signing, sent, mined, indexed (announced as it changes). */
export function TxProgress({ progress }: { progress: Progress }) {
  const { t } = useI18n();
  if (progress.phase === "idle") return null;
  return (
    <div
      className={`tx-progress ${progress.phase}`}
      aria-live="polite"
      data-testid="tx-progress"
      data-phase={progress.phase}
    >
      {progress.phase === "preparing" ? <p>{t("tx.preparing")}</p> : null}
      <ol>
        {progress.steps.map((step, i) => (
          <li key={i} className={`tx-step ${step.state}`} data-state={step.state}>
            <span className="tx-desc">{step.description}</span>
            <span className="tx-state">{t(STATE_KEYS[step.state])}</span>
            {step.hash ? <code className="tx-hash" title={step.hash}>{`${step.hash.slice(0, 10)}…`}</code> : null}
            {step.block ? <span className="muted"> #{step.block}</span> : null}
          </li>
        ))}
      </ol>
      {progress.phase === "done" ? <p className="ok">{t("tx.done")}</p> : null}
      {progress.error ? <ErrorNote error={progress.error} /> : null}
    </div>
  );
}

/**
 * A button that asks the API for a step's transactions (`prepare`), then signs and sends them with their
 * progress under it. `disabled` with a reason when the step cannot run yet.
 */
export function TxButton({
  label,
  prepare,
  onDone,
  disabled,
  variant = "primary",
  children,
}: {
  label: string;
  prepare: () => Promise<PreparedTransaction[]>;
  onDone?: () => void;
  disabled?: boolean;
  variant?: "primary" | "secondary" | "danger";
  children?: ReactNode;
}) {
  const { progress, run, busy } = useTransactions();
  return (
    <div className="tx-action">
      <button
        type="button"
        className={variant}
        disabled={disabled || busy}
        onClick={async () => {
          if (await run(prepare)) onDone?.();
        }}
      >
        {label}
      </button>
      {children}
      <TxProgress progress={progress} />
    </div>
  );
}
