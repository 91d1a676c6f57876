// The repository's one reader of specs/ (private: tools and tests only, never shipped).
export { bundleSpec } from './bundle.js';
export { type EditableSpecs, loadEditableSpecs } from './documents.js';
export {
  type DocRef,
  type OperationExtensions,
  type PaginationMarker,
  readDocs,
  SPEC_EXTENSIONS,
  type SpecExtension,
} from './extensions.js';
export {
  listSpecFiles,
  listSpecYamlFiles,
  platformSpecFile,
  platformSpecFiles,
  REPO_ROOT,
  SHARED_SPEC_FILES,
  SPEC_FILE_PATTERN,
  SPECS_DIR,
} from './files.js';
export { HTTP_METHODS, type HttpMethod, operationKey } from './http.js';
export { assertNoProblems, loadPlatformIndex, loadSpecIndex, specIndexFromTexts } from './load.js';
export { type EvidencedMessageType, evidencedMessageTypes } from './message-types.js';
export { methodName } from './method-name.js';
export {
  isPlatform,
  PLATFORM_LIST,
  PLATFORM_NAMES,
  PLATFORMS,
  type Platform,
  type PlatformInfo,
  platformInfo,
} from './platforms.js';
export { type RedoclyResult, redocly } from './redocly.js';
export {
  isRecord,
  type Located,
  type LocatedNode,
  pointerOf,
  pointerTokens,
  type ReadText,
  type SpecLocation,
  SpecResolver,
  splitRef,
  type YamlPath,
} from './resolver.js';
export {
  buildSpecIndex,
  callbackMessageTypes,
  findOperations,
  pathShape,
  propertySchemas,
  propertyValues,
  type SpecIndex,
  type SpecOperation,
  type SpecParam,
  type SpecWebhook,
} from './spec-index.js';
