/** A dictionary of one part of the portal: the same keys in English and in Simplified Chinese. */
export type Messages = Record<string, string>;
export interface Dictionary {
  en: Messages;
  "zh-CN": Messages;
}
export type Locale = keyof Dictionary;
export const LOCALES: Locale[] = ["zh-CN", "en"];
