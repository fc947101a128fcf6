import type { CodeDeclarations } from '@dsop-guard/core';
import { describeReason } from '@dsop-guard/rules';
import type { DecisionFacts } from '../read/readDecision.js';
import type { AuditReport, DecisionCounts, PartyCounts, TimeBucket } from '../reportTypes.js';
import { cappedGroups, createTally } from './groups.js';

// Private: the report's sections, one small streaming aggregator each. Each keeps a bounded state (groups are
// capped at `maxGroups`; what does not fit is counted in `overflow`), takes one decision's facts at a time,
// and gives its part of the report at the end.

export interface SectionLimits {
  readonly top: number;
  readonly maxGroups: number;
  readonly maxListed: number;
  /** Counts decisions that found no room in some table. */
  readonly overflow: () => void;
}

export interface Section<T> {
  readonly add: (facts: DecisionFacts) => void;
  readonly result: () => T;
}

interface Counts {
  allow: number;
  deny: number;
}

function count(into: Counts, facts: DecisionFacts): void {
  if (facts.decision === 'allow') into.allow += 1;
  else if (facts.decision === 'deny') into.deny += 1;
}

const byTotal = (a: DecisionCounts, b: DecisionCounts): number => b.allow + b.deny - (a.allow + a.deny);

const HOUR = 3600;
const DAY = 86_400;
/** Past this many hourly buckets (400 days), the timeline counts by day from then on. */
const MAX_HOURS = 24 * 400;
/** Gaps are filled with empty buckets up to this many in all. */
const MAX_FILLED = 2000;

function regroup(buckets: Map<number, Counts>, unit: number): Map<number, Counts> {
  const out = new Map<number, Counts>();
  for (const [start, c] of buckets) {
    const key = Math.floor(start / unit) * unit;
    const into = out.get(key) ?? { allow: 0, deny: 0 };
    into.allow += c.allow;
    into.deny += c.deny;
    out.set(key, into);
  }
  return out;
}

function filled(buckets: Map<number, Counts>, unit: number): TimeBucket[] {
  const starts = [...buckets.keys()].sort((a, b) => a - b);
  const first = starts[0];
  const last = starts[starts.length - 1];
  if (first === undefined || last === undefined) return [];
  const fill = (last - first) / unit + 1 <= MAX_FILLED;
  const keys = fill ? Array.from({ length: (last - first) / unit + 1 }, (_, i) => first + i * unit) : starts;
  return keys.map((start) => ({ start, ...(buckets.get(start) ?? { allow: 0, deny: 0 }) }));
}

/** Allows and denies over time, and the span: by hour when it covers at most three days, else by day. */
export function timelineSection(limits: SectionLimits): Section<Pick<AuditReport, 'timeline' | 'span'>> {
  let unit = HOUR;
  let buckets = new Map<number, Counts>();
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  return {
    add: (facts) => {
      const t = facts.evaluatedAt;
      if (t === null) return;
      from = Math.min(from, t);
      to = Math.max(to, t);
      let key = Math.floor(t / unit) * unit;
      if (unit === HOUR && buckets.size >= MAX_HOURS && !buckets.has(key)) {
        unit = DAY;
        buckets = regroup(buckets, DAY);
        key = Math.floor(t / unit) * unit;
      }
      let into = buckets.get(key);
      if (into === undefined && buckets.size < Math.max(limits.maxGroups, MAX_HOURS)) {
        into = { allow: 0, deny: 0 };
        buckets.set(key, into);
      }
      if (into === undefined) limits.overflow();
      else count(into, facts);
    },
    result: () => {
      if (unit === HOUR && to - from > 3 * DAY) {
        unit = DAY;
        buckets = regroup(buckets, DAY);
      }
      const span = from <= to ? { from, to } : { from: null, to: null };
      return { span, timeline: { bucket: unit === HOUR ? 'hour' : 'day', buckets: filled(buckets, unit) } };
    },
  };
}

