/** Byte-stable text for plain output files and Kubernetes objects. */
import { toYaml } from './yaml';
import type { Manifest, OutputFile } from '../renderer';
import { canonicalManifest } from './manifest';

/** A Kubernetes object's file, as cdk8s writes it. */
export const manifestText = (m: Manifest): string => toYaml(canonicalManifest(m));

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
