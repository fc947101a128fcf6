// `dsop-guard serve --policy` changing its policy without a restart, as real processes with two workers: SIGUSR2
// after the file changed switches every worker (each one's /readyz, /metrics and decision records say so); a
// broken file leaves the running policy in place, logged and counted; a check in flight (held by a key fetch the
// test releases) finishes under the policy it started with; --watch-policy follows a file an editor replaces by
// rename, and one written in place.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DecisionRecord } from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, tokens } from '../adapters/table.js';
import { recordsOf, tempDir } from '../audit/support.js';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { repoRoot } from '../fixtures/runCli.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

const example = readFileSync(join(repoRoot, 'packages/rules/examples/lanekassen-test.policy.yaml'), 'utf8');
/** Policy A: Lånekassen in TEST as the example file has it; the table's valid request is an allow. */
const policyA = example.replace('id: lanekassen-saldo/test', 'id: acme/saldo');
/** Policy B: the same with another scope, which the table's tokens lack: the same request is `scope_missing`. */
const policyB = policyA
  .replace('version: "1.0.0"', 'version: "2.0.0"')
  .replace('lanekassen:lan/v1/saldoopplysninger', 'lanekassen:lan/v2/saldoopplysninger');
/** Not a policy: an unknown rule. */
const broken = policyA.replace('rule: consumer\n', 'rule: consumerr\n');

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request on a connection of its own, so that the cluster hands each to the next worker. */
function askFresh(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tokens issued now (the table's were issued when it loaded, and live two minutes). */
const fresh = (maskinportenKeys = mpKeys) =>
  createTokenFactory({ maskinportenKeys, altinnKeys, now: Math.floor(Date.now() / 1000) });

/** The table's valid request: a direct call with an Altinn 2 consent for its person, the token's key `keys`. */
const validHeaders = (requestId: string, keys = mpKeys): Record<string, string> => {
  const issued = fresh(keys);
  return {
    Authorization: issued.direct(),
    'Consent-ID': issued.altinn2Consent(),
    'PSU-ID': issued.person,
    'X-Request-Id': requestId,
  };
};

interface Ready {
  readonly ready: boolean;
  readonly worker: number;
  readonly policy: { id: string; version: string; sha256: string };
  readonly workers?: Record<string, { sha256: string }>;
}

/** Asks /readyz on fresh connections until every worker has answered; their answers by worker. */
async function everyWorker(serve: ServeProcess, workers: number): Promise<Map<number, Ready>> {
  const seen = new Map<number, Ready>();
  for (let i = 0; i < 50 && seen.size < workers; i += 1) {
    const ready = JSON.parse((await askFresh(`${serve.adminUrl}/readyz`)).body) as Ready;
    seen.set(ready.worker, ready);
  }
  return seen;
}

/** The sha256 each worker's `dsop_guard_policy_info` gives, from /metrics (summed over the workers). */
async function policyInfo(serve: ServeProcess): Promise<Record<string, string>> {
  const text = (await askFresh(`${serve.adminUrl}/metrics`)).body;
  const info: Record<string, string> = {};
  for (const m of text.matchAll(/^dsop_guard_policy_info\{([^}]*)\} 1$/gm)) {
    const labels = Object.fromEntries(
      [...(m[1] as string).matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
    );
    info[labels['worker'] as string] = `${labels['id']}@${labels['version']}#${labels['sha256']}`;
  }
  return info;
}

const decisionsOf = (file: string): DecisionRecord[] =>
  recordsOf(file).filter((r): r is DecisionRecord => r.kind === 'decision');

/** The policy's sha256 as serve printed it when the reload that led to `version` finished, from /readyz. */
async function runningSha(serve: ServeProcess): Promise<string> {
  return (JSON.parse((await askFresh(`${serve.adminUrl}/readyz`)).body) as Ready).policy.sha256;
}

describe('dsop-guard serve --policy: SIGUSR2 reloads', { timeout: 120_000 }, () => {
  let dir: string;
  let policyFile: string;
  let keyServer: KeyServer;
  let serve: ServeProcess;
  let gate: Promise<void> = Promise.resolve();
  // The second Maskinporten key: published only when the test opens the gate of the key fetch it waits for.
  const mp2 = sharedKeys('serveReload#kid', { kid: 'mp-2' });
  let published: object[] = [...mpKeys.jwks.keys];
  beforeAll(async () => {
    dir = tempDir();
    policyFile = join(dir, 'acme.policy.yaml');
    writeFileSync(policyFile, policyA);
    writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
    keyServer = await startKeyServer();
    keyServer.route('/jwks', async () => {
      await gate;
      return { body: JSON.stringify({ keys: published }) };
    });
    serve = await startServe([
      ...['--gateway', 'envoy', '--policy', policyFile, '--workers', '2'],
      ...['--maskinporten-jwks', `${keyServer.url}jwks`, '--altinn-jwks', join(dir, 'altinn.json')],
      ...['--audit', join(dir, 'decisions.jsonl'), '--chain-id', 'reload'],
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([serve?.stop('SIGKILL'), keyServer?.close()]);
  });

  it("at start every worker runs the file's policy: /readyz and /metrics name it, the valid request is an allow", async () => {
    const seen = await everyWorker(serve, 2);
    expect([...seen.keys()].sort()).toEqual([1, 2]);
    const sha = seen.get(1)?.policy.sha256 as string;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    for (const ready of seen.values())
      expect(ready.policy).toEqual({ id: 'acme/saldo', version: '1.0.0', sha256: sha });
    expect(await policyInfo(serve)).toEqual({ 1: `acme/saldo@1.0.0#${sha}`, 2: `acme/saldo@1.0.0#${sha}` });
    const answer = await askFresh(`${serve.url}/`, validHeaders('start-1'));
    expect(answer.status).toBe(200);
  });

  it('SIGUSR2 after the file changed: every worker switches; the same request is now denied, each record names the policy that decided it', async () => {
    const before = await runningSha(serve);
    writeFileSync(policyFile, policyB);
    const since1 = serve.mark();
    serve.child.kill('SIGUSR2');
    await serve.waitFor(
      /policy reload \(SIGUSR2\): acme\/saldo version 2\.0\.0 sha256 [0-9a-f]{12}… now in every worker \(2\)/,
      30_000,
      since1,
    );
    expect(serve.stderr()).toMatch(/"type":"policy\.reloaded","level":"info","trigger":"SIGUSR2"/);
    const seen = await everyWorker(serve, 2);
    expect([...seen.keys()].sort()).toEqual([1, 2]);
    const after = seen.get(1)?.policy.sha256 as string;
    expect(after).not.toBe(before);
    for (const ready of seen.values()) {
      expect(ready.policy).toEqual({ id: 'acme/saldo', version: '2.0.0', sha256: after });
      expect(ready.workers).toEqual({ 1: ready.policy, 2: ready.policy });
    }
    expect(await policyInfo(serve)).toEqual({
      1: `acme/saldo@2.0.0#${after}`,
      2: `acme/saldo@2.0.0#${after}`,
    });
    for (let i = 0; i < 6; i += 1) {
      const answer = await askFresh(`${serve.url}/`, validHeaders(`after-b-${i}`));
      expect([answer.status, JSON.parse(answer.body).reasons]).toEqual([403, ['scope_missing']]);
    }
    // Both workers answered under B, and each one's log names the policy of each of its decisions.
    for (const w of [1, 2]) {
      const records = decisionsOf(join(dir, `decisions-w${w}.jsonl`));
      const underB = records.filter((r) => r.requestId?.startsWith('after-b-'));
      expect(underB.length).toBeGreaterThan(0);
      for (const r of underB) {
        expect(r.policy).toEqual({ id: 'acme/saldo', version: '2.0.0', sha256: after });
        expect(r.decision).toBe('deny');
      }
    }
    const start = decisionsOf(join(dir, 'decisions-w1.jsonl'))
      .concat(decisionsOf(join(dir, 'decisions-w2.jsonl')))
      .find((r) => r.requestId === 'start-1');
    expect(start?.policy).toEqual({ id: 'acme/saldo', version: '1.0.0', sha256: before });
    expect(start?.decision).toBe('allow');
  });

  it('a broken file: the running policy stays in every worker, the error is logged (nothing personal) and counted', async () => {
    const running = await runningSha(serve);
    // A person number where a rule name goes: the error names the unknown rule, masked.
    writeFileSync(policyFile, policyA.replace('rule: consumer\n', `rule: "${tokens.person}"\n`));
    const failures = (serve.stderr().match(/policy\.reload_failed/g) ?? []).length;
    const since2 = serve.mark();
    serve.child.kill('SIGUSR2');
    await serve.waitFor(
      /policy reload \(SIGUSR2\) failed; the workers keep acme\/saldo version 2\.0\.0 sha256 [0-9a-f]{12}…: --policy: [\s\S]*unknown rule '\*{9}\d\d'/,
      30_000,
      since2,
    );
    expect((serve.stderr().match(/policy\.reload_failed/g) ?? []).length).toBe(failures + 1);
    expect(serve.stderr()).not.toContain(tokens.person);
    const seen = await everyWorker(serve, 2);
    for (const ready of seen.values()) expect(ready.policy.sha256).toBe(running);
    for (let i = 0; i < 4; i += 1) {
      const answer = await askFresh(`${serve.url}/`, validHeaders(`broken-${i}`));
      expect([answer.status, JSON.parse(answer.body).reasons]).toEqual([403, ['scope_missing']]);
    }
    const metrics = (await askFresh(`${serve.adminUrl}/metrics`)).body;
    expect(metrics).toMatch(/^dsop_guard_policy_reloads_total\{trigger="SIGUSR2",result="failed"\} 1$/m);
    expect(metrics).toMatch(/^dsop_guard_policy_reloads_total\{trigger="SIGUSR2",result="ok"\} 1$/m);
  });

  it('a file that changes the transport: refused like a broken one (a reload switches rules, not how requests carry tokens)', async () => {
    const running = await runningSha(serve);
    writeFileSync(
      policyFile,
      policyB
        .replace('version: "2.0.0"', 'version: "2.1.0"')
        .replace('authorization: raw', 'authorization: bearer'),
    );
    const since3 = serve.mark();
    serve.child.kill('SIGUSR2');
    await serve.waitFor(
      /policy reload \(SIGUSR2\) failed; the workers keep acme\/saldo version 2\.0\.0 sha256 [0-9a-f]{12}…: the file changes the transport or the preset it extends/,
      30_000,
      since3,
    );
    const seen = await everyWorker(serve, 2);
    for (const ready of seen.values()) expect(ready.policy.sha256).toBe(running);
    const answer = await askFresh(`${serve.url}/`, validHeaders('transport-0'));
    expect([answer.status, JSON.parse(answer.body).reasons]).toEqual([403, ['scope_missing']]);
  });

  it('a check in flight when the policy changes finishes under the policy it started with; the next one gets the new', async () => {
    const underB = await runningSha(serve);
    // A kid the workers' keys lack: the worker that takes the check fetches the keys again, and the key server
    // holds that fetch until the gate opens.
    let open = (): void => {};
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const hits = keyServer.hits.get('/jwks') ?? 0;
    const inFlight = askFresh(`${serve.url}/`, validHeaders('in-flight', mp2));
    await expect.poll(() => keyServer.hits.get('/jwks') ?? 0, { timeout: 10_000 }).toBeGreaterThan(hits);
    writeFileSync(policyFile, policyA);
    const since4 = serve.mark();
    serve.child.kill('SIGUSR2');
    await serve.waitFor(
      /policy reload \(SIGUSR2\): acme\/saldo version 1\.0\.0 sha256 [0-9a-f]{12}… now in every worker \(2\)/,
      30_000,
      since4,
    );
    published = [...mpKeys.jwks.keys, ...mp2.jwks.keys];
    open();
    gate = Promise.resolve();
    const answer = await inFlight;
    // Under B (the scope it wants): verified with the key just fetched, and denied as B decides.
    expect([answer.status, JSON.parse(answer.body).reasons]).toEqual([403, ['scope_missing']]);
    const underA = await runningSha(serve);
    expect(underA).not.toBe(underB);
    let next: Answer | undefined;
    for (let i = 0; i < 4; i += 1) {
      next = await askFresh(`${serve.url}/`, validHeaders(`next-${i}`, mp2));
      expect(next.status).toBe(200);
    }
    const records = decisionsOf(join(dir, 'decisions-w1.jsonl')).concat(
      decisionsOf(join(dir, 'decisions-w2.jsonl')),
    );
    const held = records.find((r) => r.requestId === 'in-flight');
    expect(held?.policy.sha256).toBe(underB);
    expect(held?.decision).toBe('deny');
    expect(held?.tokens.maskinporten?.kid).toBe('mp-2');
    for (const r of records.filter((x) => x.requestId?.startsWith('next-'))) {
      expect(r.policy).toEqual({ id: 'acme/saldo', version: '1.0.0', sha256: underA });
      expect(r.decision).toBe('allow');
    }
  });

  it('SIGUSR2 with the file unchanged: nothing switches, it says so', async () => {
    const since5 = serve.mark();
    serve.child.kill('SIGUSR2');
    await serve.waitFor(/policy reload \(SIGUSR2\): unchanged, acme\/saldo version 1\.0\.0/, 30_000, since5);
  });

  it('a worker replaced after the file changed without a reload runs what the others run (the primary sent it), not the file', async () => {
    const held = await runningSha(serve);
    writeFileSync(policyFile, policyB);
    const [gone] = serve.workers();
    process.kill(gone as number, 'SIGKILL');
    await serve.waitFor(/worker \d exited \(SIGKILL\); starting a new one/);
    await expect.poll(() => serve.workers().length, { timeout: 30_000 }).toBe(2);
    expect(serve.workers()).not.toContain(gone);
    // The replacement answers /readyz once it listens: both workers then run the held policy, A.
    let seen = new Map<number, Ready>();
    await expect
      .poll(
        async () => {
          seen = await everyWorker(serve, 2);
          return [...seen.keys()].sort();
        },
        { timeout: 30_000 },
      )
      .toEqual([1, 2]);
    for (const ready of seen.values())
      expect(ready.policy).toEqual({ id: 'acme/saldo', version: '1.0.0', sha256: held });
    expect(await policyInfo(serve)).toEqual({ 1: `acme/saldo@1.0.0#${held}`, 2: `acme/saldo@1.0.0#${held}` });
    expect(serve.stderr()).not.toMatch(/started with acme\/saldo version 2\.0\.0/);
    for (let i = 0; i < 4; i += 1)
      expect((await askFresh(`${serve.url}/`, validHeaders(`replaced-${i}`))).status).toBe(200);
    // The file is read at the next reload, and only then (an earlier test logged the same line: look past it).
    const since = serve.mark();
    serve.child.kill('SIGUSR2');
    await serve.waitFor(
      /policy reload \(SIGUSR2\): acme\/saldo version 2\.0\.0 sha256 [0-9a-f]{12}… now in every worker \(2\)/,
      30_000,
      since,
    );
    for (const ready of (await everyWorker(serve, 2)).values()) expect(ready.policy.version).toBe('2.0.0');
  });
});

describe('dsop-guard serve --policy --watch-policy', { timeout: 120_000 }, () => {
  let dir: string;
  let policyFile: string;
  let serve: ServeProcess;
  beforeAll(async () => {
    dir = tempDir();
    policyFile = join(dir, 'acme.policy.yaml');
    writeFileSync(policyFile, policyA);
    writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
    writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
    serve = await startServe([
      ...['--gateway', 'envoy', '--policy', policyFile, '--watch-policy', '--workers', '2'],
      ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
      ...['--audit', join(dir, 'decisions.jsonl')],
    ]);
  }, 90_000);
  afterAll(async () => {
    await serve?.stop('SIGKILL');
  });

  it('a file replaced by rename (as editors save), then one written in place: every worker switches each time', async () => {
    expect((await askFresh(`${serve.url}/`, validHeaders('w-a'))).status).toBe(200);
    const temp = join(dir, '.acme.policy.yaml.swp');
    writeFileSync(temp, policyB);
    renameSync(temp, policyFile);
    await serve.waitFor(
      /policy reload \(file changed\): acme\/saldo version 2\.0\.0 sha256 [0-9a-f]{12}… now in every worker \(2\)/,
    );
    for (const ready of (await everyWorker(serve, 2)).values()) expect(ready.policy.version).toBe('2.0.0');
    const denied = await askFresh(`${serve.url}/`, validHeaders('w-b'));
    expect([denied.status, JSON.parse(denied.body).reasons]).toEqual([403, ['scope_missing']]);

    writeFileSync(policyFile, policyA.replace('version: "1.0.0"', 'version: "3.0.0"'));
    await serve.waitFor(
      /policy reload \(file changed\): acme\/saldo version 3\.0\.0 sha256 [0-9a-f]{12}… now in every worker \(2\)/,
    );
    const seen = await everyWorker(serve, 2);
    expect([...seen.keys()].sort()).toEqual([1, 2]);
    for (const ready of seen.values()) expect(ready.policy.version).toBe('3.0.0');
    expect((await askFresh(`${serve.url}/`, validHeaders('w-c'))).status).toBe(200);
  });

  it('a broken save while watching: logged, the running policy stays', async () => {
    writeFileSync(policyFile, broken);
    await serve.waitFor(
      /policy reload \(file changed\) failed; the workers keep acme\/saldo version 3\.0\.0/,
    );
    for (const ready of (await everyWorker(serve, 2)).values()) expect(ready.policy.version).toBe('3.0.0');
    expect((await askFresh(`${serve.url}/`, validHeaders('w-d'))).status).toBe(200);
  });
});

describe(
  'dsop-guard serve --policy --rules: custom rule modules load once, at start',
  { timeout: 120_000 },
  () => {
    let dir: string;
    let rulesFile: string;
    let serve: ServeProcess;
    const acmeRules = pathToFileURL(join(repoRoot, 'test/fixtures/cli/acme-rules.ts')).href;
    /** The table's consumer is not on the policy's block list: the valid request is an allow. */
    const withCustomRule = policyA.replace(
      '    - rule: consumer\n',
      '    - rule: consumer\n    - rule: acme.blocked-consumers\n      options:\n        blocked: ["974760673"]\n',
    );
    beforeAll(async () => {
      dir = tempDir();
      rulesFile = join(dir, 'rules.mjs');
      writeFileSync(rulesFile, `export { default } from ${JSON.stringify(acmeRules)};\n`);
      writeFileSync(join(dir, 'acme.policy.yaml'), withCustomRule);
      writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
      writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
      serve = await startServe([
        ...['--gateway', 'envoy', '--policy', join(dir, 'acme.policy.yaml'), '--rules', rulesFile],
        ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
        ...['--workers', '1'],
      ]);
    }, 90_000);
    afterAll(async () => {
      await serve?.stop('SIGKILL');
    });

    it('SIGUSR2 says the rules are not reloaded; after the module changed, warns and raises an event, and the rules of the start stay', async () => {
      expect((await askFresh(`${serve.url}/`, validHeaders('rules-1'))).status).toBe(200);
      const since6 = serve.mark();
      serve.child.kill('SIGUSR2');
      await serve.waitFor(
        /policy reload \(SIGUSR2\): unchanged, acme\/saldo version 1\.0\.0/,
        30_000,
        since6,
      );
      expect(serve.stderr()).toContain(
        `dsop-guard serve: policy reload: --rules ${rulesFile} is not reloaded (rule modules are imported once, at start): restart serve to change custom rules\n`,
      );
      // The new module would block the table's consumer, were it loaded.
      writeFileSync(
        rulesFile,
        [
          `import base from ${JSON.stringify(acmeRules)};`,
          `export default { 'acme.blocked-consumers': (o) => base['acme.blocked-consumers']({ ...o, blocked: ['${tokens.consumer}'] }) };`,
          '',
        ].join('\n'),
      );
      const since7 = serve.mark();
      serve.child.kill('SIGUSR2');
      await serve.waitFor(/"type":"policy\.rules_not_reloaded"/, 30_000, since7);
      expect(serve.stderr()).toContain(
        `dsop-guard serve: policy reload: --rules ${rulesFile} changed since the start and is NOT reloaded: the workers keep the custom rules of the start; restart serve to run the new ones\n`,
      );
      const event = serve
        .stderr()
        .split('\n')
        .find((l) => l.includes('"policy.rules_not_reloaded"'));
      expect(JSON.parse(event as string)).toMatchObject({
        type: 'policy.rules_not_reloaded',
        level: 'warn',
        rules: rulesFile,
      });
      await serve.waitFor(/policy reload \(SIGUSR2\): unchanged[\s\S]*policy reload \(SIGUSR2\): unchanged/);
      expect((await askFresh(`${serve.url}/`, validHeaders('rules-2'))).status).toBe(200);
    });

    it('a worker replaced after the module changed: it says so, cannot run the policy the primary checked (another sha256), and the service stops (exit 2) rather than run two policies', async () => {
      const [gone] = serve.workers();
      process.kill(gone as number, 'SIGKILL');
      await serve.waitFor(
        /dsop-guard serve: worker 1: --rules \S+ changed since the start; this worker imports it as it is now, so its custom rules may differ from the other workers': restart serve to run one version everywhere\n/,
      );
      await serve.waitFor(/worker 1 could not start/);
      await expect.poll(() => serve.child.exitCode, { timeout: 30_000 }).toBe(2);
      expect(serve.stderr()).toMatch(
        /dsop-guard serve: worker 1 could not start: this worker loaded sha256 [0-9a-f]{12}…, not the primary's [0-9a-f]{12}… \(its --rules \S+ is not the one of the start\): restart serve\n/,
      );
    });
  },
);
