/**
 * Credentials from the environment, for options that leave them out: a server app configured
 * by environment variables creates its client with `createPandaPon()` and no secret in code.
 * Explicit options always win. Runtimes without `process.env` (browsers) read nothing.
 */
import type { CompleteOptions, PlatformClientOptions } from './options.js';

/** Option → the environment variable it falls back to. */
export const ENVIRONMENT_VARIABLES = {
  accessKey: 'PANDAPON_ACCESS_KEY',
  accessSecret: 'PANDAPON_ACCESS_SECRET',
  userId: 'PANDAPON_USER_ID',
  baseUrl: 'PANDAPON_BASE_URL',
} as const;

const REQUIRED = ['accessKey', 'accessSecret', 'userId'] as const;

function environment(): Record<string, string | undefined> {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined> } })
    .process;
  return process?.env ?? {};
}

/**
 * `options` with each missing credential (and base URL) filled in from its environment
 * variable; a TypeError naming both the option and the variable when a required one is in
 * neither. The values are never part of the message.
 */
export function withEnvironment(options: PlatformClientOptions | undefined): CompleteOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('PandaPon client: `options` must be an object.');
  }
  const env = environment();
  const filled: PlatformClientOptions = { ...options };
  for (const [option, variable] of Object.entries(ENVIRONMENT_VARIABLES) as [
    keyof typeof ENVIRONMENT_VARIABLES,
    string,
  ][]) {
    if (filled[option] !== undefined) continue;
    const value = env[variable];
    if (value !== undefined && value !== '') filled[option] = value;
  }
  for (const option of REQUIRED) {
    if (filled[option] === undefined) {
      throw new TypeError(
        `PandaPon client: \`${option}\` is missing: pass it in the options or set ${ENVIRONMENT_VARIABLES[option]} in the environment.`,
      );
    }
  }
  return filled as CompleteOptions;
}
