/**
 * Wall-clock arithmetic in IANA timezones with nothing but Intl: local date and
 * time of an instant, and the instant of a local time (DST gaps move forward,
 * repeated hours take the first occurrence, like Temporal's 'compatible').
 */
import type { Weekday } from '../domain/types.js';

export const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
export const WEEKDAY_ORDER: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Formatters by canonical zone name only (validated before caching), at most
 * FMT_CACHE_MAX of them: user input cannot grow it with spelling variants.
 */
const FMT_CACHE_MAX = 512;
const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    const canonical = canonicalName(tz);
    f = fmtCache.get(canonical);
    if (f) return f;
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (fmtCache.size >= FMT_CACHE_MAX) fmtCache.delete(fmtCache.keys().next().value!);
    fmtCache.set(canonical, f);
  }
  return f;
}

/** The zone's canonical name; throws RangeError for an unknown zone (nothing is cached then). */
function canonicalName(tz: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
}

export function isValidTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== null;
}

/** The canonical spelling of a timezone name (case-insensitive input), or null. Caches nothing. */
export function canonicalTimeZone(tz: string): string | null {
  if (tz.length > 64) return null;
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(tz) && !/^(UTC|GMT)$/i.test(tz)) return null;
  try {
    return canonicalName(tz);
  } catch {
    return null;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(at: Date | number, tz: string): LocalParts {
  const parts = fmt(tz).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of the zone from UTC at an instant, in minutes (Berlin summer: +120). */
export function offsetMinutes(at: number, tz: string): number {
  const p = localParts(at, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60000);
}

export function localDate(at: Date | number, tz: string): string {
  const p = localParts(at, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 'YYYY-MM-DD' → weekday of that calendar date. */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The instant when the wall clock in `tz` shows `date` `time` (HH:MM). */
export function zonedInstant(date: string, time: string, tz: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const before = offsetMinutes(wall - 36 * 3600_000, tz);
  const after = offsetMinutes(wall + 36 * 3600_000, tz);
  const candidates = [...new Set([before, after])]
    .map((o) => wall - o * 60_000)
    .filter((t) => offsetMinutes(t, tz) * 60_000 === wall - t)
    .sort((a, b) => a - b);
  // Repeated hour (fall back): the first occurrence. Gap (spring forward): shift by the gap.
  return candidates[0] ?? wall - before * 60_000;
}

export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export const TIME_RE = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function normaliseTime(s: string): string | null {
  const m = TIME_RE.exec(s.trim());
  return m ? `${pad(Number(m[1]))}:${m[2]}` : null;
}

/** 'weekdays', 'daily', 'weekends', 'mon,wed,fri', 'mon-fri' → weekdays; null when not understood. */
export function parseDays(s: string): Weekday[] | null {
  const t = s.trim().toLowerCase();
  if (['weekdays', 'workdays', 'mon-fri'].includes(t)) return ['mon', 'tue', 'wed', 'thu', 'fri'];
  if (['daily', 'everyday', 'every-day', 'all', 'mon-sun'].includes(t)) return [...WEEKDAY_ORDER];
  if (['weekends', 'weekend'].includes(t)) return ['sat', 'sun'];
  const out = new Set<Weekday>();
  for (const part of t.split(/[,+]/)) {
    const range = /^([a-z]{3})[a-z]*-([a-z]{3})[a-z]*$/.exec(part);
    if (range) {
      const a = WEEKDAY_ORDER.indexOf(range[1] as Weekday);
      const b = WEEKDAY_ORDER.indexOf(range[2] as Weekday);
      if (a < 0 || b < 0 || b < a) return null;
      WEEKDAY_ORDER.slice(a, b + 1).forEach((d) => out.add(d));
      continue;
    }
    const day = /^([a-z]{3})[a-z]*$/.exec(part);
    const w = day && WEEKDAY_ORDER.find((d) => d === day[1]);
    if (!w) return null;
    out.add(w);
  }
  return out.size ? WEEKDAY_ORDER.filter((d) => out.has(d)) : null;
}

export function describeDays(days: readonly Weekday[]): string {
  const key = WEEKDAY_ORDER.filter((d) => days.includes(d)).join(',');
  if (key === 'mon,tue,wed,thu,fri') return 'weekdays';
  if (key === WEEKDAY_ORDER.join(',')) return 'every day';
  if (key === 'sat,sun') return 'weekends';
  return WEEKDAY_ORDER.filter((d) => days.includes(d)).map((d) => d[0]!.toUpperCase() + d.slice(1)).join(', ');
}

/** Entries in the formatter cache (for the memory-bound test). */
export function formatterCacheSize(): number {
  return fmtCache.size;
}
