/** Byte-stable text for plain output files. */
import { toYaml } from './yaml';
import type { OutputFile } from '../renderer';

export function serialize(file: OutputFile): string {
  let text: string;
  switch (file.format) {
    case 'yaml':
      text = toYaml(file.content);
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
