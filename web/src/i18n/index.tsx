/**
 * Languages of the portal: Simplified Chinese and English, switchable at any time and remembered in
 * the browser. Texts live in one dictionary per part of the portal (common.ts, and one per member
 * role); `t(key, params)` looks a key up in the current language, then in English, and fills `{name}`
 * placeholders. Amounts are integer minor units (2 decimals: fen, cents), formatted with BigInt so
 * that no amount ever passes through a floating-point number; dates use the locale's format.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import applications from "./applications";
import bank from "./bank";
import common from "./common";
import core from "./core";
import regulator from "./regulator";
import supplier from "./supplier";
import warehouse from "./warehouse";
import { LOCALES, type Dictionary, type Locale, type Messages } from "./types";

export type { Locale } from "./types";
export { LOCALES } from "./types";

/** Every dictionary, merged. A key defined twice is a mistake that the i18n test reports. */
export const DICTIONARIES: Record<string, Dictionary> = {
  common,
  supplier,
  applications,
  core,
  bank,
  warehouse,
  regulator,
};

function merge(locale: Locale): Messages {
  return Object.assign({}, ...Object.values(DICTIONARIES).map((d) => d[locale]));
}
const MESSAGES: Record<Locale, Messages> = { en: merge("en"), "zh-CN": merge("zh-CN") };

const STORAGE_KEY = "scf.locale";

function initialLocale(): Locale {
  const stored = typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null;
  if (stored && (LOCALES as string[]).includes(stored)) return stored as Locale;
  const browser = typeof navigator !== "undefined" ? navigator.language : "zh-CN";
  return browser.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** `key` in `locale` (then English, then the key itself) with `{name}` placeholders filled. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const text = MESSAGES[locale][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * An amount of integer minor units (2 decimals) in `currency`, per `locale`: "¥1,234.56" in zh-CN,
 * "CN¥1,234.56" in en. Negative amounts keep their sign. Exact for any size (BigInt).
 */
export function formatAmount(minor: string | bigint | number, currency: string, locale: Locale): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 100n;
  const cents = abs % 100n;
  const parts = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "symbol" }).formatToParts(
    negative ? -1 : 1,
  );
  const group = new Intl.NumberFormat(locale).format(1000).charAt(1) || ",";
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  const digits = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, group) + decimal + cents.toString().padStart(2, "0");
  return parts
    .map((p) => (p.type === "integer" ? digits : p.type === "fraction" || p.type === "decimal" ? "" : p.value))
    .join("");
}

/** Parses what a user typed as an amount ("1,234.5") into minor units, or null when it is not one. */
export function parseAmount(text: string): bigint | null {
  const clean = text.replace(/[,\s，]/g, "");
  const match = /^(\d{1,30})(?:[.。](\d{0,2}))?$/.exec(clean);
  if (!match) return null;
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? "").padEnd(2, "0") || "0");
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: string, params?: Record<string, string | number>): string;
  amount(minor: string | bigint | number, currency?: string): string;
  date(value: string | Date): string;
  dateTime(value: string | Date): string;
  number(value: number | bigint): string;
  percentBps(bps: number): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dateFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit" });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const numberFormat = new Intl.NumberFormat(locale);
    return {
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      amount: (minor, currency = "CNY") => formatAmount(minor, currency, locale),
      date: (v) => dateFormat.format(new Date(v)),
      dateTime: (v) => dateTimeFormat.format(new Date(v)),
      number: (v) => numberFormat.format(v),
      percentBps: (bps) =>
        new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's helpers. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
