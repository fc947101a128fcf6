// One gateway set up for the attack table (the real dsop-guard serve, a raw-path upstream, the gateway with the
// docs' configuration between them), one row sent through it, and what came of it.

import {
  consumer,
  personA,
  personB,
  type Served,
  sendRaw,
  startGuard,
  startUpstream,
  tokenHeaders,
  type Upstream,
} from './attackHarness.js';
import { type AttackRow, type Outcome, type PersonIn, personsIn } from './attackTable.js';
import type { GatewayKind } from './gateways.js';
import { freePort } from './nginx.js';

export interface AttackResult {
  /** The gateway's status; null when it gave no HTTP/1.x answer. */
  readonly status: number | null;
  readonly served: readonly Served[];
  /** `wrong`: served someone but A, served without the service's headers (or with a client's), or a 2xx unserved. */
  readonly outcome: Outcome | 'wrong';
  /** Every person the upstream served but A: the law is that there is none. */
  readonly others: readonly string[];
}

export interface AttackTarget {
  send(row: AttackRow): Promise<AttackResult>;
  stop(): Promise<void>;
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
const ALWAYS = ['x-dsop-decision', 'x-dsop-consumer', 'x-dsop-delegation'];

/**
 * What the upstream was given: A and nobody else, the service's allow headers (a direct call: no supplier) and
 * none of the client's, of any X-Dsop-* name where the gateway can strip them all.
 */
function rightlyServed(s: Served, kind: GatewayKind): boolean {
  const { dsop } = s;
  const names = Object.keys(dsop).filter((n) => kind.stripsEveryDsopHeader || SERVICE_HEADERS.includes(n));
  return (
    names.every((n) => ALWAYS.includes(n) || dsop[n] === '') &&
    s.persons.length === 1 &&
    s.persons[0] === personA &&
    dsop['x-dsop-decision'] === 'allow' &&
    dsop['x-dsop-consumer'] === consumer &&
    dsop['x-dsop-delegation'] === 'direct'
  );
}

function outcomeOf(
  status: number | null,
  served: readonly Served[],
  kind: GatewayKind,
): AttackResult['outcome'] {
  if (served.length === 0) return status === null || status >= 400 ? 'refused' : 'wrong';
  return served.length === 1 && status === 200 && rightlyServed(served[0] as Served, kind)
    ? 'served'
    : 'wrong';
}

async function send(port: number, upstream: Upstream, kind: GatewayKind, row: AttackRow, person: PersonIn) {
  upstream.reset();
  const personLines = row.personHeaders ?? (person === 'header' ? [['PSU-ID', '{A}'] as const] : []);
  const lines = [...(row.noTokens ? [] : tokenHeaders(person)), ...personLines, ...(row.headers ?? [])];
  const fill = (s: string) => personsIn(s, personA, personB);
  const status = await sendRaw(
    port,
    row.method ?? 'GET',
    fill(row.target),
    lines.map(([n, v]) => [n, fill(v)] as const),
  );
  const served = [...upstream.served];
  const others = served.flatMap((s) => s.persons).filter((p) => p !== personA);
  return { status, served, outcome: outcomeOf(status, served, kind), others };
}

/**
 * `kind` with the docs' configuration, its dsop-guard serve for a person of this kind, and the upstream; with
 * `down`, no service at all (the gateway asks a closed port).
 */
export async function startAttackTarget(
  kind: GatewayKind,
  person: PersonIn,
  down = false,
): Promise<AttackTarget> {
  const [guard, upstream, port] = await Promise.all([
    down ? undefined : startGuard(kind.name, person),
    startUpstream(person),
    freePort(),
  ]);
  const guardAt = guard === undefined ? '127.0.0.1:9' : new URL(guard.url).host;
  const gateway = await kind.start({ port, guard: guardAt, api: upstream.address });
  return {
    send: (row) => send(port, upstream, kind, row, person),
    stop: async () => {
      await Promise.all([gateway.stop(), guard?.stop(), upstream.close()]);
    },
  };
}

/** The outcomes a row allows for a person of this kind. */
export function allowedOutcomes(row: AttackRow, person: PersonIn): readonly string[] {
  const expected = typeof row.expected === 'string' ? row.expected : row.expected[person];
  return expected === 'either' ? ['refused', 'served'] : [expected];
}
