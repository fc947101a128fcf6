// The attack table (attackTable.ts) through each real gateway with the configuration docs/gateways.md shows, in
// front of a Node upstream that serves whichever person it reads from the raw request, with the real
// `dsop-guard serve --gateway <name>` behind the gateway. The law: the upstream never serves a person the consent
// does not cover; the gateway refuses the request and the upstream never sees it, or the upstream serves the
// consent's person (with the service's X-Dsop-* headers, none of the client's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, allowedOutcomes, startAttackTarget } from './attackRun.js';
import { attackTable, type PersonIn } from './attackTable.js';
import { gatewayKinds } from './gateways.js';
import { inCi } from './nginx.js';

for (const kind of gatewayKinds) {
  if (kind.binary.available) continue;
  if (inCi) throw new Error(kind.binary.missing);
  console.warn(`SKIPPED test/gateway/attacks.test.ts for ${kind.name}: ${kind.binary.missing}`);
}

const persons: readonly PersonIn[] = ['path', 'header'];
const rows = attackTable.map((row) => [row.name, row] as const);

for (const kind of gatewayKinds) {
  describe.skipIf(!kind.binary.available)(
    `${kind.name} with the docs' configuration → dsop-guard serve --gateway ${kind.name}`,
    { timeout: 60_000 },
    () => {
      const targets = new Map<PersonIn, AttackTarget>();
      let down: AttackTarget | undefined;

      beforeAll(async () => {
        const [path, header] = await Promise.all(persons.map((person) => startAttackTarget(kind, person)));
        targets.set('path', path as AttackTarget).set('header', header as AttackTarget);
        down = await startAttackTarget(kind, 'path', true);
      }, 120_000);

      afterAll(async () => {
        await Promise.all([...targets.values(), ...(down ? [down] : [])].map((t) => t.stop()));
      });

      for (const person of persons) {
        it.each(rows)(`${person} person: %s`, async (_, row) => {
          const result = await (targets.get(person) as AttackTarget).send(row);
          // Whatever the row expects: no one but A was served.
          expect(result.others).toEqual([]);
          expect(allowedOutcomes(row, person), JSON.stringify(result)).toContain(result.outcome);
        });
      }

      it('the service down: the valid request is refused with a 5xx, and the upstream never sees it', async () => {
        const result = await (down as AttackTarget).send(attackTable[0] as (typeof attackTable)[number]);
        expect(result.served).toEqual([]);
        expect(result.status).toBeGreaterThanOrEqual(500);
      });
    },
  );
}
