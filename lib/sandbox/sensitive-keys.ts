/**
 * An attribute key that a declared sensitive-field pattern matches, so the demo targets send every
 * declared field: the first alternative of each group, optional and starred atoms left out.
 */

/** Reads one atom at `i`; returns its example text and where the next atom starts. */
function atom(p: string, i: number): [string, number] {
  const c = p[i]!;
  if (c === '\\') return [p[i + 1] ?? '', i + 2];
  if (c === '.') return ['x', i + 1];
  if (c === '[') {
    const end = p.indexOf(']', i + 2);
    const first = p[i + 1] === '^' ? 'x' : p[i + 1]!;
    return [first, end < 0 ? p.length : end + 1];
  }
  if (c === '(') {
    let depth = 0;
    let j = i;
    for (; j < p.length; j++) {
      if (p[j] === '\\') j++;
      else if (p[j] === '(') depth++;
      else if (p[j] === ')' && --depth === 0) break;
    }
    let inner = p.slice(i + 1, j).replace(/^\?(:|i:)/, '');
    // First alternative at this depth.
    let d = 0;
    for (let k = 0; k < inner.length; k++) {
      if (inner[k] === '\\') k++;
      else if (inner[k] === '(') d++;
      else if (inner[k] === ')') d--;
      else if (inner[k] === '|' && d === 0) {
        inner = inner.slice(0, k);
        break;
      }
    }
    return [sequence(inner), j + 1];
  }
  return [c, i + 1];
}

function sequence(p: string): string {
  const top = firstAlternative(p);
  let out = '';
  let i = 0;
  while (i < top.length) {
    const [text, next] = atom(top, i);
    const q = top[next];
    if (q === '?' || q === '*') i = next + 1;
    else if (q === '+') {
      out += text;
      i = next + 1;
    } else if (q === '{') {
      const close = top.indexOf('}', next);
      const min = Number(top.slice(next + 1, close).split(',')[0]);
      out += text.repeat(Number.isFinite(min) ? min : 1);
      i = close + 1;
    } else {
      out += text;
      i = next;
    }
  }
  return out;
}

function firstAlternative(p: string): string {
  let d = 0;
  for (let k = 0; k < p.length; k++) {
    if (p[k] === '\\') k++;
    else if (p[k] === '(' || p[k] === '[') d++;
    else if (p[k] === ')' || p[k] === ']') d--;
    else if (p[k] === '|' && d === 0) return p.slice(0, k);
  }
  return p;
}

/** A key `pattern` matches as a whole key, case-insensitively (as the collector matches it); undefined when none is found. */
export function exampleKey(pattern: string): string | undefined {
  const key = sequence(pattern.replace(/^\^|\$$/g, ''));
  try {
    return key !== '' && new RegExp(`^(?:${pattern})$`, 'i').test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}
