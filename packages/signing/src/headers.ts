// Marked pure so bundles that do not use it drop it.
/**
 * The system headers PandaPon reads on every call, in the order the manual lists them. The one
 * list: the client, the sandbox and the callbacks package import it rather than spell it again.
 */
export const SYSTEM_HEADERS = /* @__PURE__ */ Object.freeze([
  'access-key',
  'timestamp',
  'nonce-str',
  'user-id',
  'signature',
] as const);

/** One of the five system header names. */
export type SystemHeader = (typeof SYSTEM_HEADERS)[number];

/** True when `name` (any case) is one of the system headers, which the signer alone sets. */
export function isSystemHeader(name: string): boolean {
  return (SYSTEM_HEADERS as readonly string[]).includes(name.toLowerCase());
}
