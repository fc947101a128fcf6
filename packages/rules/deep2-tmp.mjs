import { parseDocument, Parser, Lexer } from 'yaml';
const n = Number(process.argv[2]); const kind = process.argv[3];
const t = kind === 'flow' ? '['.repeat(n) + ']'.repeat(n) : kind === 'dash' ? '- '.repeat(n) + 'x' : Array.from({length: n}, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' x';
if (process.argv[4] === 'cst') {
  let depth = 0, max = 0, count = 0;
  for (const tok of new Lexer().lex(t)) { count++; if (tok === '[' || tok === '{') {depth++; max = Math.max(max, depth);} }
  console.log('lex ok', count, max);
  let c = 0; for (const tok of new Parser().parse(t)) c++;
  console.log('parse ok', c);
} else {
const d = parseDocument(t); console.log(n, kind, d.errors.length, d.errors[0]?.message.slice(0, 60));
try { d.toJS(); console.log('toJS ok'); } catch (e) { console.log('toJS', e.constructor.name); }
}
