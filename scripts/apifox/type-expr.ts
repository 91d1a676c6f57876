/**
 * Type expressions as Apifox prints them under a field name, e.g.
 *   string            integer <int64>          string | null
 *   object (FastAdress)                        array[string] | null
 *   array [object {3}]                         array[object (OrderEntryCount[]) {2}] | null
 *   enum<string> | enum<null>                  null
 */

export type BaseType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'any';

export interface TypeInfo {
  /** The type line as printed (whitespace-normalised). */
  raw: string;
  /** Non-null members of the union, in page order; empty when the page says only `null`. */
  types: BaseType[];
  /** The union contains `null` (`string | null`, `enum<null>`, a bare `null`). */
  nullable: boolean;
  /** `<int64>`, `<date-time>`… */
  format?: string;
  /** `object (FastAdress)` → `FastAdress`; for arrays, the items' name. */
  schemaName?: string;
  /** Element type of an `array[...]`. */
  items?: TypeInfo;
  /** `{N}`: how many properties the object (or the array's object items) has. */
  childCount?: number;
  /** Printed as `enum<...>`: the allowed values follow on `枚举值:` lines. */
  isEnum: boolean;
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean', 'object', 'any', 'file']);

/** Split `a | b | c` at top level (a `|` inside brackets or parentheses belongs to the member). */
function splitUnion(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(' || c === '<' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '>' || c === '}') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** Index of the bracket closing the one at `open`, or -1. */
function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

interface Member {
  types: BaseType[];
  nullable: boolean;
  format?: string;
  schemaName?: string;
  items?: TypeInfo;
  childCount?: number;
  isEnum: boolean;
}

/** `(Name)`, `{N}` and `<fmt>` decorations after a scalar keyword; null when anything else is left. */
function parseDecorations(
  rest: string,
): Pick<Member, 'format' | 'schemaName' | 'childCount'> | null {
  let text = rest.trim();
  const out: Pick<Member, 'format' | 'schemaName' | 'childCount'> = {};
  while (text.length > 0) {
    let m = /^<([^<>]+)>\s*/.exec(text);
    if (m?.[1] !== undefined) {
      out.format = m[1].trim();
      text = text.slice(m[0].length);
      continue;
    }
    if (text.startsWith('(')) {
      const close = matchingBracket(text, 0);
      if (close < 0) return null;
      out.schemaName = text.slice(1, close).trim();
      text = text.slice(close + 1).trimStart();
      continue;
    }
    m = /^\{(\d+)\}\s*/.exec(text);
    if (m?.[1] !== undefined) {
      out.childCount = Number(m[1]);
      text = text.slice(m[0].length);
      continue;
    }
    return null;
  }
  return out;
}

function parseMember(text: string): Member | null {
  const t = text.trim();
  if (t === 'null') return { types: [], nullable: true, isEnum: false };
  const enumMatch = /^enum<\s*(\w+)\s*>$/.exec(t);
  if (enumMatch?.[1] !== undefined) {
    const inner = enumMatch[1];
    if (inner === 'null') return { types: [], nullable: true, isEnum: true };
    if (!SCALARS.has(inner)) return null;
    return { types: [inner as BaseType], nullable: false, isEnum: true };
  }
  const arrayMatch = /^array\b\s*/.exec(t);
  if (arrayMatch) {
    let afterArray = t.slice(arrayMatch[0].length);
    let items: TypeInfo | undefined;
    if (afterArray.startsWith('[')) {
      const close = matchingBracket(afterArray, 0);
      if (close < 0) return null;
      const inner = parseTypeExpression(afterArray.slice(1, close));
      if (!inner) return null;
      items = inner;
      afterArray = afterArray.slice(close + 1);
    }
    const deco = parseDecorations(afterArray);
    if (!deco) return null;
    return {
      types: ['array'],
      nullable: false,
      isEnum: false,
      ...(items ? { items } : {}),
      ...(items?.schemaName !== undefined ? { schemaName: items.schemaName } : {}),
      ...(deco.childCount !== undefined || items?.childCount !== undefined
        ? { childCount: deco.childCount ?? items?.childCount }
        : {}),
      ...(deco.format !== undefined ? { format: deco.format } : {}),
    };
  }
  const scalar = /^([a-z]+)\b/.exec(t);
  if (!scalar?.[1] || !SCALARS.has(scalar[1])) return null;
  const deco = parseDecorations(t.slice(scalar[1].length));
  if (!deco) return null;
  const base = (scalar[1] === 'file' ? 'string' : scalar[1]) as BaseType;
  return { types: [base], nullable: false, isEnum: false, ...deco };
}

/** Parses a type line; null when the line is not a complete type expression. */
export function parseTypeExpression(line: string): TypeInfo | null {
  const raw = line.replace(/\s+/g, ' ').trim();
  if (raw.length === 0 || raw.length > 200) return null;
  const members = splitUnion(raw);
  const info: TypeInfo = { raw, types: [], nullable: false, isEnum: false };
  for (const text of members) {
    const m = parseMember(text);
    if (!m) return null;
    for (const t of m.types) if (!info.types.includes(t)) info.types.push(t);
    if (m.nullable) info.nullable = true;
    if (m.isEnum) info.isEnum = true;
    if (m.format !== undefined) info.format ??= m.format;
    if (m.schemaName !== undefined) info.schemaName ??= m.schemaName;
    if (m.items) info.items ??= m.items;
    if (m.childCount !== undefined) info.childCount ??= m.childCount;
  }
  return info;
}

const TYPE_WORDS = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null', 'enum'];

/**
 * Reads the type line a page was cut in the middle of (`intege`, `string | nu`, `array [obj`).
 * Returns `{ type }` with what can be told for sure (`type` undefined when the cut came before
 * the base type was complete), or null when the text is not the start of a type at all.
 * Fragments under three characters are refused: they could as well start a field name.
 */
export function parseTypePrefix(line: string): { type?: TypeInfo } | null {
  const raw = line.replace(/\s+/g, ' ').trim();
  const full = parseTypeExpression(raw);
  if (full) return { type: full };
  const members = splitUnion(raw);
  const last = members[members.length - 1] ?? '';
  const known = members.slice(0, -1);
  if (known.length > 0) {
    const head = parseTypeExpression(known.join(' | '));
    // The last member was cut: whether it adds `null` (or another type) is unknown.
    return head ? { type: { ...head, raw } } : null;
  }
  if (last.length < 3) return null;
  if (TYPE_WORDS.some((w) => w.startsWith(last) && w !== last)) return {};
  const keyword = /^([a-z]+)\s*[[(<{]/.exec(last)?.[1];
  if (keyword === 'enum') return {};
  if (keyword === 'array')
    return { type: { raw, types: ['array'], nullable: false, isEnum: false } };
  if (keyword !== undefined && SCALARS.has(keyword)) {
    const base = (keyword === 'file' ? 'string' : keyword) as BaseType;
    return { type: { raw, types: [base], nullable: false, isEnum: false } };
  }
  return null;
}

/** An object, or an array whose items are objects: the page may list its properties next. */
export function isContainerType(type: TypeInfo | undefined): boolean {
  if (!type) return false;
  if (type.types.includes('object')) return true;
  let t: TypeInfo | undefined = type;
  while (t?.types.includes('array')) {
    if (t.items?.types.includes('object')) return true;
    t = t.items;
  }
  return false;
}

/** How many `[]` a child path gets below this container (`array[array[object]]` → 2). */
export function arrayDepth(type: TypeInfo | undefined): number {
  let depth = 0;
  let t = type;
  while (t?.types.includes('array') && !t.types.includes('object')) {
    depth++;
    t = t.items;
  }
  return depth;
}

/** Human form used in reports: `string | null`, `array[object]`. */
export function describeType(type: TypeInfo | undefined): string {
  if (!type) return '?';
  const parts = type.types.map((t) =>
    t === 'array' && type.items ? `array[${describeType(type.items)}]` : t,
  );
  if (type.nullable) parts.push('null');
  return parts.length > 0 ? parts.join(' | ') : '?';
}
