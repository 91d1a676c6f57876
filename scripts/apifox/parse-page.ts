/**
 * Parser for the text of one saved Apifox doc page (see README.md in this folder for the
 * layout). Never throws on odd or cut input: whatever cannot be read is left out and, where
 * useful, noted in `warnings`; `cut` says in which section the text stopped.
 */

import { assignNesting, type RawEntry } from './nesting.js';
import { exampleShape, jsonNodeToValue, parsePartialJson } from './partial-json.js';
import { parseTypeExpression, parseTypePrefix } from './type-expr.js';
import type {
  ExampleInfo,
  NestingHints,
  PageField,
  PageSection,
  ParsedPage,
  ParseOptions,
} from './types.js';

const METHOD_LINE = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/;
const CALLBACK_TYPE = /^[A-Z0-9][A-Z0-9_]{3,}$/;
const MODIFIED = /^(?:修改于|Modified at|Last modified|Updated at)[:：]?\s*(.*)$/i;
const STATUS_LINE = /^\p{Extended_Pictographic}?\uFE0F?\s*([1-5]\d{2})(?!\d)\s*(.*)$/u;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(?:;.*)?$/;
const FIELD_NAME = /^[A-Za-z0-9_$@][\w$@.\-[\]]*$/;
const DEFAULT_MARK = /^(?:默认值|Default(?: value)?)\s*[:：]\s*(.*)$/i;
const EXAMPLE_MARK = /^(?:示例值|Example(?: value)?)\s*[:：]\s*(.*)$/i;
const ENUM_MARK = /^(?:枚举值|Enum(?: values)?|Allowed values?)\s*[:：]\s*(.*)$/i;
const MENU_LINE = /^\s*[-•]\s+(.*)$/;

const REQUIRED_WORDS = new Set(['必需', '必须', '必填', 'required']);
const OPTIONAL_WORDS = new Set(['可选', '非必需', '选填', 'optional']);
// Compared with word(): whitespace removed, lower case.
const DEV_WORDS = new Set(['开发中', 'developing', 'indevelopment', 'underdevelopment']);

type FieldSection =
  | 'request.path'
  | 'request.query'
  | 'request.header'
  | 'request.cookie'
  | 'request.body'
  | 'response.fields';

const FIELD_SECTIONS: ReadonlySet<PageSection> = new Set<PageSection>([
  'request.path',
  'request.query',
  'request.header',
  'request.cookie',
  'request.body',
  'response.fields',
]);

/** Whitespace-free form used to recognise headings (Apifox may insert stray spaces). */
function compact(line: string): string {
  return line.replace(/\s+/g, '');
}

/** Marker words (必需, optional…) compare without whitespace and case. */
function word(line: string): string {
  return compact(line).toLowerCase();
}

// English headings are matched with their capital letter: field names are camelCase, so a
// field called `body` or `example` is not taken for a heading.
const PARAM_HEADINGS: Record<string, FieldSection> = {
  Path参数: 'request.path',
  PathParams: 'request.path',
  PathParameters: 'request.path',
  Query参数: 'request.query',
  QueryParams: 'request.query',
  QueryParameters: 'request.query',
  Header参数: 'request.header',
  HeaderParams: 'request.header',
  HeaderParameters: 'request.header',
  Cookie参数: 'request.cookie',
  CookieParams: 'request.cookie',
  CookieParameters: 'request.cookie',
};
const REQUEST_HEADINGS = new Set(['请求参数', 'Request', 'RequestParameters', 'RequestParams']);
const EXAMPLE_HEADINGS = new Set(['示例', 'Example', 'Examples']);
const CODE_HEADINGS = new Set(['示例代码', 'RequestCodeSamples', 'RequestSamples', 'CodeSamples']);
const RESPONSE_HEADINGS = new Set(['返回响应', 'Responses', 'Response']);
const BODY_HEADING = /^Body\s*(?:参数|Params|Parameters)\s*(.*)$/;

type Heading =
  | { kind: 'request' }
  | { kind: 'params'; section: FieldSection }
  | { kind: 'body'; contentType?: string }
  | { kind: 'example' }
  | { kind: 'code' }
  | { kind: 'response' }
  | { kind: 'response-body' }
  | { kind: 'status'; code: number };

