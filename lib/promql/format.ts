/** Exact, canonical text for the literals that go into PromQL and rule files. */

const UNITS: ReadonlyArray<readonly [string, number, boolean]> = [
  // [suffix, milliseconds, only when exact] — the order and exactness of Prometheus' model.Duration.String().
  ['y', 365 * 24 * 3600 * 1000, true],
  ['w', 7 * 24 * 3600 * 1000, true],
  ['d', 24 * 3600 * 1000, false],
  ['h', 3600 * 1000, false],
  ['m', 60 * 1000, false],
  ['s', 1000, false],
  ['ms', 1, false],
];

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a Prometheus duration (`30s`, `1h30m`, `4w`); undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  // Every range of every rendered rule parses one of a few window texts.
  let ms = parsed.get(text);
  if (ms === undefined && !parsed.has(text)) {
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(text, (ms = parse(text)));
  }
  return ms;
}
const parsed = new Map<string, number | undefined>();

function parse(text: string): number | undefined {
  if (text === '0') return 0;
  const m = DURATION.exec(text);
  if (!m || text === '') return undefined;
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNITS[i]![1];
  }
  return ms;
}

/** Canonical Prometheus duration text: 24h → `1d`, 28d → `4w`, 30d → `30d` (as Sloth names its windows). */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`duration must be a whole number of milliseconds >= 0, got ${ms}`);
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size, exact] of UNITS) {
    if (exact && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Shortest decimal text, rounded to 12 significant digits so float noise never reaches a rule: 1 - 0.999 → `0.001`. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  // Whole numbers are exact already (and the common case in generated test series).
  if (Number.isSafeInteger(value)) return String(value);
  // Thresholds, factors and test values repeat across services.
  let text = formatted.get(value);
  if (text === undefined) {
    if (formatted.size >= 10_000) formatted.clear();
    formatted.set(value, (text = String(Number(value.toPrecision(12)))));
  }
  return text;
}
const formatted = new Map<number, string>();

/** A double-quoted PromQL string literal (also the syntax of label values in selectors and matchers). */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Go template text of a literal: Prometheus expands alert labels and annotations as templates, so `{{` is written `{{ "{{" }}`. */
export const TEMPLATE_OPEN = '{{ "{{" }}';
export function templateLiteral(value: string): string {
  return value.split('{{').join(TEMPLATE_OPEN);
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 64)`: how client_golang writes `le` and `quantile` (`1e+06`, `1e-05`, `0.005`). */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  // JS and Go both pick the shortest round-trip digits; Go switches to exponents outside [1e-4, 1e6).
  const [mantissa, expText] = value.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(value);
}

/** Prometheus 3's `labels.FormatOpenMetricsFloat`, the form it stores `le` and `quantile` in: `1` → `1.0`, `1e6` → `1e+06`. */
export function openMetricsFloat(value: number): string {
  const text = goFloat(value);
  return Number.isFinite(value) && !/[.e]/.test(text) ? `${text}.0` : text;
}

/** Plain positional notation, never an exponent: `1e6` → `1000000`, `1e-5` → `0.00001`; undefined past 1e21. */
function positional(value: number): string | undefined {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return undefined;
  const [mantissa, expText] = value.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp >= 0) return String(value);
  const decimals = mantissa.replace(/[-.]/g, '').length - 1 - exp;
  return decimals <= 100 ? value.toFixed(decimals) : undefined;
}

/**
 * Every spelling of a float label value (`le`, `quantile`) that clients or Prometheus write:
 * Go's `%g` (client_golang, prometheus_client, Prometheus 2 stores it as scraped), Prometheus 3's
 * normalised form, and the positional form with and without `.0` (older clients). First is Go's.
 */
export function floatSpellings(value: number): string[] {
  const plain = positional(value);
  const forms = [goFloat(value), openMetricsFloat(value)];
  if (plain !== undefined) forms.push(plain, ...(Number.isInteger(value) ? [`${plain}.0`] : []));
  return [...new Set(forms)];
}
