import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { ConfigError, fileSink } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, decide, guarded, linesOf, recordsOf, tempDir, verify } from './support.js';

const seqs = (path: string) => recordsOf(path).map((r) => r.chain.seq);

/** Runs a small node script (ESM) and resolves once it exits, with what it printed. */
function node(script: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('fileSink: what reaches the file', () => {
  it('appends one JSON line per record, and appends to what is there', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    writeFileSync(path, '{"earlier":true}\n');
    const sink = fileSink({ path, fsync: 'never' });
    await sink.write('{"a":1}', {});
    await sink.write('{"b":2}', {});
    await sink.close?.();
    expect(linesOf(path)).toEqual(['{"earlier":true}', '{"a":1}', '{"b":2}']);
  });

  it.each(['record', 'interval', 'never'] as const)('fsync %s is accepted and writes', async (fsync) => {
    const path = join(tempDir(), 'decisions.jsonl');
    const sink = fileSink({ path, fsync, fsyncIntervalMs: 5 });
    await sink.write('{"n":1}', {});
    await sink.close?.();
    expect(linesOf(path)).toEqual(['{"n":1}']);
  });

  it('rejects a bad fsync mode, interval, size or count as a ConfigError', () => {
    const path = join(tempDir(), 'decisions.jsonl');
    for (const bad of [
      { fsync: 'sometimes' },
      { fsyncIntervalMs: 0 },
      { maxBytes: -1 },
      { maxFiles: 1.5 },
      { maxPendingBytes: Number.NaN },
    ]) {
      expect(() => fileSink({ path, ...(bad as object) })).toThrow(ConfigError);
    }
  });

  it('batches concurrent writes and keeps the chain in seq order in the file', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const { trail, guard } = guarded({ sinks: [fileSink({ path, fsync: 'record' })] });
    await decide(guard, 60);
    await trail.close();
    expect(seqs(path)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(verify([path]).whole).toBe(true);
  });

  it('rejects a write at once when more than maxPendingBytes wait for the disk', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const sink = fileSink({ path, fsync: 'never', maxPendingBytes: 1000 });
    const line = JSON.stringify({ pad: 'x'.repeat(290) });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => sink.write(line, {})));
    await sink.close?.();
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(String((rejected[0] as PromiseRejectedResult).reason)).toContain('falling behind');
    expect(linesOf(path).length).toBe(results.length - rejected.length);
  });

  it('rejects writes after close', async () => {
    const sink = fileSink({ path: join(tempDir(), 'decisions.jsonl') });
    await sink.close?.();
    await expect(sink.write('{}', {})).rejects.toThrow('closed');
  });
});

describe('fileSink: rotation and reopening', () => {
  it('rotates by size (path → path.1 → path.2), keeps maxFiles, and the chain runs on across files', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const { trail, guard } = guarded({
      sinks: [fileSink({ path, fsync: 'never', maxBytes: 6000, maxFiles: 2 })],
    });
    for (let i = 0; i < 12; i += 1) await decide(guard, 1, `seq-${i}`);
    await trail.close();
    expect(existsSync(`${path}.3`)).toBe(false);
    const files = [`${path}.2`, `${path}.1`, path];
    for (const f of files) expect(linesOf(f).length).toBeGreaterThan(0);
    const report = verify(files, { partial: true });
    expect(report.problems).toEqual([]);
    expect(report.chains[0]?.lastSeq).toBe(12);
  });

  it('reopen() after an external rename (logrotate) continues the chain in the new file', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const sink = fileSink({ path, fsync: 'never' });
    const { trail, guard } = guarded({ sinks: [sink] });
    await decide(guard, 3, 'before');
    renameSync(path, `${path}.1`);
    sink.reopen();
    await decide(guard, 2, 'after');
    await trail.close();
    expect(seqs(`${path}.1`)).toEqual([1, 2, 3]);
    expect(seqs(path)).toEqual([4, 5]);
    expect(verify([`${path}.1`, path]).whole).toBe(true);
  });

  it('reopenOnSighup: a SIGHUP after logrotate moves the file makes the next record go to a new file', async () => {
    const dir = tempDir();
    const path = join(dir, 'decisions.jsonl');
    const core = new URL('../../packages/core/src/audit/fileSink.ts', import.meta.url).pathname;
    // A child process, so the signal reaches only the sink under test.
    const script = `
      import { renameSync } from 'node:fs';
      const { fileSink } = await import(${JSON.stringify(core)});
      const sink = fileSink({ path: ${JSON.stringify(path)}, fsync: 'never', reopenOnSighup: true });
      await sink.write('{"n":1}', {});
      renameSync(${JSON.stringify(path)}, ${JSON.stringify(`${path}.1`)});
      // Signal handles do not keep the loop alive: a timer does, until the signal has come.
      const keepAlive = setInterval(() => {}, 1000);
      const delivered = new Promise((r) => process.once('SIGHUP', r));
      process.kill(process.pid, 'SIGHUP');
      await delivered;
      clearInterval(keepAlive);
      await sink.write('{"n":2}', {});
      await sink.close();
      console.log('done');
    `;
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stdout += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(run).toEqual({ code: 0, stdout: 'done\n' });
    expect(linesOf(`${path}.1`)).toEqual(['{"n":1}']);
    expect(linesOf(path)).toEqual(['{"n":2}']);
  });

  it('writes again once its file can be opened again (a failed reopen is not for ever)', async () => {
    const dir = join(tempDir(), 'logs');
    mkdirSync(dir);
    const path = join(dir, 'decisions.jsonl');
    const sink = fileSink({ path, fsync: 'never' });
    await sink.write('{"n":1}', {});
    rmSync(dir, { recursive: true });
    sink.reopen();
    await expect(sink.write('{"n":2}', {})).rejects.toThrow();
    mkdirSync(dir);
    await sink.write('{"n":3}', {});
    await sink.close?.();
    expect(linesOf(path)).toEqual(['{"n":3}']);
  });
});

