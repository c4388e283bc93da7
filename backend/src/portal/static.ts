/**
 * Serves the built web portal (`npm run build -w web`, PORTAL_DIR) at `/`: its files as they are,
 * `index.html` for `/` and, as the single-page app's fallback, for any other GET path that is neither
 * a file nor one of the API's routes. Vite's hashed `/assets/*` files are cached for a year; every
 * other file (index.html first) is revalidated on each load, so a new build shows at once.
 * Registered as plain express middleware before Nest's routes; API paths go on untouched.
 */
import fs from "node:fs";
import path from "node:path";
import type { NextFunction, Request, Response } from "express";

/** The body of `GET /` while PORTAL_DIR holds no index.html. */
export const PORTAL_NOT_BUILT = "the portal is not built: run `npm run build -w web`";

/** Paths the API answers: never the portal's, even when they match nothing. */
export const API_PATH_PREFIXES = ["/graphql", "/documents", "/audit", "/portal", "/rpc"] as const;

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

function isApiPath(pathname: string): boolean {
  return API_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function statFile(file: string): Promise<fs.Stats | null> {
  return fs.promises.stat(file).then(
    (stats) => (stats.isFile() ? stats : null),
    () => null,
  );
}

/** The file of `pathname` inside `root`, or null for a path that leaves it or names a dotfile. */
function fileOf(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((s) => s !== "");
  if (segments.some((s) => s.startsWith("."))) return null;
  const file = path.join(root, ...segments);
  return file.startsWith(root + path.sep) ? file : null;
}

export function portalStatic(dir: string): (req: Request, res: Response, next: NextFunction) => void {
  const root = path.resolve(dir);
  const send = (res: Response, next: NextFunction, file: string, cacheControl: string) => {
    res.sendFile(
      file,
      {
        cacheControl: false,
        dotfiles: "allow",
        headers: { "Cache-Control": cacheControl, "X-Content-Type-Options": "nosniff" },
      },
      (error?: Error) => {
        if (error && !res.headersSent) next(error);
      },
    );
  };

  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || isApiPath(req.path)) {
      next();
      return;
    }
    void (async () => {
      const file = fileOf(root, req.path);
      if (file && (await statFile(file))) {
        send(res, next, file, req.path.startsWith("/assets/") ? IMMUTABLE : REVALIDATE);
        return;
      }
      // A missing hashed asset is a 404 (an old page asking for a replaced build), not the app.
      if (req.path.startsWith("/assets/")) {
        next();
        return;
      }
      const index = path.join(root, "index.html");
      if (!(await statFile(index))) {
        res.status(503).set("Cache-Control", "no-store").type("text/plain; charset=utf-8").send(PORTAL_NOT_BUILT);
        return;
      }
      send(res, next, index, REVALIDATE);
    })().catch(next);
  };
}
