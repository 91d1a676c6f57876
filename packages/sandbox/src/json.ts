/**
 * JSON.parse, except that integers too large for a double (1688 order ids have 19 digits) come
 * back as their exact digit strings instead of being rounded. Node 20's JSON.parse cannot hand a
 * reviver the source text, so the text is rewritten first: outside string literals, every
 * integer token that is not a safe integer is wrapped in quotes.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

function quoteUnsafeIntegers(text: string): string {
  // Fast path: no run of 16+ digits anywhere, nothing to rewrite.
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      // Skip the string literal, honouring backslash escapes.
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end] as string)) end++;
      const token = text.slice(i, end);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copiedUpTo, i)}"${token}"`;
        copiedUpTo = end;
      }
      i = end;
      continue;
    }
    i++;
  }
  return out + text.slice(copiedUpTo);
}
