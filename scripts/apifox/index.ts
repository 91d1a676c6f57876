export type { NestingContext, NestingResult, RawEntry } from './nesting.js';
export { assignNesting, ENVELOPE_FIELDS } from './nesting.js';
export { enumMatches, parsePage } from './parse-page.js';
export type { ExampleShape, JsonNode, PartialJsonResult } from './partial-json.js';
export { exampleShape, jsonNodeToValue, parsePartialJson } from './partial-json.js';
export type { BaseType, TypeInfo } from './type-expr.js';
export {
  arrayDepth,
  describeType,
  isContainerType,
  parseTypeExpression,
  parseTypePrefix,
} from './type-expr.js';
export type * from './types.js';
