/**
 * Notification template text (Go text/template, Alertmanager's data). Checked here for what breaks it
 * before Alertmanager sees it: unbalanced `{{ }}` and blocks; the tests render every one with amtool.
 */
import { checkPlain, type Finding } from './secrets';

const BLOCK_START = /^-?\s*(if|range|with|define|block)\b/;
const BLOCK_MIDDLE = /^-?\s*else\b/;
const BLOCK_END = /^-?\s*end\s*-?$/;

/** What is wrong with the template's structure; undefined when it is sound. */
function structureProblem(text: string): string | undefined {
  let depth = 0;
  let rest = text;
  for (;;) {
    const open = rest.indexOf('{{');
    const close = rest.indexOf('}}');
    if (open === -1) return close === -1 ? (depth === 0 ? undefined : `${depth} unclosed {{ if/range/with }} block(s): close each with {{ end }}`) : 'a "}}" without its "{{"';
    if (close !== -1 && close < open) return 'a "}}" without its "{{"';
    const end = rest.indexOf('}}', open + 2);
    if (end === -1) return 'a "{{" without its "}}"';
    const action = rest.slice(open + 2, end).trim();
    if (action.includes('{{')) return 'a "{{" without its "}}"';
    if (action === '' || action === '-') return 'an empty action "{{ }}"';
    if (BLOCK_START.test(action)) depth++;
    else if (BLOCK_END.test(action)) {
      if (depth === 0) return 'an {{ end }} without its {{ if/range/with }}';
      depth--;
    } else if (BLOCK_MIDDLE.test(action) && depth === 0) return 'an {{ else }} outside an {{ if/range/with }} block';
    rest = rest.slice(end + 2);
  }
}

/** Checks a template field: a non-empty string, no secret, balanced actions and blocks. */
export function checkTemplate(subject: string, value: unknown): Finding[] {
  const expected = 'a notification template: non-empty Go template text with balanced {{ }} actions and {{ end }} for every block';
  const plain = checkPlain(subject, value, expected, (v) => v.trim() !== '');
  if (plain.length) return plain;
  const problem = structureProblem(value as string);
  return problem ? [{ subject, value, expected: `${expected}; it has ${problem}` }] : [];
}
