/** `what` names the value in the error, e.g. 'setClockOffset: ms'. */
export function requireFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${what} must be a finite number`);
  }
  return value;
}
