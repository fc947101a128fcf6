// Private to the CLI: decision logs in the order they were written. A fileSink rotates `path` → `path.1` →
// `path.2`, so of `path` and its rotations given together the highest number is the oldest and `path` itself the
// newest. Files of other names keep the order given.

const ROTATED = /^(.*)\.([1-9][0-9]*)$/;

/** The files, each group of a log and its rotations oldest first (where the group's first file stood). */
export function orderRotated(files: readonly string[]): readonly string[] {
  const given = new Set(files);
  const baseOf = (file: string): string => {
    const m = ROTATED.exec(file);
    return m !== null && given.has(m[1] as string) ? (m[1] as string) : file;
  };
  const age = (file: string): number => (baseOf(file) === file ? 0 : Number(ROTATED.exec(file)?.[2]));
  const out: string[] = [];
  const done = new Set<string>();
  for (const file of files) {
    const base = baseOf(file);
    if (done.has(base)) continue;
    done.add(base);
    out.push(...files.filter((f) => baseOf(f) === base).sort((a, b) => age(b) - age(a)));
  }
  return out;
}
