// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, startAttackTarget } from '../gateway/attackRun.js';
import { type AttackRow, attackTable } from '../gateway/attackTable.js';
import { type GatewayKind, gatewayKinds } from '../gateway/gateways.js';
import { inCi } from '../gateway/nginx.js';

// Issue 21, finding 2, on real gateways: with a consent for person A and the person in path segment 2, nginx
// (auth_request, the docs' configuration) forwarded `/api/B/../A/oppgave` as it was to an upstream that splits
// the path on `/`, while the service judged the WHATWG parser's `/api/A/oppgave`: the upstream served B. And a
// forward-auth gateway that copies the client's headers (Caddy, like Traefik) let the client send its own
// X-Original-URI naming A on a request for B, which the service read before the gateway's X-Forwarded-Uri: the
// upstream served B again. Now every configuration in docs/gateways.md removes the client's URI, method and
// X-Dsop-* headers, the service reads only its gateway's headers (`--gateway`), and it refuses what a parser
// would rewrite. The whole class is test/gateway/attackTable.ts, through nginx, Caddy and HAProxy.

const row = (name: string): AttackRow => attackTable.find((r) => r.name === name) as AttackRow;
const kind = (name: string): GatewayKind => gatewayKinds.find((k) => k.name === name) as GatewayKind;

const cases = [
  ['nginx', '.. after the other person'],
  ['caddy', 'X-Original-URI naming the person on a request for the other'],
] as const;

for (const [gateway, attack] of cases) {
  const at = kind(gateway);
  if (!at.binary.available && inCi) throw new Error(at.binary.missing);
  describe.skipIf(!at.binary.available)(
    `regression: ${gateway} never serves the person the consent does not cover`,
    { timeout: 60_000 },
    () => {
      let target: AttackTarget;
      beforeAll(async () => {
        target = await startAttackTarget(at, 'path');
      }, 120_000);
      afterAll(async () => {
        await target?.stop();
      });

      it(`${attack}: refused, and the upstream never saw it`, async () => {
        const result = await target.send(row(attack));
        expect(result.others).toEqual([]);
        expect(result.outcome, JSON.stringify(result)).toBe('refused');
      });

      it('the valid request for the person is served', async () => {
        expect((await target.send(row('the plain valid request'))).outcome).toBe('served');
      });
    },
  );
}
