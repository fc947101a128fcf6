import { createGuard, createHttpGuard, defaultStatusCodes, verdictStatus } from '@dsop-guard/adapters';
import {
  all,
  type CodeDeclarations,
  type DecisionRecord,
  definePolicy,
  defineRule,
  fail,
  pass,
  type Verdict,
} from '@dsop-guard/core';
import { createReportAggregator } from '@dsop-guard/report';
import { explain } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { guardOptions, lanekassen, tokens } from './table.js';

// A security team's rule with its own namespaced code, end to end: the verdict, the decision record, explain
// in English and Norwegian, and the HTTP status (403 by default, the declared one, or the adapter's override).

const valid = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
};
const headers: Readonly<Record<string, string>> = {
  authorization: valid.maskinportenToken,
  'consent-id': valid.consentToken,
  'psu-id': valid.person,
};
const header = (name: string): string | null => headers[name.toLowerCase()] ?? null;

function blockingPreset(status?: number) {
  const codes: CodeDeclarations = {
    'acme.consumer_blocked': {
      en: 'the consumer is on the block list',
      nb: 'konsumenten står på sperrelisten',
      ...(status === undefined ? {} : { status }),
    },
  };
  const blocked = defineRule({
    id: 'acme.blocked-consumers',
    codes,
    check: (claims) =>
      claims.maskinporten.consumer?.value === tokens.consumer
        ? fail({ code: 'acme.consumer_blocked', path: 'maskinporten.consumer.ID', actual: tokens.consumer })
        : pass(),
  });
  const base = lanekassen.policy;
  const policy = definePolicy({ id: base.id, version: base.version, rule: all([base.rule, blocked]) });
  return { ...lanekassen, policy };
}

async function judged(status?: number): Promise<{ verdict: Verdict; record: DecisionRecord }> {
  const records: DecisionRecord[] = [];
  const guard = createGuard(
    guardOptions({ preset: blockingPreset(status), onDecision: (r) => void records.push(r) }),
  );
  const verdict = await guard.check(valid);
  const [record] = records;
  if (record === undefined) throw new Error('no decision record');
  return { verdict, record };
}

describe('a custom rule with a namespaced code', () => {
  it('denies with it: in the reasons, the violations and the decision record', async () => {
    const { verdict, record } = await judged();
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons).toEqual(['acme.consumer_blocked']);
    expect(verdict.violations).toEqual([
      {
        code: 'acme.consumer_blocked',
        ruleId: 'acme.blocked-consumers',
        path: 'maskinporten.consumer.ID',
        actual: tokens.consumer,
      },
    ]);
    expect(record.reasons).toEqual(['acme.consumer_blocked']);
    expect(JSON.stringify(record.outcomes)).toContain('"code":"acme.consumer_blocked"');
  });

  it('explain gives the rule’s own message, in English and Norwegian, for a verdict and a record', async () => {
    const { verdict, record } = await judged();
    const { codes } = blockingPreset().policy;
    expect(explain(verdict, { codes })).toContain(
      'acme.consumer_blocked: the consumer is on the block list (maskinporten.consumer.ID; actual 910753614)',
    );
    expect(explain(verdict, { codes, language: 'nb' })).toContain(
      'acme.consumer_blocked: konsumenten står på sperrelisten (maskinporten.consumer.ID; faktisk 910753614)',
    );
    expect(explain(record, { codes, language: 'nb' })).toContain('konsumenten står på sperrelisten');
  });

  it('the audit report explains it with the policy’s messages when given its codes, and names it without', async () => {
    const { record } = await judged();
    const { codes } = blockingPreset().policy;
    const reasonsOf = (options: Parameters<typeof createReportAggregator>[0]) => {
      const aggregator = createReportAggregator(options);
      aggregator.startFile('decisions.jsonl', 1);
      aggregator.push(JSON.stringify(record), { file: 'decisions.jsonl', line: 1 });
      return aggregator.result().reasons.top;
    };
    expect(reasonsOf({ codes })).toEqual([
      {
        code: 'acme.consumer_blocked',
        count: 1,
        en: 'the consumer is on the block list',
        nb: 'konsumenten står på sperrelisten',
      },
    ]);
    expect(reasonsOf({})).toEqual([{ code: 'acme.consumer_blocked', count: 1, en: null, nb: null }]);
  });

  it('explain without the codes still names the code, with a generic message', async () => {
    const { verdict } = await judged();
    expect(explain(verdict)).toContain(
      "acme.consumer_blocked: a custom rule's code (its messages were not given)",
    );
  });

  it('answers 403 by default, the declared status when given, and the statusCodes override above both', async () => {
    const status = async (declared?: number, statusCodes?: Record<string, number>) => {
      const http = createHttpGuard({
        ...guardOptions({ preset: blockingPreset(declared) }),
        ...(statusCodes === undefined ? {} : { statusCodes }),
      });
      const { denial } = await http.handle(header);
      return denial?.status;
    };
    expect(await status()).toBe(403);
    expect(await status(451)).toBe(451);
    expect(await status(451, { 'acme.consumer_blocked': 409 })).toBe(409);
    expect(await status(undefined, { 'acme.consumer_blocked': 429 })).toBe(429);
  });

  it('the problem body names the code and its own message, never the claim value', async () => {
    const http = createHttpGuard(guardOptions({ preset: blockingPreset() }));
    const { denial } = await http.handle(header);
    expect(denial?.body.reasons).toEqual(['acme.consumer_blocked']);
    expect(denial?.body.messages).toEqual([
      {
        code: 'acme.consumer_blocked',
        en: 'the consumer is on the block list',
        nb: 'konsumenten står på sperrelisten',
      },
    ]);
    expect(JSON.stringify(denial?.body)).not.toContain(tokens.consumer);
  });

  it('a deny with built-in codes only has no messages member', async () => {
    const http = createHttpGuard(guardOptions({ preset: blockingPreset() }));
    const { denial } = await http.handle((name) =>
      name.toLowerCase() === 'authorization' ? null : header(name),
    );
    expect(denial?.body.reasons).not.toContain('acme.consumer_blocked');
    expect(denial?.body).not.toHaveProperty('messages');
  });

  it('statusCodes may override only built-in codes and the custom codes the policy declares', () => {
    expect(
      configErrorOf(() =>
        createHttpGuard({
          ...guardOptions({ preset: blockingPreset() }),
          statusCodes: { 'acme.other': 409 },
        }),
      ),
    ).toEqual({
      field: 'statusCodes.acme.other',
      message: 'is not a reason code, nor a custom code the policy declares',
    });
    expect(
      configErrorOf(() =>
        createHttpGuard({
          ...guardOptions({ preset: blockingPreset() }),
          statusCodes: { 'acme.consumer_blocked': 302 },
        }),
      ),
    ).toMatchObject({ field: 'statusCodes.acme.consumer_blocked' });
  });

  it('verdictStatus alone answers 403 for a custom code, or what a table built on the defaults says', async () => {
    const { verdict } = await judged();
    expect(verdictStatus(verdict)).toBe(403);
    expect(verdictStatus(verdict, { ...defaultStatusCodes, 'acme.consumer_blocked': 451 })).toBe(451);
  });
});
