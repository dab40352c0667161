/** Alert annotations of our rules beside Sloth's, one line per difference (compareShapes does labels). */
import { SlothLabels } from '../../lib/conventions';
import type { RuleGroup } from '../../lib/slo/rule';

export function compareAnnotations(ours: readonly RuleGroup[], sloth: readonly RuleGroup[]): string[] {
  const alerts = (gs: readonly RuleGroup[]) => new Map(gs.flatMap((g) => g.rules.flatMap((r) =>
    r.alert ? [[`${g.name}: alert ${r.alert} [${r.labels?.[SlothLabels.severity] ?? ''}]`, r.annotations ?? {}] as const] : [])));
  const [a, b] = [alerts(ours), alerts(sloth)];
  const out: string[] = [];
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
      if (!(k in y)) out.push(`${key}: annotation ${k} only in ours`);
      else if (!(k in x)) out.push(`${key}: annotation ${k} only in Sloth`);
      else if (x[k] !== y[k]) out.push(`${key}: annotation ${k} is ${JSON.stringify(x[k])} here, ${JSON.stringify(y[k])} in Sloth`);
    }
  }
  return out;
}
