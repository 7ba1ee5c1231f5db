/**
 * Compact action ids carried by buttons: `<command>:<verb>:<arg>…`, at most
 * 100 characters (Discord's custom_id). One parser for every platform.
 */
import { ACTION_ID_MAX } from './limits.js';

export interface ParsedAction {
  command: string;
  verb: string;
  args: string[];
}

const SEGMENT = /^[A-Za-z0-9_.~%=&+-]*$/;

export function parseActionId(id: string): ParsedAction | null {
  if (!id || id.length > ACTION_ID_MAX) return null;
  const parts = id.split(':');
  if (parts.length < 2) return null;
  const [command, verb, ...args] = parts as [string, string, ...string[]];
  if (!/^[a-z][a-z0-9_-]*$/.test(command) || !/^[a-z][a-z0-9_-]*$/.test(verb)) return null;
  if (!args.every((a) => SEGMENT.test(a))) return null;
  return { command, verb, args };
}

export function actionId(command: string, verb: string, ...args: string[]): string {
  return [command, verb, ...args].join(':');
}
