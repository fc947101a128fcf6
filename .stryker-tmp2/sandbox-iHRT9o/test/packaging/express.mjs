// @ts-nocheck
// An Express app, as ESM, using the installed @dsop-guard/adapters/express.
import { expressGuard } from '@dsop-guard/adapters/express';
import express from 'express';
import { expectAnswers, guardOptions } from './fixture.mjs';

const app = express();
app.get('/saldo/v1/Accounts', expressGuard(guardOptions()), (req, res) => {
  res.json(req.dsopVerdict);
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
try {
  const summary = await expectAnswers(`http://127.0.0.1:${server.address().port}/saldo/v1/Accounts`);
  console.log(`ok express (ESM): ${summary}`);
} finally {
  server.close();
}
