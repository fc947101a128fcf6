// @ts-nocheck
// Type-checked with `tsc` in the packaging test's Express 4 project, against @types/express@4: the middleware's
// types fit an Express 4 app and req.dsopVerdict is typed there too.
import { expressGuard } from '@dsop-guard/adapters/express';
import type { Verdict } from '@dsop-guard/core';
import { preset } from '@dsop-guard/rules';
import express from 'express';

const app = express();
app.get('/saldo/v1/Accounts', expressGuard({ preset: preset('lanekassen-saldo', 'test') }), (req, res) => {
  const verdict: Verdict | undefined = req.dsopVerdict;
  res.json({ consumer: verdict?.subject.consumer });
});
app.listen(0).close();
