/** Byte-stable text for plain output files. */
import { stringify } from 'yaml';
import type { OutputFile } from '../renderer';

export function serialize(file: OutputFile): string {
  let text: string;
  switch (file.format) {
    case 'yaml':
      text = stringify(file.content, { lineWidth: 0, aliasDuplicateObjects: false });
      break;
    case 'json':
      text = JSON.stringify(file.content, null, 2);
      break;
    case 'text':
      text = String(file.content);
      break;
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}