/** Deny reasons with their explanations in English and Norwegian (custom codes' from `codes()`, read at the end). */
export function reasonsSection(
  limits: SectionLimits,
  codes: () => CodeDeclarations,
): Section<AuditReport['reasons']> {
  const tally = createTally(limits.maxGroups);
  return {
    add: (facts) => {
      if (facts.decision !== 'deny') return;
      for (const code of new Set(facts.reasons)) tally.add(code);
    },
    result: () => ({
      distinct: tally.distinct(),
      top: tally.top(limits.top).map(({ key, count }) => {
        const words = describeReason(key, codes());
        return { code: key, count, en: words?.en ?? null, nb: words?.nb ?? null };
      }),
    }),
  };
}

/** Decisions per consumer or supplier organisation, with each one's most common deny reason. */
export function partySection(
  limits: SectionLimits,
  orgnoOf: (facts: DecisionFacts) => string | null,
): Section<AuditReport['consumers']> {
  const parties = cappedGroups(limits.maxGroups, (_: string | null) => ({
    allow: 0,
    deny: 0,
    reasons: createTally(64),
  }));
  return {
    add: (facts) => {
      const party = parties.get(orgnoOf(facts));
      if (party === undefined) return limits.overflow();
      count(party, facts);
      if (facts.decision === 'deny') for (const code of new Set(facts.reasons)) party.reasons.add(code);
    },
    result: () => {
      const rows: PartyCounts[] = [...parties.entries()].map(([orgno, p]) => ({
        orgno,
        allow: p.allow,
        deny: p.deny,
        topReason: p.reasons.top(1)[0]?.key ?? null,
      }));
      return { distinct: parties.size(), top: rows.sort(byTotal).slice(0, limits.top) };
    },
  };
}

/** Decisions per delegation path: direct, supplier (with its delegation source), system user. */
export function delegationSection(limits: SectionLimits): Section<AuditReport['delegation']> {
  const paths = cappedGroups(limits.maxGroups, (key: string) => {
    const [delegation, delegationSource] = JSON.parse(key) as [string, string | null];
    return { delegation, delegationSource, allow: 0, deny: 0 };
  });
  return {
    add: (facts) => {
      const path = paths.get(JSON.stringify([facts.delegation, facts.delegationSource]));
      if (path === undefined) limits.overflow();
      else count(path, facts);
    },
    result: () =>
      [...paths.entries()]
        .map(([, p]) => ({ ...p }))
        .sort(byTotal)
        .slice(0, limits.maxListed),
  };
}

/** Shadow rules that failed: what they would have denied, and how many of those were allowed. */
export function shadowSection(limits: SectionLimits): Section<AuditReport['shadow']> {
  const rules = cappedGroups(limits.maxGroups, (_: string) => ({
    wouldDeny: 0,
    ofAllowed: 0,
    codes: createTally(64),
  }));
  return {
    add: (facts) => {
      const seen = new Set<string>();
      for (const failure of facts.shadowFailures) {
        const rule = rules.get(failure.ruleId);
        if (rule === undefined) {
          limits.overflow();
          continue;
        }
        for (const code of failure.codes) rule.codes.add(code);
        if (seen.has(failure.ruleId)) continue;
        seen.add(failure.ruleId);
        rule.wouldDeny += 1;
        if (facts.decision === 'allow') rule.ofAllowed += 1;
      }
    },
    result: () =>
      [...rules.entries()]
        .map(([ruleId, r]) => ({
          ruleId,
          wouldDeny: r.wouldDeny,
          ofAllowed: r.ofAllowed,
          codes: r.codes.top(10).map(({ key, count }) => ({ code: key, count })),
        }))
        .sort((a, b) => b.wouldDeny - a.wouldDeny)
        .slice(0, limits.maxListed),
  };
}

