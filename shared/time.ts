import { TZDate } from '@date-fns/tz';
import type { Locale } from './locale.ts';

/** Everything is stored in UTC and shown in the municipality's time zone. */
export const timeZone = 'Europe/Helsinki';

const dayStarts = new Map<string, number>();

/** The UTC instant at which a Helsinki calendar day (YYYY-MM-DD) begins; right across DST changes. */
export function startOfLocalDay(date: string): Date {
  // Time-zone arithmetic is slow and search asks for the same few hundred days again and again.
  let start = dayStarts.get(date);
  if (start === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    start = new TZDate(y, m - 1, d, timeZone).getTime();
    if (dayStarts.size > 10_000) dayStarts.clear();
    dayStarts.set(date, start);
  }
  return new Date(start);
}

/** The UTC instant at which the Helsinki day after `date` begins. */
export function endOfLocalDay(date: string): Date {
  return startOfLocalDay(addLocalDays(date, 1));
}

// Canadian English writes dates as YYYY-MM-DD.
const isoDateInHelsinki = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Helsinki calendar date of an instant, as YYYY-MM-DD. */
export function localDateOf(instant: Date): string {
  return isoDateInHelsinki.format(instant);
}

const intlLocale: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "ti 3.12.2026 klo 9.30–10.15": the end's date is repeated only when it differs. */
export function formatTimeRange(startIso: string, endIso: string, locale: Locale): string {
  const sameDay = localDateOf(new Date(startIso)) === localDateOf(new Date(endIso));
  const end = sameDay ? formatTime(endIso, locale) : formatDateTime(endIso, locale);
  return `${formatDateTime(startIso, locale)}–${end}`;
}

export function formatPrice(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
}

export function languageName(code: string, locale: Locale): string {
  return new Intl.DisplayNames([intlLocale[locale]], { type: 'language' }).of(code) ?? code;
}

/** Calendar arithmetic on YYYY-MM-DD dates, independent of the machine's time zone. */
export function addLocalDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A Helsinki wall-clock time as typed in a time field: HH:MM, 00:00–23:59. */
export const localTimePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The UTC instant (ISO) of a Helsinki date (YYYY-MM-DD) and wall-clock time (HH:MM), right
 * across daylight-saving changes. A time the spring change skips (03:30 on the last Sunday of
 * March) lands an hour later, as the clocks do; the hour the autumn change repeats is read as
 * the second, winter-time one.
 */
export function helsinkiToUtc(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, h, min, timeZone).getTime()).toISOString();
}

const clockInHelsinki = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The Helsinki wall-clock time of an instant, as HH:MM (what a time field shows). */
export function localTimeOf(instant: Date): string {
  return clockInHelsinki.format(instant);
}

/** The instant `days` calendar days before `instant` at the same Helsinki wall-clock time. */
export function sameClockTimeDaysBefore(instant: Date, days: number): Date {
  const local = new TZDate(instant.getTime(), timeZone);
  local.setDate(local.getDate() - days);
  return new Date(local.getTime());
}

/** The hour (0–23) an instant falls on in Helsinki. */
export function helsinkiHourOf(instant: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(instant));
}
