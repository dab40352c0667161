/**
 * Collects what is wrong with a construct's input while it is built, so one synth reports every
 * problem at once: cdk8s' validation prefixes each message with the construct path.
 */
import type { IConstruct } from 'constructs';

export class Problems {
  private readonly errors: string[] = [];
  private readonly notes: string[] = [];

  constructor(scope: IConstruct) {
    scope.node.addValidation({ validate: () => [...this.errors] });
  }

  /** Records an error: what is wrong (`subject`), the value given and what was expected. */
  error(subject: string, value: unknown, expected: string): void {
    this.errors.push(`${subject}: got ${show(value)}, expected ${expected}`);
  }

  /** Records a problem whose message does not fit the got/expected form. */
  message(text: string): void {
    this.errors.push(text);
  }

  warn(text: string): void {
    this.notes.push(text);
  }

  get warnings(): readonly string[] {
    return this.notes;
  }
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

/** How messages name the app itself (whose construct path is empty): it holds the platform settings. */
export const SETTINGS_PATH = 'settings';

/** A construct's path for messages. */
export function pathOf(c: IConstruct): string {
  return c.node.path || SETTINGS_PATH;
}

/** Every validation error in the tree below `root`, as `[path] message`, in tree order; `onValidate` counts constructs. */
export function collectErrors(root: IConstruct, onValidate: () => void = () => {}): string[] {
  const out: string[] = [];
  for (const c of root.node.findAll()) {
    onValidate();
    for (const e of c.node.validate()) out.push(`[${pathOf(c)}] ${e}`);
  }
  return out;
}

/** Thrown by synth when the catalogue has errors; nothing has been written when it is thrown. */
export class CatalogError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the service catalogue:\n  ${problems.join('\n  ')}`);
    this.name = 'CatalogError';
  }
}
