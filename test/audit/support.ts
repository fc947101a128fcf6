// Shared by the audit tests: temp folders, a guard that records into a trail, and reading a log back.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGuard, type Guard } from '@dsop-guard/adapters';
import {
  type AuditRecord,
  type AuditTrail,
  type AuditTrailOptions,
  type ChainReport,
  type ChainVerifierOptions,
  createAuditTrail,
  createChainVerifier,
  fileSink,
} from '@dsop-guard/core';
import { afterAll } from 'vitest';
import { guardOptions, tokens } from '../adapters/table.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the file's tests (some run concurrently). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-audit-'));
  dirs.push(dir);
  return dir;
}

/** The lines of a file, without the final newline's empty string. */
export function linesOf(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function recordsOf(path: string): AuditRecord[] {
  return linesOf(path).map((l) => JSON.parse(l) as AuditRecord);
}

/** Verifies files in the order given, as `dsop-guard audit verify` does. */
export function verify(paths: readonly string[], options: ChainVerifierOptions = {}): ChainReport {
  const verifier = createChainVerifier(options);
  for (const file of paths) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const torn = !text.endsWith('\n');
    if (!torn) lines.pop();
    lines.forEach((line, i) => {
      verifier.push(line, { file, line: i + 1 }, torn && i === lines.length - 1);
    });
  }
  return verifier.report();
}

export const valid = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
};

/** A trail over `options` and a guard recording into it. */
export function guarded(options: AuditTrailOptions): { trail: AuditTrail; guard: Guard } {
  const trail = createAuditTrail({ chainId: 'test-chain', ...options });
  return { trail, guard: createGuard(guardOptions({ audit: trail })) };
}

/** Makes `n` allowed decisions, concurrently, with request ids `prefix-0` … */
export async function decide(guard: Guard, n: number, prefix = 'r'): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, (_, i) => guard.check({ ...valid, requestId: `${prefix}-${i}` })),
  );
}

/** An Ed25519 pair for signed checkpoints, as PEM text and as files in a temp folder (what `audit keygen` writes). */
export function checkpointKeys(): {
  readonly privateKey: string;
  readonly publicKey: string;
  readonly privateFile: string;
  readonly publicFile: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const dir = tempDir();
  const privateFile = join(dir, 'checkpoint-signing.pem');
  const publicFile = join(dir, 'checkpoint-public.pem');
  writeFileSync(privateFile, privateKey, { mode: 0o600 });
  writeFileSync(publicFile, publicKey);
  return { privateKey, publicKey, privateFile, publicFile };
}

/** A signed log at `path` (a new one in a temp folder by default): `n` decisions, a checkpoint every `every`. */
export async function signedLog(
  key: string,
  n: number,
  every: number,
  options: Partial<AuditTrailOptions> & { path?: string } = {},
): Promise<string> {
  const { path = join(tempDir(), 'decisions.jsonl'), ...rest } = options;
  const { trail, guard } = guarded({
    sinks: [fileSink({ path, fsync: 'never' })],
    checkpoints: { every, key },
    ...rest,
  });
  for (let i = 0; i < n; i += 1) await guard.check({ maskinportenToken: 'x', requestId: `s-${i}` });
  await trail.close();
  return path;
}

/**
 * What an attacker without the signing key can do to a chain: take its records, change them, and seal and
 * link them afresh from `from` (the hash the first of them follows), as the writer would.
 */
export function reseal(records: readonly object[], from: string | null): string[] {
  let prev = from;
  return records.map((record) => {
    const { hash: _hash, ...body } = record as Record<string, unknown>;
    const chain = body['chain'] as { seq: number };
    const text = JSON.stringify({ ...body, chain: { ...chain, prev } });
    const hash = createHash('sha256').update(text).digest('hex');
    prev = hash;
    return `${text.slice(0, -1)},"hash":"${hash}"}`;
  });
}

/** Writes lines as a log file (each ending in a newline) and returns its path. */
export function writeLog(lines: readonly string[], name = 'decisions.jsonl'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return path;
}
