// @ts-nocheck
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionRecord } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, tokens } from '../adapters/table.js';
import { linesOf, tempDir, verify } from './support.js';

const gateway = new URL('./gateway.ts', import.meta.url).pathname;
const root = new URL('../../', import.meta.url).pathname;

/** Starts the gateway and resolves with its port once it listens. */
function start(config: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', gateway, config], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const port = /ready (\d+)/.exec(out)?.[1];
      if (port !== undefined) resolve({ child, port: Number(port) });
    });
    child.on('exit', (code) => reject(new Error(`the gateway exited (${code}) before it was ready`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

describe('a gateway killed with SIGKILL mid-traffic', () => {
  it('has a record for every response it sent, and its chain is whole up to the last whole record', async () => {
    const dir = tempDir();
    const log = join(dir, 'decisions.jsonl');
    const config = join(dir, 'gateway.json');
    writeFileSync(config, JSON.stringify({ log, mpJwks: mpKeys.jwks, altinnJwks: altinnKeys.jwks }));
    const { child, port } = await start(config);
    const gone = exited(child);
    const answered: string[] = [];
    const headers = {
      authorization: tokens.direct(),
      'consent-id': tokens.altinn2Consent(),
      'psu-id': tokens.person,
    };
    const send = async (id: string): Promise<void> => {
      const response = await fetch(`http://127.0.0.1:${port}/saldo/v1/Accounts`, {
        headers: { ...headers, 'x-request-id': id },
      });
      await response.arrayBuffer();
      answered.push(id);
      if (answered.length === 150) child.kill('SIGKILL');
    };
    // 24 clients, 40 requests each; the kill lands while many are in flight.
    await Promise.all(
      Array.from({ length: 24 }, async (_, client) => {
        for (let i = 0; i < 40; i += 1) {
          const sent = await send(`crash-${client}-${i}`).then(
            () => true,
            () => false,
          );
          if (!sent) return;
        }
      }),
    );
    await gone;
    expect(answered.length).toBeGreaterThanOrEqual(150);
    expect(answered.length).toBeLessThan(960);

    const lines = linesOf(log);
    const recorded = new Set(
      lines.flatMap((l) => {
        try {
          return [(JSON.parse(l) as DecisionRecord).requestId];
        } catch {
          return [];
        }
      }),
    );
    expect(answered.filter((id) => !recorded.has(id))).toEqual([]);
    const report = verify([log]);
    expect(report.chains.map((c) => c.firstBreak)).toEqual([null]);
    for (const p of report.problems) expect([p.kind, p.line]).toEqual(['torn', lines.length]);
  });
});
