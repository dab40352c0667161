/** Label values that satisfy (or deliberately fail) matchers, for generated input series. */
import type { Matcher } from '../../promql';

const GENERIC = ['500', '503', '200', '201', '404', '401', '403', '429', 'ok', 'error', 'success', 'failure', 'true', 'false', '1', '0', 'GET', 'POST', 'example'];

// Services of one shape share matchers: compile each regex and solve each assignment once.
const regexes = new Map<string, RegExp>();
const anchored = (re: string): RegExp => {
  let r = regexes.get(re);
  if (!r) regexes.set(re, (r = new RegExp(`^(?:${re})$`)));
  return r;
};

export function satisfies(value: string, m: Matcher): boolean {
  switch (m.op) {
    case '=': return value === m.value;
    case '!=': return value !== m.value;
    case '=~': return anchored(m.value).test(value);
    case '!~': return !anchored(m.value).test(value);
  }
}

/** Plausible strings a regex matches: its alternatives with wildcards filled in. */
function fromRegex(re: string): string[] {
  return re.split('|').map((alt) =>
    alt.replace(/\\d|\[[^\]]*\]/g, (x) => (x === '\\d' ? '0' : x.slice(1, 2) === '^' ? 'z' : x.slice(1, 2)))
      .replace(/\.\*|\.\+/g, '0').replace(/\./g, '0').replace(/[()^$?*+\\]/g, ''));
}

function candidates(label: string, matchers: readonly Matcher[], hints: readonly string[]): string[] {
  const own = matchers.filter((m) => m.label === label).flatMap((m) => (m.op === '=~' || m.op === '!~' ? fromRegex(m.value) : [m.value]));
  return [...new Set([...hints, ...own, ...GENERIC])];
}

/**
 * Values for `labels` such that every matcher of `all` holds and, when `failOne` is given, at least
 * one of its matchers fails. Undefined when no combination of plausible values works.
 */
export function assign(
  labels: readonly string[], all: readonly Matcher[], failOne?: readonly Matcher[], hints: Readonly<Record<string, readonly string[]>> = {},
): Record<string, string> | undefined {
  // A label held to one value by `=` (a service's identity, mostly) has only that value: it is set
  // here, and the search and its cache see the other labels only, so services of one shape share them.
  const fixed = new Map<string, string>();
  for (const l of labels) {
    const own = all.filter((m) => m.label === l);
    const eq = own.find((m) => m.op === '=');
    if (eq && !hints[l] && !failOne?.some((m) => m.label === l) && own.every((m) => satisfies(eq.value, m))) fixed.set(l, eq.value);
  }
  const rest = fixed.size ? labels.filter((l) => !fixed.has(l)) : labels;
  const restMatchers = fixed.size ? all.filter((m) => !fixed.has(m.label)) : all;
  const key = JSON.stringify([rest, restMatchers, failOne ?? null, hints]);
  if (!assignments.has(key)) {
    if (assignments.size >= 10_000) assignments.clear();
    assignments.set(key, solve(rest, restMatchers, failOne, hints));
  }
  const found = assignments.get(key);
  if (!found) return undefined;
  const out: Record<string, string> = {};
  for (const l of labels) out[l] = fixed.get(l) ?? found[l]!;
  return out;
}

const assignments = new Map<string, Readonly<Record<string, string>> | undefined>();

function solve(
  labels: readonly string[], all: readonly Matcher[], failOne: readonly Matcher[] | undefined, hints: Readonly<Record<string, readonly string[]>>,
): Record<string, string> | undefined {
  const every = [...all, ...(failOne ?? [])];
  const lists = labels.map((l) => candidates(l, every, hints[l] ?? []).filter((v) => all.filter((m) => m.label === l).every((m) => satisfies(v, m))));
  const pick: Record<string, string> = {};
  const walk = (i: number): boolean => {
    if (i === labels.length) return !failOne || failOne.some((m) => !satisfies(pick[m.label] ?? '', m));
    for (const v of lists[i]!) {
      pick[labels[i]!] = v;
      if (walk(i + 1)) return true;
    }
    return false;
  };
  return walk(0) ? { ...pick } : undefined;
}
