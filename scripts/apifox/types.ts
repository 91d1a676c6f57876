import type { TypeInfo } from './type-expr.js';

/** Where in the page layout a line sits; a cut page reports the section it stopped in. */
export type PageSection =
  | 'preamble' // URL, menu, title, method, path
  | 'request' // after 请求参数, before the first parameter table
  | 'request.path'
  | 'request.query'
  | 'request.header'
  | 'request.cookie'
  | 'request.body'
  | 'request.example'
  | 'request.code-samples'
  | 'response' // after 返回响应, before the field table
  | 'response.fields'
  | 'response.example'
  | 'response.other' // a second status block (only the first one is read)
  | 'doc' // a page without method and path (manual, tutorial)
  | 'end'; // after 修改于: the page is complete

/**
 * How a field's parent was decided. Apifox's text loses indentation, so nesting is rebuilt:
 * - `top-level`: no container was open;
 * - `count`: the container's type said `{N}` properties and this is one of the N;
 * - `example`: the page's own example JSON places the key;
 * - `hint`: the caller's list of known paths (the spec) places the key;
 * - `envelope`: the response envelope decides (its top level is a fixed set of names);
 * - `duplicate`: the name is already taken at one level, so it belongs to the other;
 * - `guess`: nothing decided; the field is assumed to continue the open container.
 */
export type NestingReason =
  | 'top-level'
  | 'count'
  | 'example'
  | 'hint'
  | 'envelope'
  | 'duplicate'
  | 'guess';

export interface PageField {
  name: string;
  /**
   * Field path: `a.b` for a property of object `a`, `a[].b` for a property of the objects in
   * array `a`; top-level fields have no dot. Parameters and headers are always just the name.
   */
  path: string;
  /** 1 for top-level fields. */
  depth: number;
  /** Undefined when the page was cut before the type line was complete. */
  type?: TypeInfo;
  /** `必需` → true, `可选` → false, undefined when the page states neither. */
  required?: boolean;
  description?: string;
  defaultValue?: string;
  exampleValue?: string;
  /**
   * Values listed under `枚举值:`, one per line as printed. Apifox sometimes prints them glued
   * together on one line (`SUNDAYMONDAY…`); compare with {@link enumMatches}.
   */
  enumValues?: string[];
  nesting: NestingReason;
  /** When `nesting` is `guess`: the path the field would have if the container had ended before it. */
  alternativePath?: string;
  /** The page was cut inside this entry: anything after its name may be missing. */
  cut: boolean;
  /** 1-based line number in the page text. */
  line: number;
}

export interface CutPoint {
  /** The section the text stopped in. */
  section: PageSection;
  /** The last field read in that section, if any. */
  lastField?: string;
  /** The last non-blank line of the text (usually cut mid-word). */
  lastLine: string;
  /** 1-based line number of `lastLine`. */
  line: number;
}

export interface ExampleInfo {
  /** Parsed value; only when the whole example is on the page and is valid JSON. */
  value?: unknown;
  complete: boolean;
  /** Every field path seen in the (possibly partial) example. */
  paths: string[];
  /** Where it came from: the 示例 block or, failing that, the curl sample's `--data-raw`. */
  from: 'example' | 'curl';
}

export interface ParsedPage {
  /** From the `URL:` line, when the copy has one. */
  url?: string;
  /** `api`: method + path; `callback`: method + message type; `doc`: neither (manual pages). */
  kind: 'api' | 'callback' | 'doc';
  title?: string;
  /** The docs folder printed under the path (订单, 售后…), when present. */
  folder?: string;
  method?: string;
  /** The path (`/open/order`), or the message type for a callback page. */
  path?: string;
  /** The page is labelled 开发中. */
  underDevelopment: boolean;
  /** Text after 修改于 / Modified at. */
  lastModified?: string;
  /** The copy reaches the 修改于 line. */
  complete: boolean;
  /** Where the text stops, when not complete. */
  cut?: CutPoint;
  /** Menu entries before the page (`- …` and `• …` lines), trimmed of their bullets. */
  menu: string[];
  /** System headers (Header 参数). Never request fields. */
  headers: PageField[];
  params: { path: PageField[]; query: PageField[]; cookie: PageField[] };
  /** Content type printed after `Body 参数`. */
  requestContentType?: string;
  /** Request body fields, nested ones flattened with dotted paths. */
  body: PageField[];
  /** Containers whose properties the page lists ('' = the body itself, when it has fields). */
  bodyExpanded: string[];
  requestExample?: ExampleInfo;
  /** Status code of the first response block. */
  responseStatus?: number;
  /** Fields of the first response's body (envelope included). */
  response: PageField[];
  responseExpanded: string[];
  responseExample?: ExampleInfo;
  /** Things the parser noticed but could not place (never fatal). */
  warnings: string[];
}

/** Known paths per body, used to settle nesting the page text leaves open. */
export interface NestingHints {
  body?: ReadonlySet<string>;
  response?: ReadonlySet<string>;
}

export interface ParseOptions {
  /** Called once the method and path are known; may return the spec's field paths. */
  hints?: (method: string, path: string) => NestingHints | undefined;
}
