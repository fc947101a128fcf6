// The neutral view of a report that the HTML and Markdown renderers both draw.

/** A table cell: text (escaped by the renderer), a count (formatted), or nothing (`–`). */
export type Cell = string | number | null;

export interface ViewTable {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Columns in Norwegian, marked `lang="nb"` in HTML. */
  readonly nbColumns?: readonly number[];
  /** Long tables are folded away in HTML. */
  readonly folded?: boolean;
}

export interface ViewSection {
  readonly id: string;
  readonly title: string;
  readonly lines: readonly string[];
  readonly tables: readonly ViewTable[];
  readonly chart?: 'timeline' | 'reasons' | 'replay';
  /** A headline verdict, shown prominently, with a test id. */
  readonly verdict?: { readonly ok: boolean; readonly text: string; readonly testid: string };
  readonly testid?: string;
}
