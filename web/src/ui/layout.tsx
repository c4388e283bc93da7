/** Page frame and sections. */
import { useEffect, type ReactNode } from "react";

/** A page: its heading (also the document title) and its actions. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · SCF Network`;
  }, [title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** A titled card within a page. */
export function Card({
  title,
  actions,
  children,
  id,
}: {
  title?: string;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="card" aria-label={title} id={id}>
      {title || actions ? (
        <header className="card-head">
          {title ? <h2>{title}</h2> : null}
          {actions ? <div className="actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}

/** Key figures in a row (a dashboard's headline). */
export function Stats({ items }: { items: { label: string; value: ReactNode; tone?: "warn" | "bad" }[] }) {
  return (
    <dl className="stats">
      {items.map((item) => (
        <div key={item.label} className={`stat ${item.tone ?? ""}`}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Tabs as buttons; the selected one is pressed (keyboard: Tab, Enter/Space). */
export function Tabs<K extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: { key: K; label: string }[];
  value: K;
  onChange(k: K): void;
}) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((tab) => (
        <button
          key={tab.key}
          type="button"
          role="tab"
          aria-selected={tab.key === value}
          onClick={() => onChange(tab.key)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
