// @ts-nocheck
// The gateway configurations the tests run are the blocks of docs/gateways.md fenced with `gateway=<name>`
// (```nginx gateway=nginx): read from the page itself, so the docs cannot drift from what is tested. Only the
// addresses named in `fill` are replaced, and each must be there.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOC = fileURLToPath(new URL('../../docs/gateways.md', import.meta.url));

/** The one block of docs/gateways.md fenced with `gateway=<name>`; throws when there is none or more. */
export function docConfig(name: string): string {
  const text = readFileSync(DOC, 'utf8');
  const blocks = [...text.matchAll(/^```\w+ gateway=([\w-]+)\n([\s\S]*?)^```$/gm)].filter(
    (m) => m[1] === name,
  );
  if (blocks.length !== 1) throw new Error(`docs/gateways.md has ${blocks.length} blocks gateway=${name}`);
  return blocks[0]?.[2] as string;
}

/** `config` with every `from` replaced by its `to`; throws when a `from` does not occur (the docs changed). */
export function fill(config: string, replacements: Readonly<Record<string, string>>): string {
  let filled = config;
  for (const [from, to] of Object.entries(replacements)) {
    if (!filled.includes(from)) throw new Error(`the gateway configuration has no ${JSON.stringify(from)}`);
    filled = filled.split(from).join(to);
  }
  return filled;
}
