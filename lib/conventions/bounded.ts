/** Names with a length limit (dashboard uids, Kubernetes label values): shortened with a hash, never cut into collisions. */
import { createHash } from 'node:crypto';

const HASH_LENGTH = 8;

/**
 * `name` when it fits in `max` characters; else its start, `-` and the first 8 hex digits of its
 * SHA-256, `max` characters in all. Two names that share a long prefix stay apart, and the same name
 * always gives the same result.
 */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
  // A DNS-1123 name may not end in "-" before the separator; trim so "a--hash" never appears.
  const head = name.slice(0, max - HASH_LENGTH - 1).replace(/[-_.]+$/, '');
  return `${head}-${hash}`;
}

/** Dashboard uids are at most 40 characters (Grafana). */
export const UID_MAX = 40;
/** Kubernetes label values and DNS-1123 labels are at most 63 characters. */
export const LABEL_VALUE_MAX = 63;
