// Entry point of the `pandapon` bin (see bin/pandapon.js): wires main() to the process.
import { main } from './cli.js';

main(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('pandapon: unexpected failure\n');
    process.exitCode = 2;
  },
);
