interface GlobalsToInspect {
  window?: unknown;
  document?: unknown;
  Deno?: unknown;
  process?: { versions?: { node?: unknown } };
}

/**
 * True in a web page: `window` and `document` exist and this is neither Deno nor Node (Node with
 * jsdom/happy-dom test environments also defines both, and keeps its secret on the server).
 */
export function isBrowserPage(globals: GlobalsToInspect = globalThis as GlobalsToInspect): boolean {
  return (
    typeof globals.window !== 'undefined' &&
    typeof globals.document !== 'undefined' &&
    typeof globals.Deno === 'undefined' &&
    typeof globals.process?.versions?.node !== 'string'
  );
}

export const BROWSER_REFUSAL =
  '@pandapon/signing: refusing to run in a browser: the access secret would be exposed to every ' +
  'visitor. Sign on your server, or pass dangerouslyAllowBrowser: true to accept the risk.';
