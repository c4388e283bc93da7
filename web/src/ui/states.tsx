/** Loading, error and empty states, and QueryView, which picks the right one for a query. */
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import type { QueryState } from "../lib/graphql";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </div>
  );
}

/** An error in words, with the API's code, and a retry when the caller offers one. */
export function ErrorNote({
  error,
  onRetry,
}: {
  error: { message: string; code?: string } | string;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const text = typeof error === "string" ? error : error.message;
  const code = typeof error === "string" ? undefined : error.code;
  return (
    <div className="state error" role="alert">
      <strong>{t("common.error")}</strong> {text}
      {code && code !== "ERROR" ? <span className="code"> ({code})</span> : null}
      {onRetry ? (
        <button type="button" className="link" onClick={onRetry}>
          {t("common.retry")}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <div className="state empty">{children ?? t("common.empty")}</div>;
}

/**
 * The data of a query once loaded, else its loading or error state; `isEmpty` says when the data holds
 * nothing to show (then `empty`, or the common text, shows instead).
 */
export function QueryView<T>({
  state,
  children,
  isEmpty,
  empty,
}: {
  state: QueryState<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}) {
  if (state.data === undefined) {
    if (state.error) return <ErrorNote error={state.error} onRetry={state.reload} />;
    return <Loading />;
  }
  return (
    <>
      {state.error ? <ErrorNote error={state.error} onRetry={state.reload} /> : null}
      {isEmpty?.(state.data) ? <Empty>{empty}</Empty> : children(state.data)}
    </>
  );
}
