/**
 * Values derived once per synth. Every synth builds its own Catalog (catalogOf), so a memo keyed by
 * the catalogue object, then by the construct, is never shared between two synths, and is dropped
 * with the catalogue. Memoized values are shared by every renderer that asks: treat them as read-only.
 * Extra arguments help the first call build the value (what the caller already has); later calls ignore them.
 */
import type { Catalog } from './catalog';

export function perCatalog<K extends object, V, A extends unknown[] = []>(
  build: (catalog: Catalog, key: K, ...args: A) => V,
): (catalog: Catalog, key: K, ...args: A) => V {
  const memos = new WeakMap<Catalog, WeakMap<K, V>>();
  return (catalog, key, ...args) => {
    let memo = memos.get(catalog);
    if (!memo) memos.set(catalog, (memo = new WeakMap()));
    if (memo.has(key)) return memo.get(key)!;
    const value = build(catalog, key, ...args);
    memo.set(key, value);
    return value;
  };
}
