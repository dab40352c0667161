/** Whether a matcher's regular expression compiles (JavaScript's syntax is close enough to RE2 for the common cases). */
export function compiles(re: string): boolean {
  try {
    new RegExp(re);
    return true;
  } catch {
    return false;
  }
}
