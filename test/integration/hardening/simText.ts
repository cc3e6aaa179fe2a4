/** Whether `text` holds a C0 control character or DEL. */
export function hasControlChars(text: string): boolean {
  return [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}
