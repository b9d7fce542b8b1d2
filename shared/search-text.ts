/**
 * Free-text search by word prefix, the same for Finnish, Swedish and English: text is folded to
 * lower case without diacritics ("Äänimaisema", "AANIMAISEMA" and "äänimaisema" are one word),
 * split into words of letters and digits, and a query word matches any word it begins ("muse"
 * finds "Museon"). Endings are not stemmed: "kasvit" does not find "kasveja".
 */

/** Letters that carry no combining mark to strip, written as their usual Latin spelling. */
const spelledOut: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' };
const spelledOutPattern = /[ßæøœđðþłı]/g;

/** Lower case, diacritics removed (ä → a, å → a, é → e), compatibility forms unified (ﬁ → fi). */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(spelledOutPattern, (letter) => spelledOut[letter] ?? letter);
}

/** The folded words of a text: runs of letters and digits; everything else separates words. */
export function searchWords(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A query's words, each once, in the order written. */
export function queryWords(query: string): string[] {
  return [...new Set(searchWords(query))];
}

/** The first position in `sorted` (by code unit) whose value is not less than `value`: where words with a prefix begin. */
export function firstAtOrAfter(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
