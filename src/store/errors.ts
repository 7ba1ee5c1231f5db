/**
 * Database errors in words an operator can act on. Messages name DATABASE_URL and
 * the server (host:port/database) but never the user's password.
 */

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** PostgreSQL SQLSTATEs meaning "the server is going away or not accepting work now" (classes 08, 57P0x, 53300). */
const UNAVAILABLE_STATES = /^(08|57P0|53300)/;

interface Coded {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

const codeOf = (e: unknown): string => {
  const c = e as Coded | null;
  if (c && typeof c.code === 'string') return c.code;
  // An AggregateError (IPv4 and IPv6 both refused) carries the codes of its parts.
  if (c && Array.isArray(c.errors)) for (const x of c.errors) if (typeof (x as Coded)?.code === 'string') return String((x as Coded).code);
  return '';
};

/** True when the database cannot be reached right now (a retry later may work): answer "try again in a moment". */
export function isStoreUnavailable(e: unknown): boolean {
  const code = codeOf(e);
  if (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.test(code)) return true;
  const msg = e instanceof Error ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|database is locked|SQLITE_BUSY/i.test(msg);
}

/** host:port/database of a postgres URL, without user or password; null when it is not one. */
export function describeDatabaseUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return null;
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : '/'}`;
  } catch {
    return null;
  }
}

/** A start-up message for a database error: names DATABASE_URL and the problem, never the password. */
export function explainStartupError(e: unknown, url: string | undefined): string {
  const where = url ? describeDatabaseUrl(url) ?? 'the configured server' : null;
  const code = codeOf(e);
  const raw = e instanceof Error ? e.message : String(e);
  const msg = url ? scrub(raw, url) : raw;
  if (!url) return `DATABASE_PATH: cannot open or migrate the SQLite database: ${msg}`;
  if (code === '28P01' || code === '28000') return `DATABASE_URL: the server at ${where} refused the credentials (wrong user or password).`;
  if (code === '3D000') return `DATABASE_URL: the database in ${where} does not exist; create it first (createdb) or fix the name.`;
  if (CONNECTION_CODES.has(code) || /timeout exceeded when trying to connect|Connection terminated/i.test(raw))
    return `DATABASE_URL: cannot reach the database server at ${where} (${code || 'connection timed out'}). Is it running and reachable from here?`;
  if (code === '42501') return `DATABASE_URL: the database at ${where} refused the migration (permission denied): ${msg}. Grant the user CREATE on the database or run "npm run migrate" as its owner.`;
  if (code) return `DATABASE_URL: the database at ${where} refused the migration (${code}): ${msg}. Nothing was changed.`;
  return `DATABASE_URL: could not use the database at ${where}: ${msg}`;
}

/** Removes a URL's password (and the URL itself) from a message. */
function scrub(message: string, url: string): string {
  let out = message.split(url).join('DATABASE_URL');
  try {
    const pw = decodeURIComponent(new URL(url).password);
    if (pw) out = out.split(pw).join('***');
  } catch {
    /* not a URL: nothing to scrub */
  }
  return out;
}
