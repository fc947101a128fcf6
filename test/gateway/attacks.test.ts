// The attack table (attackTable.ts) through each real gateway with the configuration docs/gateways.md shows, in
// front of a Node upstream that serves whichever person it reads from the raw request, with the real
// `dsop-guard serve --gateway <name>` behind the gateway. The law: the upstream never serves a person the consent
// does not cover; the gateway refuses the request and the upstream never sees it, or the upstream serves the
// consent's person (with the service's X-Dsop-* headers, none of the client's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../fixtures/serveProcess.js';
import { type AttackRow, type Outcome, type PersonIn, attackTable, personsIn } from './attackTable.js';
import {
  type Served,
  type Upstream,
  consumer,
  personA,
  personB,
  sendRaw,
  startGuard,
  startUpstream,
  tokenHeaders,
} from './attackHarness.js';
import { type GatewayKind, type RunningGateway, gatewayKinds } from './gateways.js';
import { freePort, inCi } from './nginx.js';

for (const kind of gatewayKinds) {
  if (kind.binary.available) continue;
  if (inCi) throw new Error(kind.binary.missing);
  console.warn(`SKIPPED test/gateway/attacks.test.ts for ${kind.name}: ${kind.binary.missing}`);
}

const persons: readonly PersonIn[] = ['path', 'header'];

interface Result {
  readonly status: number | null;
  readonly served: readonly Served[];
}

/** The X-Dsop-* headers the service answers with, or reads. */
const SERVICE_HEADERS = [
  'x-dsop-decision',
  'x-dsop-consumer',
  'x-dsop-supplier',
  'x-dsop-delegation',
  'x-dsop-decision-id',
  'x-dsop-status',
  'x-dsop-problem',
  'x-dsop-problem-headers',
];

/**
 * What the upstream was given: A and nobody else, the service's allow headers and none of the client's (of
 * any X-Dsop-* name where the gateway can strip them all).
 */
function rightlyServed(s: Served, kind: GatewayKind): boolean {
  const { dsop } = s;
  const names = Object.keys(dsop).filter((n) => kind.stripsEveryDsopHeader || SERVICE_HEADERS.includes(n));
  const extra = names.filter((n) => !['x-dsop-decision', 'x-dsop-consumer', 'x-dsop-delegation'].includes(n));
  return (
    extra.every((n) => dsop[n] === '') &&
    s.persons.length === 1 &&
    s.persons[0] === personA &&
    dsop['x-dsop-decision'] === 'allow' &&
    dsop['x-dsop-consumer'] === consumer &&
    dsop['x-dsop-delegation'] === 'direct'
  );
}

function outcomeOf({ status, served }: Result, kind: GatewayKind): Outcome | 'wrong' {
  if (served.length === 0) return status === null || status >= 400 ? 'refused' : 'wrong';
  return served.length === 1 && status === 200 && served.every((s) => rightlyServed(s, kind))
    ? 'served'
    : 'wrong';
}

function send(
  gateway: { port: number },
  upstream: Upstream,
  row: AttackRow,
  person: PersonIn,
): Promise<Result> {
  upstream.reset();
  const personLines = row.personHeaders ?? (person === 'header' ? [['PSU-ID', '{A}'] as const] : []);
  const lines = [...(row.noTokens ? [] : tokenHeaders(person)), ...personLines, ...(row.headers ?? [])];
  const fill = (s: string) => personsIn(s, personA, personB);
  return sendRaw(
    gateway.port,
    row.method ?? 'GET',
    fill(row.target),
    lines.map(([n, v]) => [n, fill(v)] as const),
  ).then((status) => ({ status, served: [...upstream.served] }));
}

for (const kind of gatewayKinds) {
  describe.skipIf(!kind.binary.available)(
    `${kind.name} with the docs' configuration → dsop-guard serve --gateway ${kind.name}`,
    { timeout: 60_000 },
    () => {
      const running: { gateway: RunningGateway; guard: ServeProcess; upstream: Upstream; port: number }[] =
        [];
      const at = (person: PersonIn) => running[persons.indexOf(person)] as (typeof running)[number];

      beforeAll(async () => {
        for (const person of persons) {
          const [guard, upstream, port] = await Promise.all([
            startGuard(kind.name, person),
            startUpstream(person),
            freePort(),
          ]);
          const gateway = await kind.start({ port, guard: new URL(guard.url).host, api: upstream.address });
          running.push({ gateway, guard, upstream, port });
        }
      }, 120_000);

      afterAll(async () => {
        await Promise.all(running.flatMap((r) => [r.gateway.stop(), r.guard.stop(), r.upstream.close()]));
      });

      for (const person of persons) {
        it.each(
          attackTable.map((row) => [row.name, row] as const),
        )(`${person} person: %s`, async (_, row) => {
          const expected = typeof row.expected === 'string' ? row.expected : row.expected[person];
          const result = await send(at(person), at(person).upstream, row, person);
          const allowed: readonly string[] = expected === 'either' ? ['refused', 'served'] : [expected];
          // Whatever the row expects: no one but A was served.
          expect(result.served.flatMap((s) => s.persons).filter((p) => p !== personA)).toEqual([]);
          expect(allowed, JSON.stringify(result)).toContain(outcomeOf(result, kind));
        });
      }
    },
  );
}
