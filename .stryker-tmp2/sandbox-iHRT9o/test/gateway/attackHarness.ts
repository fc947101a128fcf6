// @ts-nocheck
// What the attack table needs around a gateway: the real dsop-guard serve (one for a person in the path, one for
// a person in PSU-ID), a Node upstream that serves whichever person it reads from the raw request, and a client
// that sends a request target byte for byte (fetch would resolve dot segments and refuse control characters).
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { join } from 'node:path';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { altinnKeys, mpKeys, otherPerson } from '../adapters/table.js';
import { tempDir } from '../audit/support.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';
import type { PersonIn } from './attackTable.js';

const now = Math.floor(Date.now() / 1000);
/** Skatteetaten inntekt: Bearer, AltinnSamtykke, the person in the path. */
const skatt = createTokenFactory({
  maskinportenKeys: mpKeys,
  altinnKeys,
  now,
  scope: 'skatteetaten:inntekt',
  services: ['4804_210607', '4804_210607_fraOgMed=2026-01', '4804_210607_tilOgMed=2026-06'],
});
/** Lånekassen saldo: raw Authorization, Consent-ID, PSU-ID. */
const lanekassen = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });

/** The person the consent covers, and another. */
export const personA = skatt.person;
export const personB = otherPerson;
/** The consumer the service passes upstream (X-Dsop-Consumer) on an allow. */
export const consumer = `0192:${skatt.consumer}`;

/** The token header lines of a valid request for a person of this kind, minted now (tokens live 2 minutes). */
export function tokenHeaders(person: PersonIn): [string, string][] {
  const now = Math.floor(Date.now() / 1000);
  const consentClaims = { DelegatedDate: now - 86_400, ValidToDate: now + 5 * 86_400 };
  if (person === 'path')
    return [
      ['Authorization', `Bearer ${skatt.direct({ now })}`],
      ['AltinnSamtykke', skatt.altinn2Consent({ now, claims: consentClaims })],
    ];
  return [
    ['Authorization', lanekassen.direct({ now })],
    ['Consent-ID', lanekassen.altinn2Consent({ now })],
  ];
}

/** `dsop-guard serve --gateway <gateway>` for a person of this kind, with local keys. */
export function startGuard(gateway: string, person: PersonIn): Promise<ServeProcess> {
  const dir = tempDir();
  writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
  const service =
    person === 'path'
      ? ['--preset', 'skatteetaten-inntekt', '--person-from-path', '2']
      : ['--preset', 'lanekassen-saldo'];
  return startServe([
    ...service,
    ...['--env', 'test', '--workers', '1'],
    ...['--gateway', gateway],
    ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
  ]);
}

/** One request the upstream served: the persons it read (every reading) and the X-Dsop-* headers it got. */
export interface Served {
  readonly url: string;
  readonly persons: readonly string[];
  readonly dsop: Readonly<Record<string, string>>;
}

export interface Upstream {
  readonly address: string;
  /** The requests served since the last `reset()`. */
  readonly served: Served[];
  reset(): void;
  close(): Promise<void>;
}

const decoded = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Every person a router might take from the raw path: segment 2 split then decoded, and decoded then split. */
function pathPersons(url: string): string[] {
  const path = url.split('?')[0] as string;
  return [decoded(path.split('/')[2] ?? ''), decoded(path).split('/')[2] ?? ''];
}

/** Every person any line of a person header names (a comma-joined line names each). */
function headerPersons(raw: readonly string[]): string[] {
  const persons: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!/^psu[-_]id$/i.test(raw[i] as string)) continue;
    persons.push(...(raw[i + 1] as string).split(',').map((p) => p.trim()));
  }
  return persons;
}

/** A Node upstream that serves the person it reads (the path's segment 2, or PSU-ID) and says whom. */
export async function startUpstream(person: PersonIn): Promise<Upstream> {
  const served: Served[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    const persons = [...new Set(person === 'path' ? pathPersons(url) : headerPersons(req.rawHeaders))];
    const dsop: Record<string, string> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = (req.rawHeaders[i] as string).toLowerCase();
      if (name.startsWith('x-dsop-'))
        dsop[name] =
          dsop[name] === undefined
            ? (req.rawHeaders[i + 1] as string)
            : `${dsop[name]}|${req.rawHeaders[i + 1]}`;
    }
    served.push({ url, persons, dsop });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ served: persons }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    reset: () => {
      served.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The status of the gateway's answer; null when it sent none that is HTTP/1.x (closed, or an HTTP/0.9 body). */
export function sendRaw(
  port: number,
  method: string,
  target: string,
  headers: readonly (readonly [string, string])[],
): Promise<number | null> {
  const lines = [
    `${method} ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...headers.map(([n, v]) => `${n}: ${v}`),
    'Connection: close',
  ];
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
    // A gateway waiting for the rest of a request that never comes is no answer (a guard, not an assertion).
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (d) => {
      answer += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = /^HTTP\/1\.[01] (\d{3}) /.exec(answer)?.[1];
      resolve(status === undefined ? null : Number(status));
    });
  });
}
