import { createChainVerifier } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';

// Found by mutation testing (issue 24): the chain verifier put every line that holds no record into the report's
// `unreadable` list twice (once when the problem was noted, once more right after), so `dsop-guard audit verify`
// printed each corrupt, torn or foreign line twice. The problem count was right; the list was not. Now each such
// line is listed once, and the list is capped at `maxProblems` like the problems.

const at = (line: number) => ({ file: 'decisions.jsonl', line });

describe('regression: an unreadable line is listed once', () => {
  it('junk, JSON that is not a record, a record of another version and a torn last line: one entry each', () => {
    const verifier = createChainVerifier();
    verifier.push('junk', at(1));
    verifier.push('{"hello":1}', at(2));
    verifier.push('{"recordVersion":2}', at(3));
    verifier.push('{"recordVers', at(4), true);
    const report = verifier.report();
    expect(report.unreadable.map((p) => `${p.line} ${p.kind}`)).toEqual([
      '1 corrupt',
      '2 not_a_record',
      '3 unknown_version',
      '4 torn',
    ]);
    expect(report.problemCount).toBe(4);
    expect(report.whole).toBe(false);
  });

  it('the list is capped at maxProblems, the count is not', () => {
    const verifier = createChainVerifier({ maxProblems: 2 });
    for (let line = 1; line <= 5; line += 1) verifier.push('junk', at(line));
    const report = verifier.report();
    expect(report.unreadable.map((p) => p.line)).toEqual([1, 2]);
    expect(report.problems.map((p) => p.line)).toEqual([1, 2]);
    expect(report.problemCount).toBe(5);
  });
});
