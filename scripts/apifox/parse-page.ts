/**
 * Parser for the text of one saved Apifox doc page (see README.md in this folder for the
 * layout). Never throws on odd or cut input: whatever cannot be read is left out and, where
 * useful, noted in `warnings`; `cut` says in which section the text stopped.
 */

import { HTTP_METHODS } from '@pandapon/spec-model';
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

const METHOD_LINE = new RegExp(
  `^(${HTTP_METHODS.map((method) => method.toUpperCase()).join('|')})$`,
);
const CALLBACK_TYPE = /^[A-Z0-9][A-Z0-9_]{3,}$/;
const MODIFIED = /^(?:修改于|Modified at|Last modified|Updated at)[:：]?\s*(.*)$/i;
const STATUS_LINE = /^\p{Extended_Pictographic}?\uFE0F?\s*([1-5]\d{2})(?!\d)\s*(.*)$/u;
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

type Example = { info: ExampleInfo; node: ReturnType<typeof parsePartialJson> };

/** Where the method line and the path (or message type) after it are. */
interface Anchor {
  methodIdx: number;
  pathIdx: number;
  path: string;
  /** The path line ends with 请求参数 glued on (no line break before the heading). */
  gluedRequestHeading: boolean;
}

/**
 * Reads one page top to bottom in named steps: locate the method and path, read the menu,
 * title and preamble, then walk the sections (headings, field tables, examples, curl sample),
 * note where the text was cut, and assemble the fields with their nesting. The scanner keeps
 * the page's lines and the walk's state (current line, section, whether the response part has
 * begun); each step reads and advances that state explicitly.
 */
class PageScanner {
  private readonly text: string;
  private readonly lines: string[];
  /** Character offset of each line's start in `text`. */
  private readonly starts: number[];
  private readonly n: number;
  private readonly lastNonBlank: number;
  /** The text up to the end of its last non-blank line (see jsonText in the constructor). */
  private readonly jsonText: string;

