// Type tests: checked by `pnpm typecheck` (tsc), never run. Each `@ts-expect-error` is a promise that the
// line does NOT compile; tsc fails if it ever does.
import type {
  DsopDenyError,
  EventLogger,
  GuardInput,
  GuardOptions,
  HttpGuardOptions,
  StatusTable,
} from '@dsop-guard/adapters';
import { defaultStatusCodes } from '@dsop-guard/adapters';
import '@dsop-guard/adapters/express';
import '@dsop-guard/adapters/fastify';
import type { ExpressGuardOptions } from '@dsop-guard/adapters/express';
import type { FastifyGuardOptions } from '@dsop-guard/adapters/fastify';
import {
  all,
  type CodeDeclarations,
  type CustomReasonCode,
  defineRule,
  fail,
  type Policy,
  pass,
  type ReasonCode,
  type Rule,
  type reasonCodes,
  type Verdict,
  type VerdictCode,
  type Violation,
} from '@dsop-guard/core';
import {
  type CustomRuleFactory,
  customRule,
  explain,
  loadPolicy,
  type PresetName,
  preset,
} from '@dsop-guard/rules';
import type { Request } from 'express';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T => true as T;

// The closed list is the union: one source of truth.
assert<Equal<ReasonCode, (typeof reasonCodes)[number]>>();
// @ts-expect-error an unknown reason code does not compile
fail({ code: 'not_a_code', path: '' });
// @ts-expect-error a violation needs a path
fail({ code: 'custom_denied' });

// Custom codes are namespaced: `<namespace>.<code>`; the built-in list stays closed, and a verdict holds either.
assert<Equal<CustomReasonCode, `${string}.${string}`>>();
assert<Equal<VerdictCode, ReasonCode | CustomReasonCode>>();
assert<Equal<Violation['code'], VerdictCode>>();
assert<Equal<Verdict['reasons'][number], VerdictCode>>();
fail({ code: 'acme.consumer_blocked', path: 'maskinporten.consumer.ID' });
// @ts-expect-error a custom code has a namespace
const unnamespaced: CustomReasonCode = 'consumer_blocked';
// @ts-expect-error the built-in list does not take custom codes
const notBuiltin: ReasonCode = 'acme.consumer_blocked';
defineRule({
  id: 'acme.blocked',
  codes: { 'acme.consumer_blocked': { en: 'blocked', nb: 'sperret', status: 403 } },
  check: () => pass(),
});
// @ts-expect-error a declared code needs both messages
const oneLanguage: CodeDeclarations = { 'acme.consumer_blocked': { en: 'blocked' } };
// @ts-expect-error a declared code is namespaced
const badKey: CodeDeclarations = { consumer_blocked: { en: 'blocked', nb: 'sperret' } };
// A status table built on the defaults may add custom codes; the defaults stay total over the built-in list.
const withCustom: StatusTable = { ...defaultStatusCodes, 'acme.consumer_blocked': 451 };
// @ts-expect-error a status table must map every built-in code
const partialTable: StatusTable = { 'acme.consumer_blocked': 451 };
// The guard's statusCodes option takes custom codes too.
const customStatus: HttpGuardOptions['statusCodes'] = { 'acme.consumer_blocked': 409, consent_missing: 428 };
// A policy exposes the codes its rules declare.
assert<Equal<Policy['codes'], CodeDeclarations>>();
explain({} as Verdict, { codes: {} as Policy['codes'] });
// customRule's factories are typed by their options, and are what loadPolicy's customRules take.
const blocking = customRule({
  name: 'acme.blocking',
  summary: 'Denies a list.',
  options: { blocked: { description: 'Orgnos.', type: 'array', items: { type: 'string' } } },
  check: (o: { readonly blocked: readonly string[] }) => () => (o.blocked.length > 0 ? pass() : pass()),
});
assert<Equal<typeof blocking, CustomRuleFactory<{ readonly blocked: readonly string[] }>>>();
blocking({ blocked: [], id: 'acme.b', mode: 'shadow' });
loadPolicy({ path: 'acme.policy.yaml' }, { customRules: { 'acme.blocking': blocking } });
void [unnamespaced, notBuiltin, oneLanguage, badKey, withCustom, partialTable, customStatus];

// Decisions and statuses are closed unions.
assert<Equal<Verdict['decision'], 'allow' | 'deny'>>();
assert<Equal<Verdict['outcomes'][number]['status'], 'pass' | 'fail' | 'skipped' | 'error'>>();
// Verdicts are plain JSON: absent values are null, never undefined, so a JSON round trip is the identity.
assert<Equal<Verdict['subject']['person'], string | null>>();
assert<Equal<Verdict['requestId'], string | null>>();
// @ts-expect-error violations are data: no Error objects in a verdict
const withError: Violation = { code: 'rule_error', ruleId: 'x', path: '', actual: new Error('x') };

// The status table is total over the codes.
assert<Equal<keyof typeof defaultStatusCodes, ReasonCode>>();

// Rules are built, never hand-assembled half-way.
const r: Rule = defineRule({ id: 'x', check: () => pass() });
all([r]);
// @ts-expect-error a check must return a rule result
defineRule({ id: 'y', check: () => true });

