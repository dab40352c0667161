/**
 * GitHub-flavoured Markdown pieces. Every cell is built from `text`, `code` or a link, each escaped
 * for where it lands, so user text (help strings, labels, descriptions) cannot break a table.
 */
import * as path from 'node:path';

/** Prose: Markdown punctuation backslash-escaped, `|` too (table cells), newlines as `<br>`. */
export function text(s: string): string {
  return s.replace(/[\\`*_[\]<>|~#&!]/g, (c) => `\\${c}`).replace(/\r?\n/g, '<br>');
}

/** A code span: a fence longer than any backtick run inside; `|` escaped (GFM reads it in tables first). */
export function code(s: string): string {
  const flat = s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table; cells must already be escaped (text, code, link). Nothing when there are no rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return [];
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

/** `–` for an empty cell. */
export const orDash = (cells: readonly string[], sep = ', '): string => (cells.length ? cells.join(sep) : '–');

/**
 * Links from one page of the output to other files of the same synth: a link is made only to a file
 * that was written, so no link in the catalogue is dead, whatever the delivery setting left out.
 */
export class Linker {
  constructor(
    /** Whether the synth writes `file` (a path relative to the output directory). */
    private readonly exists: (file: string) => boolean,
    /** Path of the page the links are on, relative to the output directory. */
    private readonly page: string,
  ) {}

  /** `[label](relative path)`, or undefined when the file was not written. */
  to(file: string, label: string): string | undefined {
    if (!this.exists(file)) return undefined;
    const rel = path.posix.relative(path.posix.dirname(this.page), file);
    return `[${text(label)}](${encodeURI(rel)})`;
  }


  /** Links to those of `files` that were written. */
  all(files: ReadonlyArray<readonly [file: string, label: string]>): string[] {
    return files.map(([f, l]) => this.to(f, l)).filter((x): x is string => x !== undefined);
  }
}
