/**
 * The `pandapon` command. Today one subcommand: `pandapon doctor [--json]`.
 * Exit codes: 0 a working configuration was found; 1 none was; 2 bad usage or missing settings.
 */
import { DEFAULT_BASE_URL } from '@pandapon/client-core';
import { type DoctorReport, runDoctor } from './doctor.js';

const USAGE = `usage: pandapon doctor [--json]

Finds a signing configuration the PandaPon API accepts (timestamp unit, clock offset) with at
most three read-only requests. Reads PANDAPON_ACCESS_KEY, PANDAPON_ACCESS_SECRET,
PANDAPON_USER_ID and optionally PANDAPON_BASE_URL (default ${DEFAULT_BASE_URL}).`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  fetch?: (request: Request) => Promise<Response>;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const asksForHelp = (argument: string | undefined) =>
    argument === '--help' || argument === '-h' || argument === 'help';
  if (command === undefined || asksForHelp(command)) {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'doctor') {
    io.err(`pandapon: unknown command "${command.slice(0, 40)}"\n${USAGE}`);
    return 2;
  }
  if (rest.some(asksForHelp)) {
    io.out(USAGE);
    return 0;
  }
  const json = rest.includes('--json');
  const unknown = rest.filter((argument) => argument !== '--json');
  if (unknown.length > 0) {
    io.err(`pandapon doctor: unknown argument "${String(unknown[0]).slice(0, 40)}"\n${USAGE}`);
    return 2;
  }
  const missing = ['PANDAPON_ACCESS_KEY', 'PANDAPON_ACCESS_SECRET', 'PANDAPON_USER_ID'].filter(
    (name) => !io.env[name],
  );
  if (missing.length > 0) {
    io.err(
      `pandapon doctor: set ${missing.join(', ')} (your PandaPon credentials) in the environment.`,
    );
    return 2;
  }
  let report: DoctorReport;
  try {
    report = await runDoctor({
      accessKey: io.env.PANDAPON_ACCESS_KEY as string,
      accessSecret: io.env.PANDAPON_ACCESS_SECRET as string,
      userId: io.env.PANDAPON_USER_ID as string,
      baseUrl: io.env.PANDAPON_BASE_URL || undefined,
      fetch: io.fetch,
    });
  } catch (error) {
    // Our own validation errors (bad base URL, bad header value); they name fields, not values.
    io.err(`pandapon doctor: ${error instanceof Error ? error.message : 'failed'}`);
    return 2;
  }
  io.out(json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.signatureAccepted ? 0 : 1;
}

export function formatReport(report: DoctorReport): string {
  const lines = [`PandaPon doctor — ${report.baseUrl} (${report.operation}, read-only)`, ''];
  for (const attempt of report.attempts) {
    const outcome =
      attempt.code !== null
        ? `code ${attempt.code}${attempt.msg ? ` (${attempt.msg})` : ''}`
        : (attempt.problem ?? 'no envelope');
    lines.push(
      `  ${attempt.accepted ? '✓' : '✗'} timestamp in ${attempt.timestampUnit}, clock offset ${attempt.clockOffsetMs} ms → HTTP ${attempt.httpStatus ?? '-'}, ${outcome}`,
    );
  }
  lines.push('', ...report.diagnosis.map((line) => `  ${line}`), '');
  if (report.signatureAccepted) {
    const options = Object.entries(report.clientOptions);
    lines.push(
      options.length === 0
        ? 'Use the default client options: nothing to set.'
        : `Use these client options: { ${options.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')} }`,
    );
  } else {
    lines.push('No working configuration found.');
  }
  return lines.join('\n');
}
