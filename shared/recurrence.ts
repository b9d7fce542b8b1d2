import { TZDate } from '@date-fns/tz';
import { localDateOf, timeZone } from './time.ts';

/** The most occurrences one weekly series may create: a school year of weekly visits, with room. */
export const maxWeeklySeries = 60;

export type TimeSpan = { start: string; end: string };

/**
 * A weekly series: `first`, then the same Helsinki clock times every 7 days, while the start
 * falls on or before `until` (a Helsinki date). Across a daylight-saving change the clock time
 * stays (09:00 stays 09:00, so the UTC time moves an hour). Stops after `limit` occurrences, so
 * a caller can ask for one more than it allows to learn the series is too long.
 */
export function weeklySeries(first: TimeSpan, until: string, limit = maxWeeklySeries): TimeSpan[] {
  const start = new TZDate(Date.parse(first.start), timeZone);
  const end = new TZDate(Date.parse(first.end), timeZone);
  const series: TimeSpan[] = [];
  for (let week = 0; series.length < limit; week++) {
    const s = new TZDate(start.getTime(), timeZone);
    s.setDate(start.getDate() + 7 * week);
    if (localDateOf(s) > until) break;
    const e = new TZDate(end.getTime(), timeZone);
    e.setDate(end.getDate() + 7 * week);
    series.push({ start: new Date(s.getTime()).toISOString(), end: new Date(e.getTime()).toISOString() });
  }
  return series;
}