// Presets are named by a closed union.
const name: PresetName = 'lanekassen-saldo';
preset(name, 'test');
// @ts-expect-error no such preset
preset('lanekassen', 'test');
// @ts-expect-error no such environment
preset('lanekassen-saldo', 'ver2');
explain({} as Verdict);

// Framework augmentation: the verdict is typed on the request.
declare const expressRequest: Request;
assert<Equal<typeof expressRequest.dsopVerdict, Verdict | undefined>>();
declare const fastifyRequest: FastifyRequest;
assert<Equal<typeof fastifyRequest.dsopVerdict, Verdict | null | undefined>>();

// Guard input fields are untrusted: anything may be passed, the guard checks at run time.
const input: GuardInput = { maskinportenToken: 42, person: {} };
void input;
void withError;

// Fastify's logger (pino) is an EventLogger, so request.log and fastify.log can be given as `logger`.
declare const fastifyLog: FastifyBaseLogger;
const logger: EventLogger = fastifyLog;
const withLogger: GuardOptions = { logger, telemetry: { tracerName: 'saldo-api' } };
// @ts-expect-error telemetry is false or names, not true
const telemetryOn: GuardOptions = { telemetry: true };
// onDeny speaks each framework's language.
const next: ExpressGuardOptions['onDeny'] = 'next';
// @ts-expect-error Express has no 'error' mode: errors go to next
const expressError: ExpressGuardOptions['onDeny'] = 'error';
const thrown: FastifyGuardOptions['onDeny'] = 'error';
// A deny error is an Error with the status both frameworks read.
assert<Equal<DsopDenyError['statusCode'], number>>();
const asError: Error = {} as DsopDenyError;
void [withLogger, telemetryOn, next, expressError, thrown, asError];

// The report: report.json's shape is a public type, and the aggregator takes only known options.
import type { AuditReport, ReportAggregatorOptions } from '@dsop-guard/report';

assert<Equal<AuditReport['timeline']['bucket'], 'hour' | 'day'>>();
assert<Equal<AuditReport['reportVersion'], 2>>();
// @ts-expect-error a report's lists are readonly
((r: AuditReport) => r.reasons.top.push())({} as AuditReport);
// @ts-expect-error options are named: no typo passes
const typo: ReportAggregatorOptions = { consentExpiryDays: 7 };
void typo;

import type { LoadPolicyOptions } from '@dsop-guard/rules';
// A custom rule factory's options are typed: a misspelt option does not compile, and the factory still fits
// loadPolicy's customRules.
import { blockedConsumersRule } from '../../packages/rules/examples/blockedConsumersRule.js';

// @ts-expect-error `blockd` is not an option of the rule
blockedConsumersRule({ blockd: ['974760673'] });
const registered: LoadPolicyOptions['customRules'] = { 'acme.blocked-consumers': blockedConsumersRule };
void registered;

import type { Context as EvaluationContext } from '@dsop-guard/core';
// Policy replay: the result is a closed union, the report's replay member is the summary, and the evaluation
// context's person-facts lookup is optional (rules written before it still type-check).
import type {
  ReplayAggregatorOptions,
  ReplayResult,
  ReplaySummary,
  UnreplayableReason,
} from '@dsop-guard/report/replay';

assert<Equal<ReplayResult['kind'], 'replayed' | 'before_policy' | 'unreplayable'>>();
assert<Equal<NonNullable<AuditReport['replay']>, ReplaySummary>>();
const noFacts: EvaluationContext = { now: 0, clockTolerance: 0 };
// @ts-expect-error an unreplayable reason is one of the closed list
const guessed: UnreplayableReason = 'guessed';
// @ts-expect-error the replay needs a policy
const noPolicy: ReplayAggregatorOptions = { top: 5 };
void [noFacts, guessed, noPolicy];

// Policy tests: a case's expectation and a result's mismatch are closed unions; the loaded policy file's
// transport may be absent (the CLI refuses such a policy in check and serve).
import type {
  ExtendingPolicyFile,
  LoadedPolicyFile,
  PolicyTestCase,
  PolicyTestMismatch,
  PolicyTestResult,
  RenderPolicyTestsOptions,
  Transport,
} from '@dsop-guard/rules';

assert<Equal<PolicyTestCase['expect']['decision'], 'allow' | 'deny'>>();
assert<Equal<PolicyTestMismatch['kind'], 'decision' | 'reasons' | 'outcome'>>();
assert<Equal<PolicyTestResult['status'], 'passed' | 'failed'>>();
assert<Equal<LoadedPolicyFile['transport'], Transport | undefined>>();
assert<Equal<NonNullable<RenderPolicyTestsOptions['format']>, 'text' | 'junit' | 'tap' | 'json'>>();
// @ts-expect-error extends names a preset and an environment
const badExtends: ExtendingPolicyFile = { id: 'a', version: '1', extends: 'lanekassen-saldo/staging' };
// @ts-expect-error an expected outcome is a status
const badOutcome: PolicyTestCase['expect'] = { decision: 'deny', outcomes: { scope: 'failed' } };
void [badExtends, badOutcome];
