import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, PolicyError } from '@dsop-guard/rules';
import { afterAll, describe, expect, it } from 'vitest';

// Found in review (issue 26): loadPolicy read its path with readFileSync, which waits for ever on a FIFO with no
// writer (`--policy /tmp/fifo.yaml` hung the CLI and `dsop-guard serve` at start) and reads a device such as
// /dev/zero without end, and a policy file had no size limit. Fix: the file is opened without blocking and
// checked on the open descriptor (a symlink is followed): anything but a regular file is a PolicyError, and so is
// a file or text over 1 MiB (MAX_POLICY_BYTES).

const dir = mkdtempSync(join(tmpdir(), 'dsop-policy-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = 'id: p\nversion: "1"\nenvironment: test\nrule: { rule: issuer }\n';

function problemOf(load: () => unknown) {
  try {
    load();
  } catch (e) {
    if (e instanceof PolicyError) return e.problems[0];
    throw e;
  }
  throw new Error('loaded');
}

describe('regression: a policy path that is not a regular file, or a policy over 1 MiB', () => {
  const fifo = join(dir, 'fifo.policy.yaml');
  execFileSync('mkfifo', [fifo]);
  const viaLink = join(dir, 'link.policy.yaml');
  symlinkSync(fifo, viaLink);
  const device = join(dir, 'zero.policy.yaml');
  symlinkSync('/dev/zero', device);
  const directory = join(dir, 'folder.policy.json');
  execFileSync('mkdir', [directory]);

  it.each([
    ['a FIFO', fifo],
    ['a symlink to a FIFO', viaLink],
    ['a symlink to /dev/zero', device],
    ['a directory', directory],
  ])('%s is refused at once, never waited on or read', (_, path) => {
    expect(problemOf(() => loadPolicy({ path }))).toMatchObject({
      file: path,
      message: 'not a regular file',
      line: null,
    });
  });

  it('a file over 1 MiB is refused', () => {
    const big = join(dir, 'big.policy.yaml');
    writeFileSync(big, `${VALID}description: "${'x'.repeat(1_048_576)}"\n`);
    expect(problemOf(() => loadPolicy({ path: big }))?.message).toBe('larger than 1048576 bytes (1 MiB)');
  });

  it('text over 1 MiB (counted in UTF-8 bytes) is refused', () => {
    const text = `${VALID}description: "${'ø'.repeat(524_300)}"\n`;
    expect(problemOf(() => loadPolicy({ text, format: 'yaml' }))?.message).toBe(
      'larger than 1048576 bytes (1 MiB)',
    );
  });

  it('a regular file, and a symlink to one, still load', () => {
    const file = join(dir, 'ok.policy.yaml');
    writeFileSync(file, VALID);
    const link = join(dir, 'ok-link.policy.yaml');
    symlinkSync(file, link);
    expect(loadPolicy({ path: file }).id).toBe('p');
    expect(loadPolicy({ path: link }).sha256).toBe(loadPolicy({ path: file }).sha256);
  });
});
