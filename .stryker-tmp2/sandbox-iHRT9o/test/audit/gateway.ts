// @ts-nocheck
// A real gateway for the crash test, run as a child process: Express, the Lånekassen preset with local keys,
// and a decision log with fsync 'never' (every record is handed to the OS before the response is sent).
// argv: <config.json>, holding { log, mpJwks, altinnJwks }. Prints `ready <port>` once listening.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { expressGuard } from '@dsop-guard/adapters/express';
import { createAuditTrail, fileSink, localKeySet } from '@dsop-guard/core';
import { preset } from '@dsop-guard/rules';
import express from 'express';

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8'));
const audit = createAuditTrail({
  chainId: 'crash-gw',
  sinks: [fileSink({ path: config.log, fsync: 'never' })],
});
const app = express();
app.get(
  '/saldo/v1/Accounts',
  expressGuard({
    preset: preset('lanekassen-saldo', 'test'),
    keys: {
      maskinporten: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: config.mpJwks }),
      consent: localKeySet({ issuer: 'altinn.no', jwks: config.altinnJwks, matchX5t: true }),
    },
    audit,
  }),
  (_req, res) => {
    res.json({ ok: true });
  },
);
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
