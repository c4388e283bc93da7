/**
 * Test fixtures of the documents feature: distinctive sample documents of each accepted type (at least
 * 64 bytes, unique per call) and a listing of the blockstore's files.
 */
import fs from "node:fs";
import path from "node:path";
import { hexlify, randomBytes } from "ethers";

/** Every file under `dir` (the blockstore's blocks), absolute paths. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------------

let serial = 0;
function marker(label: string, repeat = 4): string {
  serial += 1;
  const unique = `${label}#${serial}:${hexlify(randomBytes(12))}`;
  return Array.from({ length: repeat }, (_, i) => `${unique} line ${i} of a confidential trade document;`).join("\n");
}

export function pdf(label = "pdf", extraBytes = 0): Uint8Array {
  const head = Buffer.from(`%PDF-1.7\n% ${marker(label)}\n`);
  const filler = Buffer.from(marker(`${label}-body`, Math.ceil(extraBytes / 80) + 1)).subarray(0, extraBytes);
  return Buffer.concat([head, filler, Buffer.from("\n%%EOF\n")]);
}

export function png(label = "png"): Uint8Array {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.from([
    0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  ]);
  return Buffer.concat([signature, ihdr, Buffer.from(`tEXt${marker(label)}`)]);
}

export function jpeg(label = "jpeg"): Uint8Array {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from(`JFIF\0${marker(label)}`),
    Buffer.from([0xff, 0xd9]),
  ]);
}
