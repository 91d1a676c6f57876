// Moved to @pandapon/spec-model (the one reader of specs/); kept so that scripts importing this
// path keep working until they import the package directly.
export { listSpecFiles, SHARED_SPEC_FILES, SPEC_FILE_PATTERN } from '@pandapon/spec-model';
