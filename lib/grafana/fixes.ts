/**
 * The post-build fixes the foundation SDK needs (REFERENCE 6.3): panel ids, target refIds, link
 * placement, and a uid Grafana accepts. Applied to every dashboard after `build()`.
 */
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

const UID = /^[a-zA-Z0-9_-]{1,40}$/;

type AnyPanel = Panel | RowPanel;

export function finalize(d: Dashboard, uid: string): Dashboard {
  if (!UID.test(uid)) throw new Error(`dashboard uid "${uid}" must be 1 to 40 characters of [a-zA-Z0-9_-]`);
  d.uid = uid;
  let nextId = 1;
  const visit = (p: AnyPanel) => {
    p.id = nextId++;
    if (p.type === 'row') {
      for (const child of (p as RowPanel).panels ?? []) visit(child as AnyPanel);
      return;
    }
    ((p as Panel).targets as Array<{ refId?: string }> | undefined)?.forEach((t, i) => {
      // Keep an explicit refId (table columns are matched by it); name the rest A, B, C…
      if (!t.refId) t.refId = refId(i);
    });
  };
  for (const p of (d.panels ?? []) as AnyPanel[]) visit(p);
  // The SDK puts links in the controls menu; Grafana shows them in the top bar without `placement`.
  for (const link of d.links ?? []) delete (link as { placement?: unknown }).placement;
  return d;
}

/** A, B, …, Z, AA, AB… */
export function refId(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
