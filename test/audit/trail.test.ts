import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGuard, createHttpGuard } from '@dsop-guard/adapters';
import {
  type AuditSink,
  ConfigError,
  callbackSink,
  checkpointKeyId,
  createAuditTrail,
  fileSink,
  type GuardEvent,
} from '@dsop-guard/core';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { guardOptions, tokens } from '../adapters/table.js';
import {
  checkpointKeys,
  decide,
  guarded,
  linesOf,
  recordsOf,
  signedLog,
  tempDir,
  valid,
  verify,
  writeLog,
} from './support.js';

const schema = JSON.parse(
  readFileSync(new URL('../../packages/core/schema/decision-record.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true, allowUnionTypes: true, validateFormats: false }).compile(schema);

/** A sink that fails while `failing` says so, and otherwise keeps the lines. */
function flakySink(failing: { now: boolean }): AuditSink & { lines: string[] } {
  const lines: string[] = [];
  return {
    name: 'flaky',
    lines,
    write: (line) => {
      if (failing.now) throw new Error('disk on fire');
      lines.push(line);
    },
  };
}

describe('audit trail: when a record cannot be written', () => {
  it("onFailure 'deny' turns the verdict into a deny with audit_unavailable, and HTTP 503", async () => {
    const failing = { now: true };
    const { trail, guard } = guarded({ sinks: [flakySink(failing)] });
    const verdict = await guard.check(valid);
    expect([verdict.decision, verdict.reasons]).toEqual(['deny', ['audit_unavailable']]);
    const http = createHttpGuard(guardOptions({ audit: trail }));
    const { denial } = await http.handle((name) => headers[name] ?? null);
    expect(denial?.status).toBe(503);
  });

  it("onFailure 'allow-and-alert' lets the verdict stand", async () => {
    const { guard } = guarded({ sinks: [flakySink({ now: true })], onFailure: 'allow-and-alert' });
    const verdict = await guard.check(valid);
    expect([verdict.decision, verdict.reasons]).toEqual(['allow', []]);
  });

  it.each([
    'deny',
    'allow-and-alert',
  ] as const)('under %s: audit.sink_failed, then audit.sink_recovered; counted in stats, and the lost seq is a seq_gap', async (onFailure) => {
    const failing = { now: false };
    const events: GuardEvent[] = [];
    const sink = flakySink(failing);
    const { trail, guard } = guarded({ sinks: [sink], onFailure, onEvent: (e) => events.push(e) });
    await guard.check({ ...valid, requestId: 'one' });
    failing.now = true;
    await guard.check({ ...valid, requestId: 'two' });
    failing.now = false;
    await guard.check({ ...valid, requestId: 'three' });
    expect(events.map((e) => e.type)).toEqual(['audit.sink_failed', 'audit.sink_recovered']);
    expect(events[0]).toMatchObject({ sink: 'flaky', chain: 'test-chain', seq: 2, failures: 1 });
    expect(trail.stats()).toEqual({ written: 2, failed: 1, seq: 3 });
    const report = verify([writeLog(sink.lines)]);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([['seq_gap', 3]]);
  });

  it('a sink that never answers is a failure after writeTimeoutMs, not a hang', async () => {
    const hang: AuditSink = { name: 'hang', write: () => new Promise(() => {}) };
    const { guard } = guarded({ sinks: [hang], writeTimeoutMs: 20 });
    expect((await guard.check(valid)).reasons).toEqual(['audit_unavailable']);
  });

  it('keeps personal data out of the failure event, whatever the sink says', async () => {
    const events: GuardEvent[] = [];
    const leaky: AuditSink = {
      name: 'leaky',
      write: () => {
        throw new Error(`cannot store person ${tokens.person}`);
      },
    };
    const { guard } = guarded({ sinks: [leaky], onEvent: (e) => events.push(e) });
    await guard.check(valid);
    expect(JSON.stringify(events)).not.toContain(tokens.person);
  });

  it('a guard whose audit trail throws still answers, with a deny (fail closed)', async () => {
    const broken = {
      chainId: 'broken',
      record: () => Promise.reject(new Error('no')),
      stats: () => ({ written: 0, failed: 0, seq: 0 }),
      close: async () => {},
    };
    const guard = createGuard(guardOptions({ audit: broken }));
    const verdict = await guard.check(valid);
    expect([verdict.decision, verdict.reasons]).toEqual(['deny', ['audit_unavailable']]);
  });
});

const headers: Record<string, string> = {
  authorization: valid.maskinportenToken,
  'consent-id': valid.consentToken,
  'psu-id': valid.person,
  'x-request-id': 'http-1',
};

describe('audit trail: signed checkpoints', () => {
  const keys = checkpointKeys();

  it('writes a signed checkpoint every N records and one at close; it verifies with the public key, and not with another', async () => {
    const path = await signedLog(keys.privateKey, 7, 3);
    expect(recordsOf(path).map((r) => [r.kind, r.kind === 'checkpoint' ? r.reason : null])).toEqual([
      ...[
        ['decision', null],
        ['decision', null],
        ['decision', null],
        ['checkpoint', 'every'],
      ],
      ...[
        ['decision', null],
        ['decision', null],
        ['decision', null],
        ['checkpoint', 'every'],
      ],
      ...[
        ['decision', null],
        ['checkpoint', 'closed'],
      ],
    ]);
    const good = verify([path], { publicKey: keys.publicKey });
    expect([good.whole, good.chains[0]?.checkpointsVerified, good.chains[0]?.tail]).toEqual([true, 3, 0]);
    const wrong = verify([path], { publicKey: checkpointKeys().publicKey });
    expect(wrong.problems.map((p) => [p.kind, p.line])).toEqual([
      ['checkpoint_invalid', 4],
      ['checkpoint_invalid', 8],
      ['checkpoint_invalid', 10],
      ['unsigned_chain', 10],
    ]);
  });

  it('a checkpoint names its key by the fingerprint of the public key', async () => {
    const path = await signedLog(keys.privateKey, 1, 1);
    const [, checkpoint] = recordsOf(path);
    expect(checkpoint).toMatchObject({
      kind: 'checkpoint',
      every: 1,
      keyId: checkpointKeyId(keys.publicKey),
    });
  });

  it.each([
    ['an HMAC secret', 'a-checkpoint-key-of-some-length'],
    ['a public key', checkpointKeys().publicKey],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey],
  ])('%s as the signing key is a ConfigError at build', (_, key) => {
    expect(() =>
      createAuditTrail({ sinks: [callbackSink(() => undefined)], checkpoints: { every: 1, key } }),
    ).toThrow(ConfigError);
  });
});

describe('audit trail: every record fits decision-record.schema.json', () => {
  it.each([
    ['mask', {}],
    ['pseudonymise', { pseudonymKey: { id: 'k1', key: 'a-pseudonym-key-of-some-length-32b' } }],
    ['clear', { person: 'clear' as const }],
  ])('%s', async (_, privacy) => {
    const path = join(tempDir(), 'decisions.jsonl');
    const { trail, guard } = guarded({
      sinks: [fileSink({ path, fsync: 'never' })],
      checkpoints: { every: 2, key: checkpointKeys().privateKey },
      personFacts: () => ({ valid: true, kinds: ['fnr'], checksum: 'legacy', reason: null }),
      ...privacy,
    });
    await guard.check(valid);
    await guard.check({ ...valid, consentToken: undefined });
    await guard.check({ maskinportenToken: 'not a token' });
    await guard.deny({ code: 'input_malformed', ruleId: 'http.headers', path: 'psu-id' }, { requestId: 'x' });
    await guard.check({ ...valid, maskinportenToken: tokens.direct({ claims: { exp: 1 } }) });
    await trail.close();
    const lines = linesOf(path);
    expect(lines.length).toBe(8);
    for (const line of lines) {
      const record = JSON.parse(line);
      expect(validate(record) ? [] : validate.errors).toEqual([]);
      expect(Number.isNaN(Date.parse(record.time))).toBe(false);
      if (record.kind === 'decision') expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('audit trail: a callbackSink sees every record', () => {
  it('checkpoints are passed on too (a witness of the chain heads)', async () => {
    const seen: string[] = [];
    const trail = createAuditTrail({
      sinks: [callbackSink((r) => void seen.push(r.kind))],
      checkpoints: { every: 1, key: checkpointKeys().privateKey },
    });
    const guard = createGuard(guardOptions({ audit: trail }));
    await decide(guard, 2);
    expect(seen).toEqual(['decision', 'checkpoint', 'decision', 'checkpoint']);
  });
});
