/** Console output for the demo: numbered steps, indented details, nothing secret. */
let step = 0;

export function heading(text: string): void {
  console.log(`\n${text}\n${'='.repeat(text.length)}`);
}

export function stepTitle(text: string): void {
  step += 1;
  console.log(`\n${step}. ${text}`);
}

export function detail(label: string, value: unknown): void {
  console.log(`   ${label.padEnd(18)} ${format(value)}`);
}

export function note(text: string): void {
  console.log(`   · ${text}`);
}

function format(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'bigint') return value.toString();
  // bigint is how 64-bit ids arrive (1688 order ids exceed 2^53); print their digits.
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
