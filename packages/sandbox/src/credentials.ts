import { timingSafeEqual } from 'node:crypto';
import { sign, signCallbackBody } from '@pandapon/signing';

/** An access key and its secret, as the PandaPon console issues them. */
export interface SandboxCredential {
  accessKey: string;
  accessSecret: string;
}

/**
 * The pair the sandbox accepts when neither options nor environment name one. Public on
 * purpose: it is a test credential for a local server and guards nothing.
 */
export const SANDBOX_DEFAULT_CREDENTIALS: Readonly<SandboxCredential> = Object.freeze({
  accessKey: 'sandbox-access-key',
  accessSecret: 'sandbox-access-secret',
});

export const ACCESS_KEY_ENV = 'PANDAPON_SANDBOX_ACCESS_KEY';
export const ACCESS_SECRET_ENV = 'PANDAPON_SANDBOX_ACCESS_SECRET';

export type SignatureCheck = 'ok' | 'mismatch' | 'lowercase';

/**
 * The configured credentials behind methods only: secrets live in this closure and never on an
 * object, so no log line, error, JSON.stringify or util.inspect of sandbox objects can show one.
 */
export interface CredentialStore {
  readonly accessKeys: readonly string[];
  readonly source: 'options' | 'environment' | 'default';
  has(accessKey: string): boolean;
  /** Compares a request's `signature` header with the expected one, in constant time. */
  checkSignature(
    accessKey: string,
    timestamp: string,
    nonceStr: string,
    signature: string,
  ): SignatureCheck;
  /** Lower-case hex HMAC-SHA256 of `body` keyed with the access key's secret (callbacks). */
  callbackSignature(accessKey: string, body: string): Promise<string>;
}

export function createCredentialStore(
  configured: SandboxCredential | readonly SandboxCredential[] | undefined,
  env: Record<string, string | undefined> = process.env,
): CredentialStore {
  const { list, source } = pickCredentials(configured, env);
  const secrets = new Map(
    list.map((credential) => [credential.accessKey, credential.accessSecret]),
  );
  const secretOf = (accessKey: string): string => {
    const secret = secrets.get(accessKey);
    if (secret === undefined) throw new Error(`unknown access key "${accessKey}"`);
    return secret;
  };
  return {
    accessKeys: Object.freeze([...secrets.keys()]),
    source,
    has: (accessKey) => secrets.has(accessKey),
    checkSignature(accessKey, timestamp, nonceStr, signature) {
      const expected = Buffer.from(
        sign({ accessKey, accessSecret: secretOf(accessKey), timestamp, nonceStr }),
      );
      const claimed = Buffer.from(signature);
      if (claimed.length === expected.length && timingSafeEqual(claimed, expected)) return 'ok';
      const upper = Buffer.from(signature.toUpperCase());
      if (upper.length === expected.length && timingSafeEqual(upper, expected)) return 'lowercase';
      return 'mismatch';
    },
    // The platform's callback signature, computed by the one implementation in @pandapon/signing.
    callbackSignature: (accessKey, body) => signCallbackBody(body, secretOf(accessKey)),
  };
}

function pickCredentials(
  configured: SandboxCredential | readonly SandboxCredential[] | undefined,
  env: Record<string, string | undefined>,
): { list: SandboxCredential[]; source: CredentialStore['source'] } {
  if (configured !== undefined) {
    const list = Array.isArray(configured) ? configured : [configured as SandboxCredential];
    if (list.length === 0) throw new TypeError('credentials must name at least one access key');
    list.forEach((credential, index) => {
      const where = Array.isArray(configured) ? `credentials[${index}]` : 'credentials';
      if (typeof credential !== 'object' || credential === null) {
        throw new TypeError(`${where} must be an object { accessKey, accessSecret }`);
      }
      for (const field of ['accessKey', 'accessSecret'] as const) {
        if (typeof credential[field] !== 'string' || credential[field] === '') {
          throw new TypeError(`${where}.${field} must be a non-empty string`);
        }
      }
    });
    return {
      list: list.map(({ accessKey, accessSecret }) => ({ accessKey, accessSecret })),
      source: 'options',
    };
  }
  const accessKey = env[ACCESS_KEY_ENV];
  const accessSecret = env[ACCESS_SECRET_ENV];
  if (accessKey || accessSecret) {
    if (!accessKey) throw new TypeError(`${ACCESS_SECRET_ENV} is set but ${ACCESS_KEY_ENV} is not`);
    if (!accessSecret)
      throw new TypeError(`${ACCESS_KEY_ENV} is set but ${ACCESS_SECRET_ENV} is not`);
    return { list: [{ accessKey, accessSecret }], source: 'environment' };
  }
  return { list: [{ ...SANDBOX_DEFAULT_CREDENTIALS }], source: 'default' };
}
