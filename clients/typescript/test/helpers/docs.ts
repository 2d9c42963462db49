// Reads the values of docs/encoding.md's worked example (the blocks after `<!-- example:NAME -->`), which a
// C++ test checks against the node's code: checking the client against the same text ties the two together.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {repoDir} from './paths.js';

export function encodingExample(): Record<string, string> {
    const text = readFileSync(join(repoDir, 'docs', 'encoding.md'), 'utf8');
    const out: Record<string, string> = {};
    for (const m of text.matchAll(/<!-- example:([a-z_]+) -->\s*```\s*\n([^`]*)```/g))
        out[m[1]!] = m[2]!.trim();
    return out;
}
