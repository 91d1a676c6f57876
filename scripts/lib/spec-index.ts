// Moved to @pandapon/spec-model (the one reader of specs/); kept so that scripts importing this
// path keep working until they import the package directly.
export {
  buildSpecIndex,
  type DocRef,
  findOperations,
  HTTP_METHODS,
  operationKey,
  pathShape,
  type SpecIndex,
  type SpecOperation,
  type SpecParam,
  type SpecWebhook,
} from '@pandapon/spec-model';
