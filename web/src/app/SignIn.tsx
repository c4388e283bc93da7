/**
 * Sign-in: a browser wallet (EIP-1193) signs the SIWE message; on a local development chain only, a
 * clearly marked picker of the demo consortium's accounts signs in the page instead.
 */
import { useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { portalConfig, type PortalConfig } from "../lib/config";
import { useSession } from "../lib/session";
import { ErrorNote, Loading } from "../ui";

export function SignIn() {
  const { t } = useI18n();
  const session = useSession();
  const [config, setConfig] = useState<PortalConfig | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    portalConfig().then(setConfig, (e: Error) => setConfigError(e.message));
  }, []);
  const hasWallet = typeof window !== "undefined" && !!window.ethereum;

  async function attempt(key: string, action: () => Promise<void>) {
    setBusy(key);
    setError(null);
    try {
      await action();
    } catch (e) {
      const err = e as { code?: string | number; message?: string };
      setError(err.code === "ACTION_REJECTED" || err.code === 4001 ? t("signin.declined") : (err.message ?? String(e)));
    } finally {
      setBusy(null);
    }
  }

  return (
    <main className="signin" id="main">
      <h1>{t("app.name")}</h1>
      <p className="lead">{t("signin.lead")}</p>
      {configError ? <ErrorNote error={configError} /> : null}
      {error ? <ErrorNote error={error} /> : null}
      <section className="card">
        <h2>{t("signin.wallet")}</h2>
        <p>{hasWallet ? t("signin.walletHelp") : t("signin.noWallet")}</p>
        <button
          type="button"
          className="primary"
          disabled={!hasWallet || !!busy}
          onClick={() => attempt("injected", () => session.signIn({ kind: "injected" }))}
        >
          {busy === "injected" ? t("signin.signing") : t("signin.connect")}
        </button>
      </section>
      {config === null && !configError ? <Loading /> : null}
      {config?.devSigner ? (
        <section className="card dev-picker" aria-labelledby="dev-title">
          <h2 id="dev-title">
            <span className="badge badge-dev">{t("signin.devBadge")}</span> {t("signin.devTitle")}
          </h2>
          <p>{t("signin.devHelp")}</p>
          <ul className="accounts">
            {(config.devAccounts ?? []).map((account) => (
              <li key={account.address}>
                <button
                  type="button"
                  disabled={!!busy}
                  onClick={() => attempt(account.address, () => session.signIn({ kind: "dev", account }))}
                  data-org={account.orgId}
                >
                  <strong>{account.orgId}</strong>
                  <span>{account.roles.map((r) => t(`role.${r}`)).join(" · ")}</span>
                  <code>{`${account.address.slice(0, 6)}…${account.address.slice(-4)}`}</code>
                </button>
                {busy === account.address ? <span className="muted"> {t("signin.signing")}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
