/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: replaces what one of the page's sections shows.

import { byId } from './byId.js';

/** The section's `.body` holds the nodes, and only them. */
export function fill(section: string, ...nodes: Node[]): void {
  byId(section)
    .querySelector('.body')
    ?.replaceChildren(...nodes);
}
