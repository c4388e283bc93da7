/**
 * Live updates: while a member is signed in, the portal subscribes to its alerts over graphql-ws
 * (`alertReceived`). Each alert shows as a notice and makes every query on screen reload, so a bank's
 * queue or a supplier's order follows what other members do without a refresh.
 */
import { createClient, type Client } from "graphql-ws";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { currentToken, invalidate } from "./graphql";
import { useSession } from "./session";

export interface Alert {
  id: string;
  kind: string;
  message: string;
  createdAt: string;
}

interface Alerts {
  /** Alerts received since the page opened, newest first. */
  live: Alert[];
  dismiss(id: string): void;
  connected: boolean;
}

const AlertsContext = createContext<Alerts>({ live: [], dismiss: () => undefined, connected: false });

export function AlertsProvider({ children }: { children: ReactNode }) {
  const { viewer } = useSession();
  const [live, setLive] = useState<Alert[]>([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!viewer) return;
    const url = new URL("/graphql", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const client: Client = createClient({
      url: url.toString(),
      connectionParams: () => ({ authorization: `Bearer ${currentToken()}` }),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: { connected: () => setConnected(true), closed: () => setConnected(false) },
    });
    const stop = client.subscribe<{ alertReceived: Alert }>(
      { query: "subscription { alertReceived { id kind message createdAt } }" },
      {
        next: ({ data }) => {
          if (!data) return;
          setLive((list) => [data.alertReceived, ...list].slice(0, 20));
          invalidate();
        },
        error: () => setConnected(false),
        complete: () => undefined,
      },
    );
    return () => {
      stop();
      void client.dispose();
      setLive([]);
    };
  }, [viewer]);
  const dismiss = useCallback((id: string) => setLive((list) => list.filter((a) => a.id !== id)), []);
  const value = useMemo(() => ({ live, dismiss, connected }), [live, dismiss, connected]);
  return <AlertsContext.Provider value={value}>{children}</AlertsContext.Provider>;
}

export function useAlerts(): Alerts {
  return useContext(AlertsContext);
}
