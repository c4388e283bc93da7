/** Texts of the financing application pages. */
import type { Dictionary } from "./types";

const dictionary: Dictionary = {
  en: {},
  "zh-CN": {},
};
export default dictionary;