describe('fileSink: one writer per file', () => {
  it('closing after a failed reopen still gives the path free (the error is reported, the lock is not kept)', async () => {
    const dir = join(tempDir(), 'logs');
    mkdirSync(dir);
    const path = join(dir, 'decisions.jsonl');
    const sink = fileSink({ path, fsync: 'record' });
    await sink.write('{"n":1}', {});
    rmSync(dir, { recursive: true });
    sink.reopen();
    await expect(sink.write('{"n":2}', {})).rejects.toThrow();
    await expect(sink.close?.()).rejects.toThrow();
    mkdirSync(dir);
    const next = fileSink({ path, fsync: 'never' });
    await next.write('{"n":3}', {});
    await next.close?.();
    expect(linesOf(path)).toEqual(['{"n":3}']);
  });

  it('a second sink on the same path in this process is a ConfigError; after close it is fine', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const first = fileSink({ path });
    expect(() => fileSink({ path })).toThrow(ConfigError);
    await first.close?.();
    const second = fileSink({ path });
    await second.close?.();
  });

  it('a path held by another live process (its pid in the lock file) is a ConfigError', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(`${path}.lock`, String(holder.pid));
      expect(() => fileSink({ path })).toThrow(/another process \(pid \d+\)/);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a stale lock of a dead process is taken over', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const gone = await node('console.log(process.pid)');
    writeFileSync(`${path}.lock`, gone.stdout.trim());
    const sink = fileSink({ path });
    await sink.write('{}', {});
    await sink.close?.();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

describe('fileSink: a restarted trail resumes its chain from the file', () => {
  it('seq and prev go on from the last record (new trail, new sink, same file)', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    for (const run of ['first', 'second']) {
      const { trail, guard } = guarded({ sinks: [fileSink({ path, fsync: 'never' })] });
      await decide(guard, 3, run);
      await trail.close();
    }
    expect(seqs(path)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verify([path]).whole).toBe(true);
  });

  it('just after a rotation (the current file empty) it resumes from path.1', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const first = guarded({ sinks: [fileSink({ path, fsync: 'never' })] });
    await decide(first.guard, 2);
    await first.trail.close();
    renameSync(path, `${path}.1`);
    writeFileSync(path, '');
    const second = guarded({ sinks: [fileSink({ path, fsync: 'never' })] });
    await decide(second.guard, 2);
    await second.trail.close();
    expect(seqs(path)).toEqual([3, 4]);
    expect(verify([`${path}.1`, path]).whole).toBe(true);
  });

  it('after a torn last line it starts its next record on a new line and links to the last whole record', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const first = guarded({ sinks: [fileSink({ path, fsync: 'never' })] });
    await decide(first.guard, 2);
    await first.trail.close();
    appendFileSync(path, '{"recordVersion":1,"kind":"decis');
    const second = guarded({ sinks: [fileSink({ path, fsync: 'never' })] });
    await decide(second.guard, 1);
    await second.trail.close();
    const lines = linesOf(path);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('{"recordVersion":1,"kind":"decis');
    expect(JSON.parse(lines[3] as string).chain.seq).toBe(3);
    const report = verify([path]);
    expect(report.problems.map((p) => [p.kind, p.line])).toEqual([['corrupt', 3]]);
    expect(report.chains[0]?.firstBreak).toBeNull();
  });

  it('a torn last line is healed with a newline even when another sink, not this one, resumed the chain', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const first = guarded({ sinks: [fileSink({ path: a }), fileSink({ path: b })] });
    await decide(first.guard, 1);
    await first.trail.close();
    appendFileSync(b, '{"torn');
    const second = guarded({ sinks: [fileSink({ path: a }), fileSink({ path: b })] });
    await decide(second.guard, 1);
    await second.trail.close();
    expect(linesOf(b)[1]).toBe('{"torn');
    expect(JSON.parse(linesOf(b)[2] as string).chain.seq).toBe(2);
  });
});

describe('fileSink: rotation under a signing trail', () => {
  it('every rotated file ends in a signed rotate checkpoint; the files verify under the public key, also after a restart', async () => {
    const keys = checkpointKeys();
    const path = join(tempDir(), 'decisions.jsonl');
    const write = async (n: number) => {
      const { trail, guard } = guarded({
        sinks: [fileSink({ path, fsync: 'never', maxBytes: 8000, maxFiles: 20 })],
        checkpoints: { every: 100, key: keys.privateKey },
      });
      for (let i = 0; i < n; i += 1) await guard.check({ maskinportenToken: 'x', requestId: `r-${i}` });
      await trail.close();
    };
    await write(12);
    await write(12);
    const files = [...Array.from({ length: 20 }, (_, i) => `${path}.${20 - i}`), path].filter(existsSync);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files.slice(0, -1)) {
      expect(recordsOf(file).at(-1)).toMatchObject({ kind: 'checkpoint', reason: 'rotate' });
      expect(readFileSync(file).length).toBeLessThanOrEqual(8000);
    }
    const report = verify(files, { publicKey: keys.publicKey });
    expect(report.problems).toEqual([]);
    expect(report.chains[0]).toMatchObject({ records: 24, epochStarts: [] });
  });
});