  private readonly page: ParsedPage = {
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

  // The walk's state.
  private section: PageSection = 'preamble';
  private inResponse = false;
  private responseBlocks = 0;
  private readonly raw: Record<FieldSection, RawEntry[]> = {
    'request.path': [],
    'request.query': [],
    'request.header': [],
    'request.cookie': [],
    'request.body': [],
    'response.fields': [],
  };
  private requestExample: Example | undefined;
  private curlExample: Example | undefined;
  private responseExample: Example | undefined;

  constructor(text: string) {
    const l = splitLines(normalise(text));
    this.text = l.text;
    this.lines = l.lines;
    this.starts = l.starts;
    this.n = l.lines.length;
    let last = this.n - 1;
    while (last >= 0 && this.t(last) === '') last--;
    this.lastNonBlank = last;
    // JSON is read from the text up to the end of its last non-blank line: the newline a saved
    // copy ends with would otherwise look like a raw newline inside the cut string.
    this.jsonText =
      last >= 0 ? l.text.slice(0, (l.starts[last] ?? 0) + (l.lines[last]?.length ?? 0)) : '';
  }

  scan(options: ParseOptions): ParsedPage {
    this.readUrl();
    const anchor = this.findMethodAndPath();
    this.readMenu(anchor ? anchor.methodIdx : this.n);
    if (!anchor) {
      // A manual or tutorial page: nothing to read but whether it is complete.
      if (!this.findModified(0) && this.lastNonBlank >= 0) {
        this.page.cut = {
          section: 'doc',
          lastLine: this.t(this.lastNonBlank),
          line: this.lastNonBlank + 1,
        };
      }
      return this.page;
    }
    this.page.method = this.t(anchor.methodIdx);
    this.page.path = anchor.path;
    this.page.kind = anchor.path.startsWith('/') ? 'api' : 'callback';
    this.readTitle(anchor.methodIdx);
    this.section = anchor.gluedRequestHeading ? 'request' : 'preamble';
    const first = this.readPreamble(anchor.pathIdx + 1, anchor.path);
    this.walkSections(first);
    this.recordCut();
    this.assemble(options);
    return this.page;
  }

  // ---------------------------------------------------------------- lines

  private t(i: number): string {
    return (this.lines[i] ?? '').trim();
  }

  private nextNonBlank(i: number): number {
    let j = i + 1;
    while (j < this.n && this.t(j) === '') j++;
    return j;
  }

  private lineAt(offset: number): number {
    return lineAt({ text: this.text, lines: this.lines, starts: this.starts }, offset);
  }

  // ---------------------------------------------------------------- page head

  private readUrl(): void {
    for (let i = 0; i < this.n; i++) {
      const m = /^URL:\s*(\S+)/.exec(this.t(i));
      if (m?.[1]) {
        this.page.url = m[1];
        return;
      }
    }
  }

  /**
   * The method line stands alone, unindented, and is followed by a path (or a callback's
   * message type). Menus print methods too, but indented or glued to the entry's title.
   */
  private findMethodAndPath(): Anchor | undefined {
    for (let i = 0; i < this.n; i++) {
      if (!METHOD_LINE.test(this.lines[i] ?? '')) continue;
      const j = this.nextNonBlank(i);
      if (j >= this.n) continue;
      let candidate = this.t(j);
      let glued = false;
      const gluedPath = /^(.*\S)(?:请求参数)$/.exec(candidate)?.[1];
      if (gluedPath?.startsWith('/')) {
        candidate = gluedPath;
        glued = true;
      }
      if (/^\/\S*$/.test(candidate) || CALLBACK_TYPE.test(candidate)) {
        return { methodIdx: i, pathIdx: j, path: candidate, gluedRequestHeading: glued };
      }
    }
    return undefined;
  }

  private readMenu(end: number): void {
    for (let i = 0; i < end; i++) {
      const m = MENU_LINE.exec(this.lines[i] ?? '');
      if (m?.[1]) this.page.menu.push(m[1].trim());
    }
  }

  /** Looks for the 修改于 line (the page's end) from `from`; records it when found. */
  private findModified(from: number): boolean {
    for (let i = from; i < this.n; i++) {
      if (this.markComplete(this.t(i))) return true;
    }
    return false;
  }

  private markComplete(line: string): boolean {
    const m = MODIFIED.exec(line);
    if (!m) return false;
    this.page.complete = true;
    if (m[1]) this.page.lastModified = m[1].trim();
    return true;
  }

  /** Title: the nearest line above the method that is not blank or the 开发中 label. */
  private readTitle(methodIdx: number): void {
    for (let i = methodIdx - 1; i >= 0; i--) {
      const line = this.t(i);
      if (line === '') continue;
      if (DEV_WORDS.has(word(line))) {
        this.page.underDevelopment = true;
        continue;
      }
      if (!MENU_LINE.test(this.lines[i] ?? '') && !line.startsWith('URL:')) this.page.title = line;
      return;
    }
  }

  /** Between the path and 请求参数: a repeated path, the docs folder, the 开发中 label. */
  private readPreamble(from: number, path: string): number {
    let i = from;
    while (i < this.n && this.section === 'preamble') {
      const line = this.t(i);
      if (line === '' || line === path) {
        i++;
        continue;
      }
      if (MODIFIED.test(line) || headingOf(line, false)) break;
      if (DEV_WORDS.has(word(line))) this.page.underDevelopment = true;
      else this.page.folder ??= line;
      i++;
    }
    return i;
  }

  // ---------------------------------------------------------------- sections

  /** Walks headings, field tables and examples from line `from` to the end (or 修改于). */
  private walkSections(from: number): void {
    let i = from;
    while (i < this.n) {
      const line = this.t(i);
      if (line === '') {
        i++;
        continue;
      }
      if (this.markComplete(line)) {
        this.section = 'end';
        return;
      }
      if (FIELD_SECTIONS.has(this.section) && this.fieldStartAt(i)) {
        const { entry, next } = this.readEntry(i);
        this.raw[this.section as FieldSection].push(entry);
        i = next;
        continue;
      }
      const statusOpen = this.section === 'response' && this.responseBlocks === 0;
      const heading = headingOf(line, this.inResponse, statusOpen);
      if (heading) {
        i = this.enterHeading(heading, i);
        continue;
      }
      // A field table that starts without its "Body" heading.
      if (this.section === 'response' && this.fieldStartAt(i)) {
        this.section = 'response.fields';
        continue;
      }
      i++;
    }
  }

  /** Applies a heading at line `i`; returns the line to continue from. */
  private enterHeading(h: Heading, i: number): number {
    switch (h.kind) {
      case 'request':
        this.section = 'request';
        break;
      case 'params':
        this.section = h.section;
        break;
      case 'body':
        this.section = 'request.body';
        if (h.contentType) this.page.requestContentType = h.contentType;
        break;
      case 'example':
        if (this.inResponse) {
          if (this.section === 'response.other') break;
          this.section = 'response.example';
          return this.readExample(i, 'example', (v) => {
            this.responseExample = v;
          });
        }
        this.section = 'request.example';
        return this.readExample(i, 'example', (v) => {
          this.requestExample = v;
        });
      case 'code':
        if (!this.inResponse) {
          this.section = 'request.code-samples';
          this.readCurl(i + 1);
        }
        break;
      case 'response':
        this.inResponse = true;
        this.section = 'response';
        break;
      case 'status':
        this.responseBlocks++;
        if (this.responseBlocks === 1) {
          this.page.responseStatus = h.code;
          this.section = 'response';
        } else {
          this.section = 'response.other';
          if (this.responseBlocks === 2) {
            this.page.warnings.push('only the first response block is read');
          }
        }
        break;
      case 'response-body':
        if (this.section !== 'response.other') this.section = 'response.fields';
        break;
    }
    return i + 1;
  }

  // ---------------------------------------------------------------- field tables

  private isTypeLine(j: number): boolean {
    return j < this.n && parseTypeExpression(this.t(j)) !== null;
  }

  private isNameLine(j: number): boolean {
    const line = this.t(j);
    if (!FIELD_NAME.test(line) || line.length > 100) return false;
    const c = word(line);
    if (REQUIRED_WORDS.has(c) || OPTIONAL_WORDS.has(c)) return false;
    if (headingOf(line, this.inResponse) || isMarker(line)) return false;
    return parseTypeExpression(line) === null;
  }

  /** A field starts here: a name line followed by a type line (or, at the cut, a partial one). */
  private fieldStartAt(j: number): boolean {
    if (!this.isNameLine(j)) return false;
    const k = this.nextNonBlank(j);
    if (this.isTypeLine(k)) return true;
    return (
      k === this.lastNonBlank && !MODIFIED.test(this.t(k)) && parseTypePrefix(this.t(k)) !== null
    );
  }

  private endsEntry(j: number): boolean {
    return (
      MODIFIED.test(this.t(j)) ||
      headingOf(this.t(j), this.inResponse) !== null ||
      this.fieldStartAt(j)
    );
  }

  /**
   * The value of a 默认值 / 示例值 marker: on the marker line itself (`rest`), else on the next
   * line when that line does not start something else. Returns the line the value ended on.
   */
  private markerValue(k: number, rest: string | undefined): { value?: string; at: number } {
    if (rest) return { value: rest.trim(), at: k };
    const v = this.nextNonBlank(k);
    if (v < this.n && !this.endsEntry(v)) return { value: this.t(v), at: v };
    return { at: k };
  }

  /** The lines after an 枚举值 marker, up to the next marker, field or heading. */
  private enumValues(k: number, rest: string | undefined): { values: string[]; at: number } {
    const values: string[] = rest ? [rest.trim()] : [];
    let at = k;
    let v = this.nextNonBlank(k);
    while (v < this.n) {
      const line = this.t(v);
      const c = word(line);
      if (this.endsEntry(v) || isMarker(line) || REQUIRED_WORDS.has(c) || OPTIONAL_WORDS.has(c)) {
        break;
      }
      values.push(line);
      at = v;
      v = this.nextNonBlank(v);
    }
    return { values, at };
  }

  /** Reads one field (name, type, marks, description) starting at `start`. */
  private readEntry(start: number): { entry: RawEntry; next: number } {
    const typeIdx = this.nextNonBlank(start);
    const full = parseTypeExpression(this.t(typeIdx));
    const type = full ?? parseTypePrefix(this.t(typeIdx))?.type;
    const entry: RawEntry = { name: this.t(start), cut: false, line: start + 1 };
    if (type) entry.type = type;
    const description: string[] = [];
    let k = typeIdx + 1;
    for (; k < this.n; k++) {
      const line = this.t(k);
      if (line === '') continue;
      if (this.endsEntry(k)) break;
      const c = word(line);
      const defaultMark = DEFAULT_MARK.exec(line);
      const exampleMark = defaultMark ? null : EXAMPLE_MARK.exec(line);
      const enumMark = defaultMark || exampleMark ? null : ENUM_MARK.exec(line);
      if (REQUIRED_WORDS.has(c)) entry.required = true;
      else if (OPTIONAL_WORDS.has(c)) entry.required = false;
      else if (defaultMark) {
        const { value, at } = this.markerValue(k, defaultMark[1]);
        if (value !== undefined) entry.defaultValue = value;
        k = at;
      } else if (exampleMark) {
        const { value, at } = this.markerValue(k, exampleMark[1]);
        if (value !== undefined) entry.exampleValue = value;
        k = at;
      } else if (enumMark) {
        const { values, at } = this.enumValues(k, enumMark[1]);
        entry.enumValues = values;
        k = at;
      } else {
        description.push(line);
      }
    }
    if (description.length > 0) entry.description = description.join(' ');
    // Reaching the end of the text without a heading or a next field: the cut is in here.
    entry.cut = k >= this.n || !full;
    return { entry, next: k };
  }

  // ---------------------------------------------------------------- examples

  private example(from: ExampleInfo['from'], offset: number): Example | undefined {
    const result = parsePartialJson(this.jsonText, offset);
    if (!result.node) return undefined;
    const shape = exampleShape(result.node);
    const value = result.complete ? jsonNodeToValue(result.node) : undefined;
    return {
      info: {
        ...(value !== undefined ? { value } : {}),
        complete: result.complete,
        paths: [...shape.paths],
        from,
      },
      node: result,
    };
  }

  /** Reads the JSON starting after heading line `h`; returns the line to continue from. */
  private readExample(h: number, from: ExampleInfo['from'], assign: (v: Example) => void): number {
    const j = this.nextNonBlank(h);
    const first = this.t(j);
    if (j >= this.n || !(first.startsWith('{') || first.startsWith('['))) return h + 1;
    const result = parsePartialJson(this.jsonText, this.starts[j] ?? 0);
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
    if (result.error) this.page.warnings.push(`${from} JSON on line ${j + 1}: ${result.error}`);
    if (!result.complete && !result.error) return this.n;
    return this.lineAt(Math.max(result.end - 1, 0)) + 1;
  }

  /** The curl sample's `--data-raw '…'` body, used when the page shows no 示例 block. */
  private readCurl(start: number): void {
    for (let j = start; j < this.n; j++) {
      const line = this.lines[j] ?? '';
      if (RESPONSE_HEADINGS.has(compact(line)) || MODIFIED.test(this.t(j))) return;
      const m = /--data(?:-raw|-binary)?\s+'/.exec(line);
      if (!m) continue;
      const example = this.example('curl', (this.starts[j] ?? 0) + m.index + m[0].length);
      if (example) this.curlExample = example;
      return;
    }
  }

  // ---------------------------------------------------------------- result

  /** Where a cut copy stops: the section, the last field read there, the last line. */
  private recordCut(): void {
    if (this.page.complete || this.lastNonBlank < 0) return;
    const fieldsHere = FIELD_SECTIONS.has(this.section)
      ? this.raw[this.section as FieldSection]
      : [];
    const lastField = fieldsHere[fieldsHere.length - 1]?.name;
    this.page.cut = {
      section: this.section,
      ...(lastField !== undefined ? { lastField } : {}),
      lastLine: this.t(this.lastNonBlank),
      line: this.lastNonBlank + 1,
    };
  }

  /** Turns the raw entries into page fields, placing body and response fields in their nesting. */
  private assemble(options: ParseOptions): void {
    const page = this.page;
    page.headers = topLevel(this.raw['request.header']);
    page.params = {
      path: topLevel(this.raw['request.path']),
      query: topLevel(this.raw['request.query']),
      cookie: topLevel(this.raw['request.cookie']),
    };

    const hints: NestingHints | undefined = options.hints?.(page.method ?? '', page.path ?? '');
    const bodyExample = this.requestExample?.node.node ? this.requestExample : this.curlExample;
    const body = assignNesting(this.raw['request.body'], {
      kind: 'body',
      ...(bodyExample?.node.node ? { example: exampleShape(bodyExample.node.node) } : {}),
      ...(hints?.body ? { hints: hints.body } : {}),
    });
    page.body = body.fields;
    page.bodyExpanded = body.expanded;
    if (bodyExample) page.requestExample = bodyExample.info;

    const responseExample = this.responseExample;
    const response = assignNesting(this.raw['response.fields'], {
      kind: 'response',
      ...(responseExample?.node.node ? { example: exampleShape(responseExample.node.node) } : {}),
      ...(hints?.response ? { hints: hints.response } : {}),
    });
    page.response = response.fields;
    page.responseExpanded = response.expanded;
    if (responseExample) page.responseExample = responseExample.info;
  }
}

function isMarker(line: string): boolean {
  return DEFAULT_MARK.test(line) || EXAMPLE_MARK.test(line) || ENUM_MARK.test(line);
}

/** Parameters and headers: flat lists, no nesting. */
function topLevel(entries: RawEntry[]): PageField[] {
  return entries.map((e) => ({
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
}

export function parsePage(text: string, options: ParseOptions = {}): ParsedPage {
  return new PageScanner(text).scan(options);
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
