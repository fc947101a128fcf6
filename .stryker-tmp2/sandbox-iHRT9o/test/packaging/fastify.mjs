// @ts-nocheck
// A Fastify app, as ESM, using the installed @dsop-guard/adapters/fastify.
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import Fastify from 'fastify';
import { expectAnswers, guardOptions } from './fixture.mjs';

const app = Fastify();
await app.register(fastifyGuard, guardOptions());
app.get('/saldo/v1/Accounts', async (request) => request.dsopVerdict);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
try {
  const summary = await expectAnswers(`${address}/saldo/v1/Accounts`);
  console.log(`ok fastify (ESM): ${summary}`);
} finally {
  await app.close();
}
