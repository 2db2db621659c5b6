// 姓氏笔画 order for published candidate lists (domain §2 stage 8/12, CXQ announcement 8).
//
// ICU's stroke collation orders by stroke count, character by character. Within the same stroke count it
// falls back to radical order, not to the 横竖撇点折 first-stroke rule some printed lists use, so
// 张 (7) sorts before 李 (7). ICU data can also differ between runtimes, so sort on the server, where
// the Node ICU version is fixed, and never in the browser.

const collator = new Intl.Collator("zh-u-co-stroke");

/** Compares two names in stroke order. Strings the collator calls equal are ordered by code units so the result is stable. */
export function compareByStroke(a: string, b: string): number {
  const c = collator.compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy; the input array is left alone. */
export function sortByStroke<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((x, y) => compareByStroke(key(x), key(y)));
}
