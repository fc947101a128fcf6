/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: an HTML element with its attributes and children, in one expression.

/** A child to append; `null`, `undefined` and `false` are left out, so that a child can be conditional. */
export type Child = Node | string | null | undefined | false;

export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}
