/**
 * The operation-method name of an operationId: the platform's leading word (the registry's
 * `operationIdPrefix`) removed and the next letter lower-cased (`alibabaCancelOrderV2` →
 * `cancelOrderV2`); ids without that word stay as they are (`addressAddOrUpdate`).
 * The generator names the methods with it and the benchmarks call them by it.
 */
export function methodName(operationId: string, prefix: string | undefined): string {
  if (!prefix || !operationId.startsWith(prefix)) return operationId;
  const afterPrefix = operationId.slice(prefix.length);
  if (!/^[A-Z]/.test(afterPrefix)) return operationId;
  return afterPrefix.charAt(0).toLowerCase() + afterPrefix.slice(1);
}
