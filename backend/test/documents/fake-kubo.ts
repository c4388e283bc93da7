/**
 * A stand-in for a Kubo node in tests (no Kubo binary here): an HTTP server implementing the three RPC
 * endpoints KuboDocumentStore calls (add, cat, pin/rm) over an in-memory pin set, answering errors the
 * way Kubo does, and recording every call.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { importEsm, type CidModule } from "../../src/documents/esm";

/** The few Kubo RPC endpoints KuboDocumentStore calls, over an in-memory pin set. */
export async function fakeKubo() {
  const { CID } = await importEsm<CidModule>("multiformats/cid");
  const pinned = new Map<string, Buffer>();
  const calls: { path: string; params: URLSearchParams }[] = [];
  let failCat = false;

  const fail = (res: http.ServerResponse, message: string) => {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ Message: message, Code: 0, Type: "error" }));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://kubo");
      calls.push({ path: url.pathname, params: url.searchParams });
      const body = Buffer.concat(chunks);
      if (req.method !== "POST") return fail(res, "Kubo's RPC API takes POST only");
      if (url.pathname === "/api/v0/add") {
        const boundary = /boundary=([^;]+)/.exec(req.headers["content-type"] ?? "")?.[1];
        if (!boundary) return fail(res, "no multipart boundary");
        const start = body.indexOf("\r\n\r\n") + 4;
        const end = body.indexOf(Buffer.from(`\r\n--${boundary}--`), start);
        const content = body.subarray(start, end);
        const digest = createHash("sha256").update(content).digest();
        // CIDv1, raw codec, sha2-256 multihash: what Kubo answers for a one-block file with raw leaves.
        const cid = CID.decode(Uint8Array.from([0x01, 0x55, 0x12, 0x20, ...digest]) as any).toString();
        if (url.searchParams.get("pin") === "true") pinned.set(cid, Buffer.from(content));
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(`${JSON.stringify({ Name: cid, Hash: cid, Size: String(content.length) })}\n`);
      }
      const arg = url.searchParams.get("arg") ?? "";
      if (url.pathname === "/api/v0/cat") {
        const content = pinned.get(arg);
        if (failCat || !content) return fail(res, `block was not found locally (offline): ipld: could not find ${arg}`);
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end(content);
      }
      if (url.pathname === "/api/v0/pin/rm") {
        if (!pinned.delete(arg)) return fail(res, "not pinned or pinned indirectly");
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ Pins: [arg] }));
      }
      return fail(res, `unknown command ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pinned,
    calls,
    failCatOnce(on: boolean) {
      failCat = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
