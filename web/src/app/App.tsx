/**
 * The portal's frame: sign-in when signed out; otherwise a header (organisation, roles, language,
 * sign-out), the navigation of the member's roles, the current page and the live alerts.
 */
import { Suspense, useEffect } from "react";
import { LOCALES, useI18n, type Locale } from "../i18n";
import { useAlerts } from "../lib/alerts";
import { useSession } from "../lib/session";
import { ErrorNote, Loading } from "../ui";
import { ErrorBoundary } from "./ErrorBoundary";
import { currentPath, Link, match, navigate, usePath } from "./router";
import { ROUTES, routesFor } from "./routes";
import { SignIn } from "./SignIn";

// The page a reload or a link opens starts loading with the portal itself, not after the session check.
void ROUTES.find((r) => match(r.path, currentPath()))?.component.preload();

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t("app.language")}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} aria-label={t("app.language")}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {l === "zh-CN" ? "中文" : "English"}
          </option>
        ))}
      </select>
    </label>
  );
}

function LiveAlerts() {
  const { live, dismiss } = useAlerts();
  if (live.length === 0) return null;
  return (
    <aside className="toasts" aria-live="polite">
      {live.slice(0, 3).map((a) => (
        <div key={a.id} className="toast" role="status">
          <span>{a.message}</span>
          <button type="button" className="link" onClick={() => dismiss(a.id)} aria-label="dismiss">
            ×
          </button>
        </div>
      ))}
    </aside>
  );
}

export function App() {
  const { t } = useI18n();
  const session = useSession();
  const path = usePath();
  const viewer = session.viewer;
  const routes = viewer ? routesFor(viewer.roles) : [];
  const found = routes.map((r) => ({ route: r, params: match(r.path, path) })).find((m) => m.params);
  const home = routes.find((r) => r.nav);

  useEffect(() => {
    if (viewer && !found && home) navigate(home.path);
  }, [viewer, found, home]);
  useEffect(() => {
    document.getElementById("page-title")?.focus();
  }, [path]);

  if (session.restoring) return <Loading />;
  if (!viewer) {
    return (
      <>
        <header className="topbar">
          <span className="brand">{t("app.name")}</span>
          <LanguageSwitch />
        </header>
        <SignIn />
      </>
    );
  }
  const Page = found?.route.component;
  return (
    <>
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <span className="brand">{t("app.name")}</span>
        <span className="who" data-testid="viewer">
          <strong>{viewer.orgId}</strong> {viewer.roles.map((r) => t(`role.${r}`)).join(" · ")}
          <code title={viewer.address}>{`${viewer.address.slice(0, 6)}…${viewer.address.slice(-4)}`}</code>
        </span>
        <LanguageSwitch />
        <button type="button" className="secondary" onClick={() => void session.signOut()}>
          {t("app.signOut")}
        </button>
      </header>
      <div className="body">
        <nav aria-label={t("app.navigation")}>
          <ul>
            {routes
              .filter((r) => r.nav)
              .map((r) => (
                <li key={r.path}>
                  <Link to={r.path} aria-current={found?.route === r ? "page" : undefined}>
                    {t(r.title)}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <main id="main">
          <ErrorBoundary key={path}>
            <Suspense fallback={<Loading />}>
              {Page && found ? (
                <Page params={found.params!} />
              ) : routes.length === 0 ? (
                <ErrorNote error={t("app.noPages")} />
              ) : (
                <Loading />
              )}
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
      <LiveAlerts />
    </>
  );
}
