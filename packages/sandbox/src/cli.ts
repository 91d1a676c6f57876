#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ACCESS_KEY_ENV, ACCESS_SECRET_ENV } from './credentials.js';
import { startSandbox } from './server.js';

const USAGE = `Usage: pandapon-sandbox [options]

A local PandaPon OpenAPI sandbox (not part of PandaPon).

Options:
  --port <n>                  port to listen on (default 4010; 0 picks a free one)
  --host <addr>               interface to bind (default 127.0.0.1)
  --public-url <url>          origin put into pay URLs (default: the listening URL)
  --state-file <path>         keep state in this JSON file across restarts
  --callback-url <url>        POST signed callback messages here
  --callback-retry-interval-ms <n>
                              delay between callback retries (default 1800000, 30 min)
  --specs-dir <dir>           serve bundled <platform>.json specs from this directory
  --allow-undocumented-fields accept body keys the specs do not document (default: refuse, 40002)
  --timestamp-unit <ms|s>     accept only this timestamp unit (default: both, told apart by size)
  --clock-skew-ms <n>         run the sandbox clock n ms off (negative: behind)
  --extra-fields              add invented fields the specs do not have to some answers
  --quiet                     do not log requests
  -h, --help                  show this help

Credentials: ${ACCESS_KEY_ENV} and ${ACCESS_SECRET_ENV}, else the default
test pair (access key "sandbox-access-key", secret "sandbox-access-secret"). Any user-id.`;

function fail(message: string): never {
  console.error(`pandapon-sandbox: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function signedIntegerOption(name: string, value: string): number {
  if (!/^-?\d+$/.test(value)) fail(`--${name} must be an integer, got "${value}"`);
  return Number(value);
}

function unitOption(value: string): 'ms' | 's' {
  if (value !== 'ms' && value !== 's') fail(`--timestamp-unit must be "ms" or "s", got "${value}"`);
  return value;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions();
  } catch (error) {
    fail((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const quiet = values.quiet === true;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({
      port: integerOption('port', values.port) ?? 4010,
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values['public-url'] !== undefined ? { publicUrl: values['public-url'] } : {}),
      ...(values['state-file'] !== undefined ? { stateFile: values['state-file'] } : {}),
      ...(values['callback-url'] !== undefined ? { callbackUrl: values['callback-url'] } : {}),
      ...(values['callback-retry-interval-ms'] !== undefined
        ? {
            callbackRetryIntervalMs: integerOption(
              'callback-retry-interval-ms',
              values['callback-retry-interval-ms'],
            ),
          }
        : {}),
      ...(values['specs-dir'] !== undefined ? { specsDir: values['specs-dir'] } : {}),
      ...(values['allow-undocumented-fields'] ? { rejectUndocumentedFields: false } : {}),
      ...(values['timestamp-unit'] !== undefined
        ? { timestampUnit: unitOption(values['timestamp-unit']) }
        : {}),
      ...(values['clock-skew-ms'] !== undefined
        ? { clockSkewMs: signedIntegerOption('clock-skew-ms', values['clock-skew-ms']) }
        : {}),
      ...(values['extra-fields'] ? { extraFields: true } : {}),
      ...(quiet ? {} : { log: (line: string) => console.log(line) }),
    });
  } catch (error) {
    console.error(`pandapon-sandbox: ${(error as Error).message}`);
    process.exit(1);
  }
  // The secret is never printed; the README documents the default one.
  console.log(
    `PandaPon sandbox listening on ${sandbox.url}\n` +
      `  operations: ${sandbox.operations.length} (${sandbox.operations.filter((op) => op.stateful).length} stateful)\n` +
      `  access keys: ${sandbox.accessKeys.join(', ')}\n` +
      `  admin: ${sandbox.url}/__sandbox (not part of PandaPon)`,
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parseOptions() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      'state-file': { type: 'string' },
      'callback-url': { type: 'string' },
      'callback-retry-interval-ms': { type: 'string' },
      'specs-dir': { type: 'string' },
      'allow-undocumented-fields': { type: 'boolean' },
      'timestamp-unit': { type: 'string' },
      'clock-skew-ms': { type: 'string' },
      'extra-fields': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

void main();
