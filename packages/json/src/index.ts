export { type BigIntegerMode, type ParseOptions, parseJson } from './parse.js';
export { stringifyJson } from './stringify.js';
