/**
 * Result codes the sandbox puts in the envelope's `code` when it refuses a request. PandaPon's
 * own error-code page is not in our copies, so these numbers are the sandbox's: clients should
 * branch on "code !== 200", not on these values. Every refusal is HTTP 200 (as the platform
 * answers) except the unknown-route and injected-fault ones.
 */
export const SANDBOX_CODES = {
  /** Success, as on the platform. */
  OK: 200,
  /** A parameter or the body does not match the operation's schema; `msg` names the field. */
  VALIDATION_FAILED: 40001,
  /**
   * Strict mode (the default): the body has a key the operation's spec does not document, e.g.
   * a misspelt field; `msg` names it. Not a PandaPon code: the platform ignores unknown keys.
   */
  UNDOCUMENTED_FIELD: 40002,
  /** A system header is missing; `msg` names it. */
  MISSING_HEADER: 40101,
  /** `timestamp` is not a number or more than 600 s away from the sandbox clock. */
  TIMESTAMP_OUT_OF_WINDOW: 40102,
  /** `signature` is not upper-hex MD5(accessKey + timestamp + nonceStr + accessSecret). */
  SIGNATURE_MISMATCH: 40103,
  /** This `nonce-str` was already used with this access key inside the 600 s window. */
  NONCE_REPLAYED: 40104,
  /** `access-key` is not one the sandbox was configured with. */
  UNKNOWN_ACCESS_KEY: 40105,
  /** Warehouse-logistics call without query `timestamp`/`sign` equal to the header values. */
  LOGISTICS_QUERY_SIGN: 40106,
  /** No operation in the specs has this method and path (HTTP 404). */
  UNKNOWN_OPERATION: 40401,
  /** The order, refund, cart line or address referred to does not exist for this user. */
  NOT_FOUND: 40402,
  /** The entity is in a state that forbids the call (e.g. cancelling a paid order). */
  STATE_CONFLICT: 40901,
  /** A fault rule answered with an HTTP 5xx status. */
  INJECTED_FAULT: 50001,
  /** A bug in the sandbox itself (HTTP 500). */
  INTERNAL_ERROR: 50000,
} as const;

export type SandboxCode = (typeof SANDBOX_CODES)[keyof typeof SANDBOX_CODES];

/** The platform's success message. */
export const SUCCESS_MSG = '成功';
