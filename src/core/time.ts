/**
 * Wall-clock arithmetic in IANA timezones with nothing but Intl: local date and
 * time of an instant, and the instant of a local time (DST gaps move forward,
 * repeated hours take the first occurrence, like Temporal's 'compatible').
 */
import type { Weekday } from '../domain/types.js';
import { distance } from './search.js';
import { quote } from './safe.js';

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

/** A name shaped like a zone, short enough to look up (nothing is cached for it). */
function zoneShaped(tz: string): boolean {
  return tz.length <= 64 && (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(tz) || /^(UTC|GMT)$/i.test(tz));
}

export function isValidTimeZone(tz: string): boolean {
  if (!zoneShaped(tz.trim())) return false;
  try {
    canonicalName(tz.trim());
    return true;
  } catch {
    return false;
  }
}

let zoneList: string[] | null = null;
/** Every IANA zone name Intl lists, plus UTC. */
export function timeZoneNames(): readonly string[] {
  zoneList ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zoneList;
}

/**
 * The spelling of a valid timezone name to store and show (case-insensitive
 * input), or null. A listed zone gets its listed spelling; an alias Intl also
 * accepts (CET, Asia/Kolkata, US/Eastern) is kept as the user wrote it, not
 * replaced by whatever zone Intl resolves it to (CET would become
 * Europe/Brussels, Asia/Kolkata Asia/Calcutta): see timeZoneNote().
 */
export function canonicalTimeZone(tz: string): string | null {
  if (!isValidTimeZone(tz)) return null;
  const t = tz.trim();
  const listed = timeZoneNames().find((z) => z.toLowerCase() === t.toLowerCase());
  if (listed) return listed;
  if (/^(utc|gmt|z)$/i.test(t)) return 'UTC';
  // Keep the alias, with conventional capitals: "cet" → "CET", "us/eastern" → "US/Eastern".
  // Each word title-cased, so every spelling of one alias is stored (and cached) once.
  const word = (w: string) => (w.length <= 3 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase());
  return t.includes('/') ? t.split('/').map((p) => p.split('_').map(word).join('_')).join('/') : t.toUpperCase();
}

/** For an alias, what clock it keeps ("same clock as Europe/Brussels, with summer time"); null for a listed zone. */
export function timeZoneNote(tz: string, at: number = Date.now()): string | null {
  if (timeZoneNames().includes(tz)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  const year = new Date(at).getUTCFullYear();
  const jan = offsetMinutes(Date.UTC(year, 0, 15), tz);
  const jul = offsetMinutes(Date.UTC(year, 6, 15), tz);
  const fmt = (m: number) => `UTC${m < 0 ? '−' : '+'}${pad(Math.floor(Math.abs(m) / 60))}:${pad(Math.abs(m) % 60)}`;
  if (jan === jul) return `${tz} is an alias: ${fmt(jan)} all year, no daylight saving (same clock as ${resolved})`;
  return `${tz} is an alias: same clock as ${resolved}, ${fmt(Math.min(jan, jul))} with daylight saving to ${fmt(Math.max(jan, jul))}`;
}

const ZONE_ABBREVIATIONS: Record<string, string> = {
  pst: 'America/Los_Angeles', pdt: 'America/Los_Angeles', pt: 'America/Los_Angeles',
  mst: 'America/Denver', mdt: 'America/Denver', mt: 'America/Denver',
  cst: 'America/Chicago', cdt: 'America/Chicago', ct: 'America/Chicago',
  edt: 'America/New_York', et: 'America/New_York',
  bst: 'Europe/London', ist: 'Asia/Kolkata', cest: 'Europe/Berlin', aest: 'Australia/Sydney', jst: 'Asia/Tokyo',
};

/** The zone a mistyped or partial name most likely meant: "berlin" → Europe/Berlin, "new_yrok" → America/New_York. */
export function suggestTimeZone(input: string): string | undefined {
  const q = input.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!q) return undefined;
  if (ZONE_ABBREVIATIONS[q]) return ZONE_ABBREVIATIONS[q];
  const city = (z: string) => z.toLowerCase().split('/').pop()!;
  const names = timeZoneNames().filter((z) => z.includes('/') && !z.startsWith('Etc/'));
  const exact = names.find((z) => city(z) === q || z.toLowerCase() === q);
  if (exact) return exact;
  const max = q.length <= 4 ? 1 : q.length <= 8 ? 2 : 3;
  let best: { z: string; d: number } | undefined;
  for (const z of names) {
    const d = Math.min(distance(q, city(z), max), distance(q, z.toLowerCase(), max));
    if (d <= max && (!best || d < best.d)) best = { z, d };
  }
  return best?.z;
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

// ---- diagnosing a time or timezone typed in free text (/daily set, /plan nudge)

/** "9am" → "09:00", "9pm" → "21:00", "9.30" → "09:30"; undefined when it cannot be a time of day. */
export function suggestTime(t: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(?:([ap])\.?m\.?)?$/i.exec(t.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = m[2] ?? '00';
  if (Number(min) > 59) return undefined;
  const ampm = m[3]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'p' && h < 12) h += 12;
    if (ampm === 'a' && h === 12) h = 0;
  }
  return h <= 23 ? `${pad(h)}:${min}` : undefined;
}

export function timeProblem(t: string): string | undefined {
  if (!/^\d{1,2}(?:[:.h]\d{0,2})?\s*(?:[ap]\.?m\.?)?$/i.test(t.trim())) return undefined;
  return `“${quote(t)}” is not a time: use 24-hour HH:MM, e.g. ${suggestTime(t) ?? '09:00'}`;
}

export function timeZoneProblem(t: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(t) || /^(mon|tue|wed|thu|fri|sat|sun|week|work|daily|every)/i.test(t)) return undefined;
  const near = suggestTimeZone(t);
  if (near) return `“${quote(t)}” is not a timezone. Did you mean ${near}?`;
  if (t.includes('/')) return `“${quote(t)}” is not a timezone: use an IANA name like Europe/Berlin or America/New_York`;
  return undefined;
}

/** Entries in the formatter cache (for the memory-bound test). */
export function formatterCacheSize(): number {
  return fmtCache.size;
}
