import * as z from 'zod';

/** The languages of the service itself: every page, email and error title exists in each. */
export const locales = ['fi', 'sv', 'en'] as const;
export const locale = z.enum(locales);
export type Locale = z.infer<typeof locale>;
export const defaultLocale: Locale = 'fi';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Picks the best service language from an Accept-Language header (RFC 9110 §12.5.4).
 * "sv-FI" counts as "sv"; anything we do not speak falls back to Finnish.
 */
export function pickLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return defaultLocale;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { primary: tag.toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.primary).find(isLocale) ?? defaultLocale;
}

/** Text a provider writes in one or more of the service languages; at least one is required. */
export function localizedText(maxLength: number) {
  const text = z.string().trim().min(1).max(maxLength);
  return z
    .object({ fi: text.optional(), sv: text.optional(), en: text.optional() })
    .refine((value) => locales.some((l) => value[l] !== undefined), { error: 'atLeastOneLanguage' });
}
export type LocalizedText = Partial<Record<Locale, string>>;

/** Fallback order when a text is missing in the reader's language: Finnish, Swedish, English. */
const fallbackOrder: Record<Locale, Locale[]> = {
  fi: ['fi', 'sv', 'en'],
  sv: ['sv', 'fi', 'en'],
  en: ['en', 'fi', 'sv'],
};

/** The text in the reader's language, or the nearest one, with the language it is in (for `lang=`). */
export function pickText(text: LocalizedText | undefined, reader: Locale): { text: string; lang: Locale } {
  for (const l of fallbackOrder[reader]) {
    const value = text?.[l];
    if (value) return { text: value, lang: l };
  }
  return { text: '', lang: reader };
}
