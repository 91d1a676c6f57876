// Reads the files out of an npm package tarball (gzipped POSIX tar), enough to check what a
// registry user would download. Only regular files are returned; npm's tarballs hold nothing else
// that matters (directories are implied by paths).
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number, name: string): number {
  const raw = text(block, start, length).trim();
  if (!/^[0-7]+$/.test(raw)) throw new Error(`tar entry ${name}: bad size field "${raw}"`);
  return Number.parseInt(raw, 8);
}

/** `path=...` out of a pax extended header ("<length> <key>=<value>\n" records). */
function paxPath(data: Buffer): string | undefined {
  let offset = 0;
  let path: string | undefined;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(offset, space).toString('ascii'), 10);
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice('path='.length);
    offset += length;
  }
  return path;
}

/** Path → contents of every regular file in a .tgz. */
export function readTarball(gzipped: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(gzipped);
  const files = new Map<string, Buffer>();
  let offset = 0;
  let nextPath: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break; // end-of-archive marker
    const name = text(header, 0, 100);
    const size = octal(header, 124, 12, name);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(header, 345, 155);
    const start = offset + BLOCK;
    if (start + size > tar.length) throw new Error(`tar entry ${name} runs past the archive's end`);
    const data = tar.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      nextPath = paxPath(data);
      continue;
    }
    if (type === 'g') continue; // global pax header: nothing we use
    const path = nextPath ?? (prefix ? `${prefix}/${name}` : name);
    nextPath = undefined;
    if (type === '0' || type === '\0') files.set(path, Buffer.from(data));
  }
  return files;
}
