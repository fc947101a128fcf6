// Shared by the audit tests: temp folders, a guard that records into a trail, and reading a log back.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Guard, createGuard } from '@dsop-guard/adapters';
import {
  type AuditRecord,
  type AuditTrail,
  type AuditTrailOptions,
  type ChainReport,
  type ChainVerifierOptions,
  createAuditTrail,
  createChainVerifier,
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