/**
 * `inResponse`: after 返回响应. `statusOpen`: a bare `200` (no coloured dot) only counts as a
 * status line right after 返回响应, so a description reading `200` never starts a block.
 */
function headingOf(line: string, inResponse: boolean, statusOpen = false): Heading | null {
  const c = compact(line);
  if (!inResponse) {
    if (REQUEST_HEADINGS.has(c)) return { kind: 'request' };
    const params = PARAM_HEADINGS[c];
    if (params) return { kind: 'params', section: params };
    const body = BODY_HEADING.exec(line.trim());
    if (body) {
      const contentType = body[1]?.trim();
      return contentType ? { kind: 'body', contentType } : { kind: 'body' };
    }
  }
  if (EXAMPLE_HEADINGS.has(c)) return { kind: 'example' };
  if (CODE_HEADINGS.has(c)) return { kind: 'code' };
  if (RESPONSE_HEADINGS.has(c)) return { kind: 'response' };
  if (inResponse) {
    if (c === 'Body') return { kind: 'response-body' };
    const status = STATUS_LINE.exec(line.trim());
    const hasDot = !/^\d/.test(line.trim());
    if (status?.[1] && (hasDot || statusOpen)) {
      return { kind: 'status', code: Number(status[1]) };
    }
  }
  return null;
}

function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, '');
}

interface Lines {
  text: string;
  lines: string[];
  /** Character offset of each line's start in `text`. */
  starts: number[];
}

function splitLines(text: string): Lines {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  const starts: number[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    starts.push(offset);
    offset += raw.length + 1;
  }
  return { text, lines, starts };
}

