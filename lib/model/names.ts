/** Syntax rules of the names the model accepts; each returns what was expected, or undefined when fine. */
import { parseDuration } from '../promql/format';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function checkDnsLabel(value: string): string | undefined {
  if (value.length > 63 || !DNS_1123_LABEL.test(value)) {
    return 'a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

export function checkMetricName(value: string): string | undefined {
  if (!METRIC_NAME.test(value)) return 'a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*';
  if (value.startsWith('__')) return 'a metric name that does not start with "__" (reserved for internal use)';
  return undefined;
}

export function checkLabelName(value: string): string | undefined {
  if (!LABEL_NAME.test(value)) return 'a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*';
  if (value.startsWith('__')) return 'a label name that does not start with "__" (reserved for internal use)';
  return undefined;
}

export function checkDuration(value: string): string | undefined {
  const ms = parseDuration(value);
  if (ms === undefined || ms === 0) return 'a Prometheus duration greater than zero, such as 30s, 5m or 1h30m';
  return undefined;
}

/** `[a-z0-9]` words separated by `-` or `_`: the syntax of SLO and symptom names (Sloth's rule, lower-cased). */
export function checkIdentifier(value: string): string | undefined {
  if (!/^[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(value)) {
    return 'lower-case letters, digits, "-" and "_", starting and ending with a letter or digit';
  }
  return undefined;
}