/** Decisions on consents with less than `thresholdSeconds` left (and not yet expired). */
export function expirySection(
  limits: SectionLimits,
  thresholdSeconds: number,
): Section<AuditReport['consentsNearExpiry']> {
  let decisions = 0;
  const consents = cappedGroups(limits.maxGroups, (key: string) => {
    const [source, id, consumerOrgno, validTo] = JSON.parse(key) as [
      string,
      string | null,
      string | null,
      number,
    ];
    return { id, source, consumerOrgno, validTo, leastSecondsLeft: Number.POSITIVE_INFINITY, decisions: 0 };
  });
  return {
    add: (facts) => {
      const c = facts.consent;
      if (c === null || c.validTo === null || facts.evaluatedAt === null) return;
      const left = c.validTo - facts.evaluatedAt;
      if (left < 0 || left >= thresholdSeconds) return;
      decisions += 1;
      const consent = consents.get(JSON.stringify([c.source, c.id, facts.consumerOrgno, c.validTo]));
      if (consent === undefined) return limits.overflow();
      consent.decisions += 1;
      consent.leastSecondsLeft = Math.min(consent.leastSecondsLeft, left);
    },
    result: () => ({
      thresholdSeconds,
      decisions,
      consents: consents.size(),
      soonest: [...consents.entries()]
        .map(([, c]) => ({ ...c }))
        .sort((a, b) => a.leastSecondsLeft - b.leastSecondsLeft)
        .slice(0, limits.top),
    }),
  };
}

/** Decisions taken on keys past their refresh window (`keys.state` `stale`), per token role and issuer. */
export function staleKeySection(limits: SectionLimits): Section<AuditReport['staleKeys']> {
  let decisions = 0;
  const issuers = cappedGroups(limits.maxGroups, (key: string) => {
    const [token, iss] = JSON.parse(key) as ['maskinporten' | 'consent', string | null];
    return { token, iss, decisions: 0, maxAgeSeconds: null as number | null };
  });
  return {
    add: (facts) => {
      const stale = facts.keys.filter((k) => k.stale);
      if (stale.length > 0) decisions += 1;
      for (const k of stale) {
        const issuer = issuers.get(JSON.stringify([k.token, k.iss]));
        if (issuer === undefined) {
          limits.overflow();
          continue;
        }
        issuer.decisions += 1;
        if (k.ageSeconds !== null) issuer.maxAgeSeconds = Math.max(issuer.maxAgeSeconds ?? 0, k.ageSeconds);
      }
    },
    result: () => ({
      decisions,
      byIssuer: [...issuers.entries()]
        .map(([, i]) => ({ ...i }))
        .sort((a, b) => b.decisions - a.decisions)
        .slice(0, limits.maxListed),
    }),
  };
}

/** The policies that took the decisions, as the records name them (id, version, sha256), with when and how often. */
export function policySection(limits: SectionLimits): Section<AuditReport['policies']> {
  const policies = cappedGroups(limits.maxGroups, (key: string) => {
    const [id, version, sha256] = JSON.parse(key) as [string, string, string];
    return {
      id,
      version,
      sha256,
      firstSeen: null as number | null,
      lastSeen: null as number | null,
      decisions: 0,
    };
  });
  return {
    add: (facts) => {
      if (facts.policy === null) return;
      const { id, version, sha256 } = facts.policy;
      const p = policies.get(JSON.stringify([id, version, sha256]));
      if (p === undefined) return limits.overflow();
      p.decisions += 1;
      const t = facts.evaluatedAt;
      if (t !== null) {
        p.firstSeen = p.firstSeen === null ? t : Math.min(p.firstSeen, t);
        p.lastSeen = p.lastSeen === null ? t : Math.max(p.lastSeen, t);
      }
    },
    result: () =>
      [...policies.entries()]
        .map(([, p]) => ({ ...p }))
        .sort((a, b) => b.decisions - a.decisions)
        .slice(0, limits.maxListed),
  };
}

/** The privacy modes and key ids the records were written under; per-record random keys counted as `ephemeral`. */
export function privacySection(limits: SectionLimits): Section<AuditReport['privacy']> {
  const modes = cappedGroups(limits.maxGroups, (key: string) => {
    const [person, keyId] = JSON.parse(key) as [string, string | null];
    return { person, keyId, decisions: 0 };
  });
  return {
    add: (facts) => {
      const keyId =
        facts.privacy.keyId?.startsWith('ephemeral:') === true ? 'ephemeral' : facts.privacy.keyId;
      const m = modes.get(JSON.stringify([facts.privacy.person ?? 'unknown', keyId]));
      if (m === undefined) return limits.overflow();
      m.decisions += 1;
    },
    result: () =>
      [...modes.entries()]
        .map(([, m]) => ({ ...m }))
        .sort((a, b) => b.decisions - a.decisions)
        .slice(0, limits.maxListed),
  };
}