function lineAt(l: Lines, offset: number): number {
  let lo = 0;
  let hi = l.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((l.starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function parsePage(text: string, options: ParseOptions = {}): ParsedPage {
  const l = splitLines(normalise(text));
  const { lines } = l;
  // JSON is read from the text up to the end of its last non-blank line: the newline a saved
  // copy ends with would otherwise look like a raw newline inside the cut string.
  const t = (i: number): string => (lines[i] ?? '').trim();
  const n = lines.length;
  let lastNonBlank = n - 1;
  while (lastNonBlank >= 0 && t(lastNonBlank) === '') lastNonBlank--;
  const jsonText =
    lastNonBlank >= 0
      ? l.text.slice(0, (l.starts[lastNonBlank] ?? 0) + (lines[lastNonBlank]?.length ?? 0))
      : '';
  const nextNonBlank = (i: number): number => {
    let j = i + 1;
    while (j < n && t(j) === '') j++;
    return j;
  };

  const page: ParsedPage = {
    kind: 'doc',
    underDevelopment: false,
    complete: false,
    menu: [],
    headers: [],
    params: { path: [], query: [], cookie: [] },
    body: [],
    bodyExpanded: [],
    response: [],
    responseExpanded: [],
    warnings: [],
  };

  for (let i = 0; i < n; i++) {
    const m = /^URL:\s*(\S+)/.exec(t(i));
    if (m?.[1]) {
      page.url = m[1];
      break;
    }
  }

  // The method line stands alone, unindented, and is followed by a path (or a callback's
  // message type). Menus print methods too, but indented or glued to the entry's title.
  let methodIdx = -1;
  let pathIdx = -1;
  let pathText = '';
  let gluedRequestHeading = false;
  for (let i = 0; i < n; i++) {
    const raw = lines[i] ?? '';
    if (!METHOD_LINE.test(raw)) continue;
    const j = nextNonBlank(i);
    if (j >= n) continue;
    let candidate = t(j);
    let glued = false;
    const gluedPath = /^(.*\S)(?:请求参数)$/.exec(candidate)?.[1];
    if (gluedPath?.startsWith('/')) {
      candidate = gluedPath;
      glued = true;
    }
    if (/^\/\S*$/.test(candidate) || CALLBACK_TYPE.test(candidate)) {
      methodIdx = i;
      pathIdx = j;
      pathText = candidate;
      gluedRequestHeading = glued;
      break;
    }
  }

  const menuEnd = methodIdx >= 0 ? methodIdx : n;
  for (let i = 0; i < menuEnd; i++) {
    const m = MENU_LINE.exec(lines[i] ?? '');
    if (m?.[1]) page.menu.push(m[1].trim());
  }

  const findModified = (from: number): boolean => {
    for (let i = from; i < n; i++) {
      const m = MODIFIED.exec(t(i));
      if (m) {
        page.complete = true;
        if (m[1]) page.lastModified = m[1].trim();
        return true;
      }
    }
    return false;
  };

  if (methodIdx < 0) {
    // A manual or tutorial page: nothing to read but whether it is complete.
    if (!findModified(0) && lastNonBlank >= 0) {
      page.cut = { section: 'doc', lastLine: t(lastNonBlank), line: lastNonBlank + 1 };
    }
    return page;
  }

  page.method = t(methodIdx);
  page.path = pathText;
  page.kind = pathText.startsWith('/') ? 'api' : 'callback';

  // Title: the nearest line above the method that is not blank or the 开发中 label.
  for (let i = methodIdx - 1; i >= 0; i--) {
    const line = t(i);
    if (line === '') continue;
    if (DEV_WORDS.has(word(line))) {
      page.underDevelopment = true;
      continue;
    }
    if (!MENU_LINE.test(lines[i] ?? '') && !line.startsWith('URL:')) page.title = line;
    break;
  }

  let section: PageSection = gluedRequestHeading ? 'request' : 'preamble';
  let inResponse = false;
  let responseBlocks = 0;
  let i = pathIdx + 1;

  // Between the path and 请求参数: a repeated path, the docs folder, the 开发中 label.
  while (i < n && section === 'preamble') {
    const line = t(i);
    if (line === '' || line === pathText) {
      i++;
      continue;
    }
    if (MODIFIED.test(line) || headingOf(line, false)) break;
    if (DEV_WORDS.has(word(line))) page.underDevelopment = true;
    else page.folder ??= line;
    i++;
  }

  const isTypeLine = (j: number): boolean => j < n && parseTypeExpression(t(j)) !== null;
  const isMarker = (line: string): boolean =>
    DEFAULT_MARK.test(line) || EXAMPLE_MARK.test(line) || ENUM_MARK.test(line);
  const isNameLine = (j: number): boolean => {
    const line = t(j);
    if (!FIELD_NAME.test(line) || line.length > 100) return false;
    const c = word(line);
    if (REQUIRED_WORDS.has(c) || OPTIONAL_WORDS.has(c)) return false;
    if (headingOf(line, inResponse) || isMarker(line)) return false;
    return parseTypeExpression(line) === null;
  };
  /** A field starts here: a name line followed by a type line (or, at the cut, a partial one). */
  const fieldStartAt = (j: number): boolean => {
    if (!isNameLine(j)) return false;
    const k = nextNonBlank(j);
    if (isTypeLine(k)) return true;
    return k === lastNonBlank && !MODIFIED.test(t(k)) && parseTypePrefix(t(k)) !== null;
  };
  const endsEntry = (j: number): boolean =>
    MODIFIED.test(t(j)) || headingOf(t(j), inResponse) !== null || fieldStartAt(j);

  const readEntry = (start: number): { entry: RawEntry; next: number } => {
    const name = t(start);
    const typeIdx = nextNonBlank(start);
    const full = parseTypeExpression(t(typeIdx));
    const type = full ?? parseTypePrefix(t(typeIdx))?.type;
    const entry: RawEntry = { name, cut: false, line: start + 1 };
    if (type) entry.type = type;
    const description: string[] = [];
    let k = typeIdx + 1;
    while (k < n) {
      const line = t(k);
      if (line === '') {
        k++;
        continue;
      }
      if (endsEntry(k)) break;
      const c = word(line);
      const takeValue = (rest: string | undefined): string | undefined => {
        if (rest) return rest.trim();
        const v = nextNonBlank(k);
        if (v < n && !endsEntry(v)) {
          k = v;
          return t(v);
        }
        return undefined;
      };
      const defaultMark = DEFAULT_MARK.exec(line);
      const exampleMark = defaultMark ? null : EXAMPLE_MARK.exec(line);
      const enumMark = defaultMark || exampleMark ? null : ENUM_MARK.exec(line);
      if (REQUIRED_WORDS.has(c)) entry.required = true;
      else if (OPTIONAL_WORDS.has(c)) entry.required = false;
      else if (defaultMark) {
        const v = takeValue(defaultMark[1]);
        if (v !== undefined) entry.defaultValue = v;
      } else if (exampleMark) {
        const v = takeValue(exampleMark[1]);
        if (v !== undefined) entry.exampleValue = v;
      } else if (enumMark) {
        const values: string[] = enumMark[1] ? [enumMark[1].trim()] : [];
        let v = nextNonBlank(k);
        while (v < n) {
          const vl = t(v);
          const vc = word(vl);
          if (endsEntry(v) || isMarker(vl) || REQUIRED_WORDS.has(vc) || OPTIONAL_WORDS.has(vc)) {
            break;
          }
          values.push(vl);
          k = v;
          v = nextNonBlank(v);
        }
        entry.enumValues = values;
      } else {
        description.push(line);
      }
      k++;
    }
    if (description.length > 0) entry.description = description.join(' ');
    // Reaching the end of the text without a heading or a next field: the cut is in here.
    entry.cut = k >= n || !full;
    return { entry, next: k };
  };

  const raw: Record<FieldSection, RawEntry[]> = {
    'request.path': [],
    'request.query': [],
    'request.header': [],
    'request.cookie': [],
    'request.body': [],
    'response.fields': [],
  };
  let requestExample: { info: ExampleInfo; node: ReturnType<typeof parsePartialJson> } | undefined;
  let curlExample: { info: ExampleInfo; node: ReturnType<typeof parsePartialJson> } | undefined;
  let responseExample: { info: ExampleInfo; node: ReturnType<typeof parsePartialJson> } | undefined;

  /** Reads the JSON starting after line `h`; returns the line to continue from. */
  const readExample = (
    h: number,
    from: ExampleInfo['from'],
    assign: (v: { info: ExampleInfo; node: ReturnType<typeof parsePartialJson> }) => void,
  ): number => {
    const j = nextNonBlank(h);
    const first = t(j);
    if (j >= n || !(first.startsWith('{') || first.startsWith('['))) return h + 1;
    const result = parsePartialJson(jsonText, l.starts[j] ?? 0);
    const shape = exampleShape(result.node);
    const value = result.complete ? jsonNodeToValue(result.node) : undefined;
    assign({
      info: {
        ...(value !== undefined ? { value } : {}),
        complete: result.complete,
        paths: [...shape.paths],
        from,
      },
      node: result,
    });
    if (result.error) page.warnings.push(`${from} JSON on line ${j + 1}: ${result.error}`);
    if (!result.complete && !result.error) return n;
    return lineAt(l, Math.max(result.end - 1, 0)) + 1;
  };

  /** The curl sample's `--data-raw '…'` body, used when the page shows no 示例 block. */
  const readCurl = (start: number): void => {
    for (let j = start; j < n; j++) {
      const line = lines[j] ?? '';
      if (RESPONSE_HEADINGS.has(compact(line)) || MODIFIED.test(t(j))) return;
      const m = /--data(?:-raw|-binary)?\s+'/.exec(line);
      if (!m) continue;
      const offset = (l.starts[j] ?? 0) + m.index + m[0].length;
      const result = parsePartialJson(jsonText, offset);
      if (!result.node) return;
      const shape = exampleShape(result.node);
      const value = result.complete ? jsonNodeToValue(result.node) : undefined;
      curlExample = {
        info: {
          ...(value !== undefined ? { value } : {}),
          complete: result.complete,
          paths: [...shape.paths],
          from: 'curl',
        },
        node: result,
      };
      return;
    }
  };

  while (i < n) {
    const line = t(i);
    if (line === '') {
      i++;
      continue;
    }
    const mod = MODIFIED.exec(line);
    if (mod) {
      page.complete = true;
      if (mod[1]) page.lastModified = mod[1].trim();
      section = 'end';
      break;
    }
    if (FIELD_SECTIONS.has(section) && fieldStartAt(i)) {
      const { entry, next } = readEntry(i);
      raw[section as FieldSection].push(entry);
      i = next;
      continue;
    }
    const h = headingOf(line, inResponse, section === 'response' && responseBlocks === 0);
    if (h) {
      switch (h.kind) {
        case 'request':
          section = 'request';
          break;
        case 'params':
          section = h.section;
          break;
        case 'body':
          section = 'request.body';
          if (h.contentType) page.requestContentType = h.contentType;
          break;
        case 'example':
          if (inResponse) {
            if (section === 'response.other') break;
            section = 'response.example';
            i = readExample(i, 'example', (v) => {
              responseExample = v;
            });
          } else {
            section = 'request.example';
            i = readExample(i, 'example', (v) => {
              requestExample = v;
            });
          }
          continue;
        case 'code':
          if (!inResponse) {
            section = 'request.code-samples';
            readCurl(i + 1);
          }
          break;
        case 'response':
          inResponse = true;
          section = 'response';
          break;
        case 'status':
          responseBlocks++;
          if (responseBlocks === 1) {
            page.responseStatus = h.code;
            section = 'response';
          } else {
            section = 'response.other';
            if (responseBlocks === 2) page.warnings.push('only the first response block is read');
          }
          break;
        case 'response-body':
          if (section !== 'response.other') section = 'response.fields';
          break;
      }
      i++;
      continue;
    }
    // A field table that starts without its "Body" heading.
    if (section === 'response' && fieldStartAt(i)) {
      section = 'response.fields';
      continue;
    }
    if (section === 'response' && MEDIA_TYPE.test(line)) {
      i++;
      continue;
    }
    i++;
  }

  if (!page.complete && lastNonBlank >= 0) {
    const fieldsHere = FIELD_SECTIONS.has(section) ? raw[section as FieldSection] : [];
    const lastField = fieldsHere[fieldsHere.length - 1]?.name;
    page.cut = {
      section,
      ...(lastField !== undefined ? { lastField } : {}),
      lastLine: t(lastNonBlank),
      line: lastNonBlank + 1,
    };
  }

  const flat = (entries: RawEntry[]): PageField[] =>
    entries.map((e) => ({
      name: e.name,
      path: e.name,
      depth: 1,
      ...(e.type ? { type: e.type } : {}),
      ...(e.required !== undefined ? { required: e.required } : {}),
      ...(e.description !== undefined ? { description: e.description } : {}),
      ...(e.defaultValue !== undefined ? { defaultValue: e.defaultValue } : {}),
      ...(e.exampleValue !== undefined ? { exampleValue: e.exampleValue } : {}),
      ...(e.enumValues !== undefined ? { enumValues: e.enumValues } : {}),
      nesting: 'top-level' as const,
      cut: e.cut,
      line: e.line,
    }));
  page.headers = flat(raw['request.header']);
  page.params = {
    path: flat(raw['request.path']),
    query: flat(raw['request.query']),
    cookie: flat(raw['request.cookie']),
  };

  const hints: NestingHints | undefined = options.hints?.(page.method, page.path);
  const bodyExample = requestExample?.node.node ? requestExample : curlExample;
  const body = assignNesting(raw['request.body'], {
    kind: 'body',
    ...(bodyExample?.node.node ? { example: exampleShape(bodyExample.node.node) } : {}),
    ...(hints?.body ? { hints: hints.body } : {}),
  });
  page.body = body.fields;
  page.bodyExpanded = body.expanded;
  if (bodyExample) page.requestExample = bodyExample.info;

  const response = assignNesting(raw['response.fields'], {
    kind: 'response',
    ...(responseExample?.node.node ? { example: exampleShape(responseExample.node.node) } : {}),
    ...(hints?.response ? { hints: hints.response } : {}),
  });
  page.response = response.fields;
  page.responseExpanded = response.expanded;
  if (responseExample) page.responseExample = responseExample.info;

  return page;
}

/**
 * Whether the page's enum values and a list of allowed values are the same set. Apifox may
 * print values glued together (`SUNDAYMONDAY…`), so a single page line matches when it is the
 * concatenation of the spec values in some order we can check: in the spec's order.
 */
export function enumMatches(
  pageValues: readonly string[],
  specValues: readonly unknown[],
): boolean {
  const spec = specValues.filter((v) => v !== null).map(String);
  const page = pageValues.map((v) => v.trim()).filter((v) => v !== '');
  if (page.length === spec.length && page.every((v) => spec.includes(v))) return true;
  return page.join('') === spec.join('');
}
