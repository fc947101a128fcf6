/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the page's elements by id (pageHtml.ts writes them).

/** The element with this id; the page has every id the script asks for. */
export const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
