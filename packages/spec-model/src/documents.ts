/**
 * The specs as editable `yaml` Documents, for a tool that writes them (`pnpm learn`): it reads
 * through the same resolver as every other reader (one `$ref` implementation), and edits the
 * Documents so comments and layout survive a write.
 */

import { listSpecYamlFiles, SPECS_DIR } from './files.js';
import { SpecResolver } from './resolver.js';

export interface EditableSpecs {
  /** Every YAML file of the folder, the shared ones included (absolute, sorted). */
  files: string[];
  /**
   * Reads them: `document(file)` is a file's Document, `locate({ file, path })` follows `$ref`s
   * to the file and YAML path of their target, `edited(file)` refreshes what it reads after an edit.
   */
  resolver: SpecResolver;
}

/** Loads every YAML file of `specDir`; throws listing the files that cannot be read or parsed. */
export function loadEditableSpecs(
  specDir: string = SPECS_DIR,
  resolver: SpecResolver = new SpecResolver(),
): EditableSpecs {
  const files = listSpecYamlFiles(specDir);
  for (const file of files) resolver.document(file);
  if (resolver.problems.length > 0) {
    throw new Error(
      `The specs in ${specDir} cannot be loaded:\n  ${resolver.problems.join('\n  ')}`,
    );
  }
  return { files, resolver };
}
