/**
 * Start-up failures that the operator fixes in the environment: each names the
 * variable, says what went wrong and what to do, and main() prints only that
 * (no stack trace) before exiting 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Error codes along an error's `cause` chain (fetch and undici wrap the socket error). */
function codes(e: unknown): string[] {
  const out: string[] = [];
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 6; x = (x as { cause?: unknown }).cause, depth++) {
    const c = (x as { code?: unknown }).code;
    if (typeof c === 'string') out.push(c);
    const orig = (x as { original?: unknown }).original;
    if (orig && typeof orig === 'object') out.push(...codes(orig));
  }
  return out;
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

/** "connection refused" when an error is a failure to reach a host; undefined otherwise. */
export function networkFailure(e: unknown): string | undefined {
  for (const c of codes(e)) if (NETWORK[c]) return NETWORK[c];
  const msg = e instanceof Error ? e.message : '';
  if (/fetch failed|aborted due to timeout|socket hang up/i.test(msg)) return msg.toLowerCase();
  return undefined;
}

/** Why the SQLite file at DATABASE_PATH could not be opened, in the operator's terms. */
export function databaseError(path: string, e: unknown): StartupError {
  const c = codes(e);
  const has = (...xs: string[]) => xs.some((x) => c.includes(x));
  const where = `DATABASE_PATH: ${path}`;
  let why: string;
  if (has('EEXIST', 'ENOTDIR')) why = 'part of this path is a file, not a folder, so the database cannot go there. Point DATABASE_PATH at a file inside a folder, e.g. ./var/careerbot.db';
  else if (has('EACCES', 'EPERM')) why = 'no permission to create or write here. Give the bot write access to the folder, or point DATABASE_PATH somewhere writable';
  else if (has('EROFS')) why = 'is on a read-only file system. Point DATABASE_PATH at a writable location (a volume in Docker)';
  else if (c.some((x) => x.startsWith('SQLITE_READONLY'))) why = 'the database file (or its folder) is read-only. Make both writable for the bot, or point DATABASE_PATH elsewhere';
  else if (has('SQLITE_NOTADB')) why = 'is not a SQLite database. Point DATABASE_PATH at a new file (it is created on first start) or at a careerbot database';
  else if (has('SQLITE_CORRUPT')) why = 'the database file is damaged. Restore a backup, or move it aside to start with a new one';
  else if (has('SQLITE_CANTOPEN')) why = 'cannot be opened or created. Check that its folder exists and the bot may write there';
  else if (has('SQLITE_FULL', 'ENOSPC')) why = 'the disk is full';
  else why = `cannot be used (${e instanceof Error ? e.message : String(e)})`;
  return new StartupError(`${where}: ${why}.`);
}
