import { generateKeyPairSync } from 'node:crypto';
import { createGuard } from '@dsop-guard/adapters';
import {
  type AuditSink,
  all,
  ConfigError,
  createAuditTrail,
  definePolicy,
  defineRule,
  fail,
  type Policy,
  pass,
  type Rule,
} from '@dsop-guard/core';
import {
  createReplayAggregator,
  type RecordRef,
  type ReplayAggregatorOptions,
  type ReplayGroup,
  type ReplaySummary,
} from '@dsop-guard/report/replay';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
// Pins core's private sealRecord on purpose: the generated records are sealed exactly as the trail seals them.
import { sealRecord } from '../../packages/core/src/audit/chainHash.js';
import { guardOptions, lanekassen, now, tokens } from '../adapters/table.js';

// createReplayAggregator in process: decision records written by a real guard under one policy, replayed under
// others. Its summary is a function of the records pushed: every record is counted once, in exactly one of
// unchanged, deny→allow, allow→deny, reasons changed, before policy or unreplayable; each group counts the
// decisions under its key, ranked by count then key, with the first records as samples; the caps cut what is
// kept, never what is counted in the totals.

const C1 = tokens.consumer; // 910753614
const C2 = '974760673';
const S1 = tokens.supplierOrgno; // 991825827
const org = (orgno: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgno}` });

const codes = (code: string) => ({ [code]: { en: 'denied by Acme', nb: 'avvist av Acme' } });
const denyWhen = (id: string, code: string, when: (supplier: boolean, consumer: string) => boolean): Rule =>
  defineRule({
    id,
    codes: codes(code),
    check: (claims) =>
      when(claims.maskinporten.supplier !== undefined, claims.maskinporten.consumer?.id ?? '')
        ? fail({ code: code as `${string}.${string}`, path: 'maskinporten.consumer' })
        : pass(),
  });
const noSuppliers = denyWhen('acme.no-suppliers', 'acme.supplier', (supplier) => supplier);
const noSuppliersOtherCode = denyWhen('acme.no-suppliers', 'acme.vendor', (supplier) => supplier);
const noC2 = denyWhen('acme.no-c2', 'acme.c2', (_s, consumer) => consumer.endsWith(C2));
const noDirect = denyWhen('acme.no-direct', 'acme.direct', (supplier) => !supplier);
const slowPass = defineRule({ id: 'acme.slow', check: async () => pass() });

const base = lanekassen.policy;
const policyOf = (id: string, ...rules: Rule[]): Policy =>
  definePolicy({ id, version: '1', rule: all([base.rule, ...rules]) });

/** The policy the records were written under, and the one some were written under before it. */
const written = policyOf('written', noSuppliers);
const policies = {
  /** Denies consumer C2: B flips to deny, S (no more supplier rule) to allow. */
  r1: policyOf('r1', noC2),
  /** Denies every direct call. */
  r2: policyOf('r2', noDirect),
  /** Keeps the supplier rule and adds both others: B denies by two rules. */
  r3: policyOf('r3', noSuppliers, noC2, noDirect),
  /** The supplier rule with another code: S stays a deny, for another reason. */
  r4: policyOf('r4', noSuppliersOtherCode),
  /** The written policy with an asynchronous rule: the same decisions, answered through promises. */
  slow: policyOf('slow', noSuppliers, slowPass),
} as const;
type PolicyName = keyof typeof policies;

type Kind =
  | 'A' // direct call by C1: allow
  | 'A0' // the same, written under the preset's own policy (another recorded policy)
  | 'B' // direct call by C2: allow
  | 'S' // C1 through supplier S1: deny by acme.no-suppliers
  | 'E' // direct call by C1, consent expired: deny by consent-validity
  | 'ES' // through S1, consent expired: deny by consent-validity and acme.no-suppliers
  | 'T' // no Maskinporten token: denied before any policy ran
  | 'unsealed' // A with its decision edited: not sealed
  | 'unsealedNoPolicy' // A edited, its policy's facts not all strings
  | 'relabelled' // A resealed as a checkpoint: inconsistent
  | 'checkpoint' // a checkpoint carrying nothing of a decision: passed over
  | 'corrupt'
  | 'torn'
  | 'notRecord'
  | 'oldVersion';

const lines = {} as Record<Kind, string>;
const refsOf = {} as Record<Kind, { chain: string | null; seq: number | null }>;

beforeAll(async () => {
  const write = async (policy: Policy, chainId: string, inputs: Record<string, object>): Promise<void> => {
    const out: string[] = [];
    const sink: AuditSink = { name: 'memory', write: (line) => void out.push(line) };
    const { consentStore: _none, ...options } = guardOptions();
    const guard = createGuard({
      ...options,
      preset: { ...lanekassen, policy },
      audit: createAuditTrail({ sinks: [sink], chainId }),
    });
    for (const [kind, input] of Object.entries(inputs)) {
      await guard.check(input, { adapter: 'function', route: '/saldo/v1/Accounts' });
      lines[kind as Kind] = out.at(-1) as string;
    }
  };
  const consent = tokens.altinn2Consent();
  const direct = { maskinportenToken: tokens.direct(), consentToken: consent, person: tokens.person };
  const expired = tokens.altinn2Consent({ claims: { ValidToDate: now - 3600 } });
  await write(written, 'w1', {
    A: direct,
    B: {
      maskinportenToken: tokens.direct({ claims: { consumer: org(C2) } }),
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: C2 } }),
      person: tokens.person,
    },
    S: {
      maskinportenToken: tokens.supplier(),
      consentToken: tokens.altinn2Consent({ handledBy: S1 }),
      person: tokens.person,
    },
    E: { ...direct, consentToken: expired },
    ES: {
      maskinportenToken: tokens.supplier(),
      consentToken: tokens.altinn2Consent({ handledBy: S1, claims: { ValidToDate: now - 3600 } }),
      person: tokens.person,
    },
    T: { consentToken: consent, person: tokens.person },
  });
  await write(base, 'w0', { A0: direct });
  const a = JSON.parse(lines.A) as Record<string, unknown>;
  const { hash: _hash, ...body } = a;
  lines.unsealed = JSON.stringify({ ...a, decision: 'deny' });
  lines.unsealedNoPolicy = JSON.stringify({ ...a, policy: { ...(a['policy'] as object), version: 1 } });
  lines.relabelled = sealRecord({ ...body, kind: 'checkpoint' }).line;
  lines.checkpoint = sealRecord({
    recordVersion: 1,
    kind: 'checkpoint',
    chain: { id: 'w1', seq: 99, prev: null },
    every: 10,
  }).line;
  lines.corrupt = '{"recordVersion":1,"kind":"decision"';
  lines.torn = '{"recordVersion":1,"kind":"deci';
  lines.notRecord = '{"hello":"world"}';
  lines.oldVersion = JSON.stringify({ ...a, recordVersion: 2 });
  for (const kind of Object.keys(lines) as Kind[]) {
    let chain: { id: string; seq: number } | undefined;
    try {
      chain = (JSON.parse(lines[kind]) as { chain?: { id: string; seq: number } }).chain;
    } catch {
      chain = undefined;
    }
    const lineProblem = kind === 'oldVersion';
    refsOf[kind] =
      lineProblem || chain === undefined ? { chain: null, seq: null } : { chain: chain.id, seq: chain.seq };
  }
}, 60_000);

// What each kind of line comes to under each policy (worked out by hand from the rules above).
type Expected =
  | { readonly is: 'unchanged' }
  | {
      readonly is: 'denyToAllow' | 'allowToDeny';
      readonly rules: readonly string[];
      readonly reasons: readonly string[];
    }
  | { readonly is: 'changed'; readonly added: readonly string[] }
  | { readonly is: 'before'; readonly reasons: readonly string[] }
  | { readonly is: 'unreplayable'; readonly reason: string }
  | { readonly is: 'skipped' };

const same = { is: 'unchanged' } as const;
const byPolicy = (p: PolicyName, kind: Kind): Expected => {
  const table: Partial<Record<Kind, Expected>> = {
    T: { is: 'before', reasons: ['token_missing'] },
    unsealed: { is: 'unreplayable', reason: 'not_sealed' },
    unsealedNoPolicy: { is: 'unreplayable', reason: 'not_sealed' },
    relabelled: { is: 'unreplayable', reason: 'inconsistent' },
    checkpoint: { is: 'skipped' },
    corrupt: { is: 'unreplayable', reason: 'corrupt' },
    torn: { is: 'unreplayable', reason: 'torn' },
    notRecord: { is: 'unreplayable', reason: 'not_a_record' },
    oldVersion: { is: 'unreplayable', reason: 'record_version' },
  };
  const fixed = table[kind];
  if (fixed !== undefined) return fixed;
  const toDeny = (rules: string[], reasons: string[]) => ({ is: 'allowToDeny', rules, reasons }) as const;
  const toAllow = { is: 'denyToAllow', rules: ['acme.no-suppliers'], reasons: ['acme.supplier'] } as const;
  const decided: Record<PolicyName, Record<'A' | 'A0' | 'B' | 'S' | 'E' | 'ES', Expected>> = {
    r1: {
      A: same,
      A0: same,
      B: toDeny(['acme.no-c2'], ['acme.c2']),
      S: toAllow,
      E: same,
      ES: { is: 'changed', added: [] },
    },
    r2: {
      A: toDeny(['acme.no-direct'], ['acme.direct']),
      A0: toDeny(['acme.no-direct'], ['acme.direct']),
      B: toDeny(['acme.no-direct'], ['acme.direct']),
      S: toAllow,
      E: { is: 'changed', added: ['acme.direct'] },
      ES: { is: 'changed', added: [] },
    },
    r3: {
      A: toDeny(['acme.no-direct'], ['acme.direct']),
      A0: toDeny(['acme.no-direct'], ['acme.direct']),
      B: toDeny(['acme.no-c2', 'acme.no-direct'], ['acme.c2', 'acme.direct']),
      S: same,
      E: { is: 'changed', added: ['acme.direct'] },
      ES: same,
    },
    r4: {
      A: same,
      A0: same,
      B: same,
      S: { is: 'changed', added: ['acme.vendor'] },
      E: same,
      ES: { is: 'changed', added: ['acme.vendor'] },
    },
    slow: { A: same, A0: same, B: same, S: same, E: same, ES: same },
  };
  return decided[p][kind as 'A'];
};
const partiesOf = (kind: Kind): [string | null, string | null] =>
  kind === 'B' ? [C2, null] : kind === 'S' || kind === 'ES' ? [C1, S1] : [C1, null];
const policyFactsOf = (kind: Kind): Policy | null =>
  kind === 'A0'
    ? base
    : ['A', 'B', 'S', 'E', 'ES', 'T', 'unsealed', 'relabelled'].includes(kind)
      ? written
      : null;

/** A plain model of the summary's groups: keys in order of first appearance, the first `maxGroups` kept. */
function modelGroups(maxGroups: number, samples: number) {
  const groups = new Map<string | null, { count: number; samples: RecordRef[] }>();
  return {
    add(key: string | null, ref: RecordRef) {
      const g = groups.get(key) ?? (groups.size < maxGroups ? { count: 0, samples: [] } : undefined);
      if (g === undefined) return;
      groups.set(key, g);
      g.count += 1;
      if (g.samples.length < samples) g.samples.push(ref);
    },
    top(n: number): ReplayGroup[] {
      const rows = [...groups].map(([key, g]) => ({ key, count: g.count, samples: g.samples }));
      rows.sort((a, b) => (a.count !== b.count ? b.count - a.count : String(a.key) < String(b.key) ? -1 : 1));
      return rows.slice(0, n);
    },
  };
}

interface Limits {
  readonly top: number;
  readonly samples: number;
  readonly maxGroups: number;
}

/** The summary the records should give, computed from the hand-made table alone. */
function model(p: PolicyName, kinds: readonly Kind[], { top, samples, maxGroups }: Limits) {
  const totals = { records: 0, replayed: 0, unchanged: 0, beforePolicy: 0, unreplayable: 0 };
  const flips = () => ({
    count: 0,
    byRule: modelGroups(maxGroups, samples),
    byReason: modelGroups(maxGroups, samples),
    byConsumer: modelGroups(maxGroups, samples),
    bySupplier: modelGroups(maxGroups, samples),
    samples: [] as RecordRef[],
  });
  const d2a = flips();
  const a2d = flips();
  const changed = { count: 0, byReason: modelGroups(maxGroups, samples), samples: [] as RecordRef[] };
  const before = modelGroups(maxGroups, samples);
  const unreplayable = modelGroups(maxGroups, samples);
  const recorded = new Map<string, { id: string; version: string; sha256: string; records: number }>();
  kinds.forEach((kind, i) => {
    const ref = { ...refsOf[kind], file: 'decisions.jsonl', line: i + 1 };
    const e = byPolicy(p, kind);
    if (e.is === 'skipped') return;
    const isRecord = !['corrupt', 'torn', 'notRecord', 'oldVersion'].includes(kind);
    if (isRecord) totals.records += 1;
    const facts = policyFactsOf(kind);
    if (facts !== null) {
      const known = recorded.get(facts.sha256);
      if (known !== undefined) known.records += 1;
      else if (recorded.size < maxGroups)
        recorded.set(facts.sha256, {
          id: facts.id,
          version: facts.version,
          sha256: facts.sha256,
          records: 1,
        });
    }
    if (e.is === 'unreplayable') {
      totals.unreplayable += 1;
      unreplayable.add(e.reason, isRecord ? ref : { ...ref, chain: null, seq: null });
      return;
    }
    if (e.is === 'before') {
      totals.beforePolicy += 1;
      for (const r of e.reasons) before.add(r, ref);
      return;
    }
    totals.replayed += 1;
    if (e.is === 'unchanged') totals.unchanged += 1;
    else if (e.is === 'changed') {
      changed.count += 1;
      if (changed.samples.length < samples) changed.samples.push(ref);
      for (const r of e.added) changed.byReason.add(r, ref);
    } else {
      const f = e.is === 'denyToAllow' ? d2a : a2d;
      f.count += 1;
      if (f.samples.length < samples) f.samples.push(ref);
      for (const r of e.rules) f.byRule.add(r, ref);
      for (const r of e.reasons) f.byReason.add(r, ref);
      const [consumer, supplier] = partiesOf(kind);
      f.byConsumer.add(consumer, ref);
      f.bySupplier.add(supplier, ref);
    }
  });
  const flipped = (f: ReturnType<typeof flips>) => ({
    count: f.count,
    byRule: f.byRule.top(top),
    byReason: f.byReason.top(top),
    byConsumer: f.byConsumer.top(top),
    bySupplier: f.bySupplier.top(top),
    samples: f.samples,
  });
  const recordedPolicies = [...recorded.values()];
  recordedPolicies.sort((a, b) => b.records - a.records);
  const policy = policies[p];
  return {
    replayVersion: 1,
    policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
    recordedPolicies: recordedPolicies.slice(0, top),
    totals,
    denyToAllow: flipped(d2a),
    allowToDeny: flipped(a2d),
    reasonsChanged: { count: changed.count, byReason: changed.byReason.top(top), samples: changed.samples },
    beforePolicy: before.top(top),
    unreplayable: unreplayable.top(32),
  };
}

async function replay(p: PolicyName, kinds: readonly Kind[], options: Partial<ReplayAggregatorOptions> = {}) {
  const aggregator = createReplayAggregator({ policy: policies[p], ...options });
  aggregator.startFile('decisions.jsonl', 1);
  for (const [i, kind] of kinds.entries()) {
    const at = { file: 'decisions.jsonl', line: i + 1 };
    const pushed =
      kind === 'torn' ? aggregator.push(lines[kind], at, true) : aggregator.push(lines[kind], at);
    if (p === 'slow' && ['A', 'A0', 'B', 'S', 'E', 'ES'].includes(kind))
      expect(pushed).toBeInstanceOf(Promise);
    else expect(pushed).toBeUndefined();
    await pushed;
  }
  return aggregator.result();
}

const kinds = Object.keys({
  A: 0,
  A0: 0,
  B: 0,
  S: 0,
  E: 0,
  ES: 0,
  T: 0,
  unsealed: 0,
  unsealedNoPolicy: 0,
  relabelled: 0,
  checkpoint: 0,
  corrupt: 0,
  torn: 0,
  notRecord: 0,
  oldVersion: 0,
} satisfies Record<Kind, 0>) as Kind[];

describe('createReplayAggregator: the summary is a function of the records pushed', () => {
  it('each kind of record alone comes out as worked out by hand, under each policy', async () => {
    for (const p of Object.keys(policies) as PolicyName[])
      for (const kind of kinds) {
        const { replay: found } = await replay(p, [kind]);
        expect({ p, kind, found }).toEqual({
          p,
          kind,
          found: model(p, [kind], { top: 10, samples: 5, maxGroups: 10_000 }),
        });
      }
  });

  it('law: over any sequence of records and any limits, the summary is the model’s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(policies) as PolicyName[])),
        fc.array(fc.constantFrom(...kinds), { maxLength: 40 }),
        fc.record({
          top: fc.integer({ min: 1, max: 4 }),
          samples: fc.integer({ min: 1, max: 3 }),
          maxGroups: fc.integer({ min: 1, max: 4 }),
        }),
        async (p, sequence, limits) => {
          const { replay: found } = await replay(p, sequence, limits);
          expect(found).toEqual(model(p, sequence, limits));
        },
      ),
    );
  });

  it('law: every record is counted once: records = replayed + before policy + unreplayable records', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(policies) as PolicyName[])),
        fc.array(fc.constantFrom(...kinds), { maxLength: 30 }),
        async (p, sequence) => {
          const { replay: found } = await replay(p, sequence);
          const lineProblems = sequence.filter((k) =>
            ['corrupt', 'torn', 'notRecord', 'oldVersion'].includes(k),
          );
          const { totals } = found;
          expect(totals.records + lineProblems.length).toBe(
            totals.replayed + totals.beforePolicy + totals.unreplayable,
          );
          expect(totals.replayed).toBe(
            totals.unchanged + found.denyToAllow.count + found.allowToDeny.count + found.reasonsChanged.count,
          );
        },
      ),
    );
  });

  it('a deny that the new policy allows is grouped by its rule, reason, consumer and supplier, with its record named', async () => {
    const { replay: found } = await replay('r1', ['A', 'S', 'S']);
    const first = { chain: 'w1', seq: refsOf.S.seq, file: 'decisions.jsonl', line: 2 };
    const second = { ...first, line: 3 };
    expect(found.denyToAllow).toEqual({
      count: 2,
      byRule: [{ key: 'acme.no-suppliers', count: 2, samples: [first, second] }],
      byReason: [{ key: 'acme.supplier', count: 2, samples: [first, second] }],
      byConsumer: [{ key: C1, count: 2, samples: [first, second] }],
      bySupplier: [{ key: S1, count: 2, samples: [first, second] }],
      samples: [first, second],
    });
    expect(found.totals).toEqual({ records: 3, replayed: 3, unchanged: 1, beforePolicy: 0, unreplayable: 0 });
    expect(found.allowToDeny.count).toBe(0);
  });

  it('groups rank by count, then by key; top cuts the ranking, not the count', async () => {
    const { replay: found } = await replay('r3', ['A', 'B', 'B', 'A0', 'B'], { top: 2 });
    expect(found.allowToDeny.count).toBe(5);
    expect(found.allowToDeny.byRule.map((g) => [g.key, g.count])).toEqual([
      ['acme.no-direct', 5],
      ['acme.no-c2', 3],
    ]);
    expect(found.allowToDeny.byConsumer.map((g) => [g.key, g.count])).toEqual([
      [C2, 3],
      [C1, 2],
    ]);
    const tie = await replay('r3', ['B', 'A', 'B', 'A']);
    expect(tie.replay.allowToDeny.byConsumer.map((g) => g.key)).toEqual([C1, C2].sort());
    const one = await replay('r3', ['A', 'B', 'B'], { top: 1 });
    expect(one.replay.allowToDeny.byConsumer.map((g) => [g.key, g.count])).toEqual([[C2, 2]]);
  });

  it('recorded policies: the most frequent first, only well-formed facts, capped by maxGroups', async () => {
    const { replay: found } = await replay('r1', [
      'A0',
      'A',
      'unsealedNoPolicy',
      'A',
      'relabelled',
      'checkpoint',
    ]);
    expect(found.recordedPolicies).toEqual([
      { id: written.id, version: '1', sha256: written.sha256, records: 3 },
      { id: base.id, version: base.version, sha256: base.sha256, records: 1 },
    ]);
    const capped = await replay('r1', ['A0', 'A', 'A'], { maxGroups: 1 });
    expect(capped.replay.recordedPolicies).toEqual([
      { id: base.id, version: base.version, sha256: base.sha256, records: 1 },
    ]);
  });

  it('recorded policies: facts that are not three strings, or no facts at all, count for none', async () => {
    const a = JSON.parse(lines.A) as Record<string, unknown>;
    const facts = a['policy'] as Record<string, unknown>;
    const edits = [
      { ...facts, id: 7 },
      { ...facts, version: null },
      { ...facts, sha256: ['x'] },
      null,
      'written',
    ].map((policy) => JSON.stringify({ ...a, policy }));
    const aggregator = createReplayAggregator({ policy: policies.r1 });
    for (const [i, text] of edits.entries()) aggregator.push(text, { file: 'edited.jsonl', line: i + 1 });
    const { replay: found } = aggregator.result();
    expect(found.recordedPolicies).toEqual([]);
    expect(found.totals).toEqual({ records: 5, replayed: 0, unchanged: 0, beforePolicy: 0, unreplayable: 5 });
  });

  it('the report of the same lines comes with it, its custom reasons explained by the policy’s codes', async () => {
    // r3 declares acme.supplier (its rule is kept); r1 does not, and its report lists the code without a message.
    const found = await replay('r3', ['A', 'S', 'corrupt']);
    expect(found.totals).toMatchObject({ lines: 3, records: 2, allow: 1, deny: 1, unreadable: 1 });
    const row = found.reasons.top.find((r) => r.code === 'acme.supplier');
    expect(row).toMatchObject({ count: 1, en: 'denied by Acme', nb: 'avvist av Acme' });
    const unexplained = (await replay('r1', ['S'])).reasons.top.find((r) => r.code === 'acme.supplier');
    expect(unexplained).toMatchObject({ count: 1, en: null, nb: null });
  });

  it('a checkpoint that holds nothing of a decision is passed over; one that does is inconsistent', async () => {
    const { replay: found } = await replay('r1', ['checkpoint', 'relabelled']);
    expect(found.totals).toEqual({ records: 1, replayed: 0, unchanged: 0, beforePolicy: 0, unreplayable: 1 });
    expect(found.unreplayable).toEqual([
      {
        key: 'inconsistent',
        count: 1,
        samples: [{ chain: 'w1', seq: refsOf.A.seq, file: 'decisions.jsonl', line: 2 }],
      },
    ]);
  });

  it('a decision record that holds nothing of a decision is not passed over as a checkpoint is: malformed', () => {
    const bare = sealRecord({
      recordVersion: 1,
      kind: 'decision',
      chain: { id: 'w9', seq: 1, prev: null },
    }).line;
    const aggregator = createReplayAggregator({ policy: policies.r1 });
    aggregator.push(bare, { file: 'bare.jsonl', line: 1 });
    const { replay: found } = aggregator.result();
    expect(found.totals).toEqual({ records: 1, replayed: 0, unchanged: 0, beforePolicy: 0, unreplayable: 1 });
    expect(found.unreplayable).toEqual([
      { key: 'malformed', count: 1, samples: [{ chain: 'w9', seq: 1, file: 'bare.jsonl', line: 1 }] },
    ]);
  });
});

describe('createReplayAggregator options', () => {
  const config = (options: unknown): ConfigError => {
    try {
      createReplayAggregator(options as ReplayAggregatorOptions);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('no ConfigError');
  };

  it('takes every documented option', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const aggregator = createReplayAggregator({
      policy: policies.r1,
      top: 1,
      samples: 1,
      partial: true,
      publicKey,
      maxGap: 3,
      expectedChains: ['w1'],
      witness: [],
      maxGroups: 1,
      maxListed: 1,
      clock: () => Date.UTC(2026, 0, 2),
      maxChains: 2,
    });
    const report = aggregator.result();
    expect(report.generatedAt).toBe('2026-01-02T00:00:00.000Z');
    expect(report.integrity.expectedChains).toBe(1);
    expect(report.integrity.keyId).not.toBeNull();
  });

  it.each([
    ['options', null],
    ['options', 'r1'],
    ['policy', {}],
    ['policy', { policy: { sha256: 'x' } }],
    ['policy', { policy: { rule: { evaluate: () => undefined }, sha256: 1 } }],
    ['policy', { policy: { rule: {}, sha256: 'x' } }],
    ['top', { top: 0 }],
    ['top', { top: -1 }],
    ['top', { top: 1.5 }],
    ['samples', { samples: 0 }],
    ['samples', { samples: Number.NaN }],
    ['maxGroups', { maxGroups: 0 }],
    ['maxGroups', { maxGroups: 2 ** 53 }],
  ])('refuses a bad %s: %j', (field, options) => {
    const error = config(
      typeof options === 'object' && options !== null && !('policy' in options) && field !== 'policy'
        ? { policy: policies.r1, ...options }
        : options,
    );
    expect(error.field).toBe(field);
    expect(error.message).toMatch(
      field === 'options'
        ? /must be an object/
        : field === 'policy'
          ? /must be a policy/
          : /must be a positive integer/,
    );
  });

  it('refuses an unknown option, naming it and the nearest it knows', () => {
    expect(config({ policy: policies.r1, topp: 3 })).toMatchObject({
      field: 'topp',
      message: "topp: is not an option of createReplayAggregator; did you mean 'top'?",
    });
  });

  it('the limits default to top 10, 5 samples', async () => {
    const many = Array.from({ length: 12 }, () => 'S' as const);
    const { replay: found } = await replay('r1', many);
    expect(found.denyToAllow.samples).toHaveLength(5);
    expect(found.denyToAllow.byRule[0]?.samples).toHaveLength(5);
    expect(found.denyToAllow.count).toBe(12);
    const summary: ReplaySummary = found;
    expect(summary.replayVersion).toBe(1);
  });
});
