import { describe, expect, it } from "vitest";
import { DICTIONARIES, formatAmount, parseAmount, translate } from ".";

describe("dictionaries", () => {
  it("have the same keys in English and Chinese, in every part", () => {
    for (const [part, d] of Object.entries(DICTIONARIES)) {
      expect(Object.keys(d["zh-CN"]).sort(), part).toEqual(Object.keys(d.en).sort());
      for (const [key, text] of Object.entries(d["zh-CN"])) expect(text.trim(), `${part} ${key}`).not.toBe("");
    }
  });
  it("define each key in one part only", () => {
    const seen = new Map<string, string>();
    for (const [part, d] of Object.entries(DICTIONARIES)) {
      for (const key of Object.keys(d.en)) {
        expect(seen.get(key), `${key} in ${part}`).toBeUndefined();
        seen.set(key, part);
      }
    }
  });
  it("fills placeholders and falls back to the key", () => {
    expect(translate("en", "no.such.key")).toBe("no.such.key");
    expect(translate("zh-CN", "common.loading")).toBe("加载中…");
  });
});

describe("amounts", () => {
  it("format integer minor units exactly, per locale", () => {
    expect(formatAmount("123456789012345678901", "CNY", "en")).toBe("CN¥1,234,567,890,123,456,789.01");
    expect(formatAmount(5n, "CNY", "zh-CN")).toBe("¥0.05");
    expect(formatAmount(-150, "USD", "en")).toBe("-$1.50");
  });
  it("parse what users type, and refuse what is not an amount", () => {
    expect(parseAmount("1,234.5")).toBe(123450n);
    expect(parseAmount("0.01")).toBe(1n);
    expect(parseAmount("12")).toBe(1200n);
    for (const bad of ["", "1.234", "-5", "abc", "1e5", "1.2.3"]) expect(parseAmount(bad), bad).toBeNull();
  });
});
