// Moved to @pandapon/spec-model (the one reader of specs/); kept so that scripts importing this
// path keep working until they import the package directly.
export { isRecord, type Located, type ReadText, SpecResolver } from '@pandapon/spec-model';
