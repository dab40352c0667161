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

/** Marks the id of a construct declared a second time in the same scope (`checkout#2`). */
const DUPLICATE_ID = '#';

/**
 * `id` when `scope` has no child of that id, else `id#2`, `id#3`…: constructs throws on a reused id,
 * so a second declaration gets a free id and is reported in our format (duplicateIdProblem).
 */
export function freeId(scope: IConstruct, id: string): string {
  if (!scope.node.tryFindChild(id)) return id;
  let n = 2;
  while (scope.node.tryFindChild(`${id}${DUPLICATE_ID}${n}`)) n++;
  return `${id}${DUPLICATE_ID}${n}`;
}

/** Whether `c` got a free id because its own was taken (its duplication is reported once, by id). */
export const isDuplicateId = (c: IConstruct): boolean => c.node.id.includes(DUPLICATE_ID);

/** Reports, on `problems`, that `c` (a `what`) reused the id `requested` of a sibling. */
export function checkFreeId(c: IConstruct, requested: string, what: string, problems: Problems): void {
  if (c.node.id === requested) return;
  const first = c.node.scope!.node.findChild(requested);
  problems.error(`${what} id`, requested, `an id not already used by ${pathOf(first)} (a ${first.constructor.name}): declare each ${what} once, or give the second its own id`);
}
