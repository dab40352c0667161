/**
 * Matchers whose value reads like a regular expression but compares literally (`status="5.."`), so the
 * alert or SLI can never match: a warning that says to write `re(...)`.
 */
import { looksLikeRegex, type Matcher } from '../promql/expr';

export function literalRegexWarnings(subject: string, matchers: readonly Matcher[] | undefined): string[] {
  return (matchers ?? []).filter((m) => (m.op === '=' || m.op === '!=') && looksLikeRegex(m.value)).map((m) => {
    const fn = m.op === '=' ? 're' : 'nre';
    return `${subject} matcher ${m.label}${m.op}${JSON.stringify(m.value)}: the value looks like a regular expression, but ${m.op} compares it literally, `
      + `so no series matches it; write ${fn}(${JSON.stringify(m.label)}, ${JSON.stringify(m.value)}) to match it as one`;
  });
}

/** The same for a prop that takes a literal value or `re(...)` (a disk symptom's `mountpoint`). */
export function literalPatternWarning(subject: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !looksLikeRegex(value)) return undefined;
  return `${subject}: ${JSON.stringify(value)} looks like a regular expression, but a plain string is matched literally; write re(${JSON.stringify(value)}) to match it as one`;
}
