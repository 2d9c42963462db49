// Where the tests find what they check against: the repo (the C++ op table, docs/encoding.md), the shared
// reference vectors, and the foliod binary under test.
import {existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/** clients/typescript (this file is compiled to dist/test/helpers/). */
export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const repoDir = resolve(packageDir, '..', '..');

/** FOLIO_SHARED_DIR, as CTest passes it, or ../shared beside the checkout (where CI has it). */
export const sharedDir = process.env['FOLIO_SHARED_DIR'] ?? resolve(repoDir, '..', 'shared');

/** FOLIOD (CTest passes the binary it built), else BUILD_DIR/node/foliod, else build/node/foliod. */
export function foliodPath(): string {
    const path = process.env['FOLIOD'] ??
        join(resolve(repoDir, process.env['BUILD_DIR'] ?? 'build'), 'node', 'foliod');
    if (!existsSync(path)) {
        throw new Error(`foliod not found at ${path}: build it (./scripts/build.sh) or set FOLIOD`);
    }
    return path;
}
