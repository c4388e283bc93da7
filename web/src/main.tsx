/** Entry point of the portal. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { I18nProvider } from "./i18n";
import { AlertsProvider } from "./lib/alerts";
import { SessionProvider } from "./lib/session";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <AlertsProvider>
          <App />
        </AlertsProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
