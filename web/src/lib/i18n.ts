import { messages, type Messages } from '../../../shared/i18n/index.ts';
import { locales, pickText, type Locale, type LocalizedText } from '../../../shared/locale.ts';

export { locales, messages, pickText, type Locale, type LocalizedText, type Messages };

/** The same page in another language: only the first path segment changes; the query stays. */
export function pathInLocale(url: Pick<URL, 'pathname' | 'search'>, locale: Locale): string {
  const [, , ...rest] = url.pathname.split('/');
  return `/${[locale, ...rest].join('/')}${url.search}`;
}
