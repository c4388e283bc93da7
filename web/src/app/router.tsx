/**
 * Navigation inside the portal: hash routes (`#/bank/queue`), so that the backend serves one page and a
 * link can be bookmarked or reloaded. A route's path may hold parameters (`/regulator/asset/:kind/:id`).
 */
import {
  lazy,
  useEffect,
  useState,
  type AnchorHTMLAttributes,
  type ComponentType,
  type LazyExoticComponent,
} from "react";

/** A page of the portal. Pages are loaded when first opened, so the first screen downloads little. */
export interface RouteDef {
  path: string;
  /** i18n key of its title (navigation and heading). */
  title: string;
  /** Roles that see it (any of them). */
  roles: string[];
  component: PageComponent;
  /** Shown in the navigation (false for detail pages reached through links). */
  nav?: boolean;
}

type PageProps = { params: Record<string, string> };
/** A page loaded on first use; `preload` starts loading it earlier. */
export type PageComponent = LazyExoticComponent<ComponentType<PageProps>> & { preload(): Promise<unknown> };

/** A page from its module loader (`() => import("./XPage")`), loaded once, when first needed or preloaded. */
export function page(loader: () => Promise<{ default: ComponentType<PageProps> }>): PageComponent {
  let loading: Promise<{ default: ComponentType<PageProps> }> | null = null;
  const load = () => (loading ??= loader());
  return Object.assign(lazy(load), { preload: load });
}

export function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, "");
  return hash.startsWith("/") ? hash : "/";
}

/** The path of the current page, following navigation. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onChange = () => setPath(currentPath());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return path;
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** The parameters of `path` when it matches `pattern`, else null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/").filter(Boolean);
  const b = path.split("?")[0].split("/").filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(":")) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** A link to a page of the portal. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a href={`#${to}`} {...rest} />;
}
