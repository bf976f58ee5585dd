/** Background colors for initials; each keeps white text above 4.5:1 contrast. */
export const AVATAR_COLORS: readonly string[] = [
  '#5865f2',
  '#2d7d46',
  '#c0392b',
  '#8e44ad',
  '#1f6f8b',
  '#a84300',
  '#a12d6b',
  '#4e5d94',
  '#6b5b00',
  '#00796b',
  '#b0306a',
  '#3f51b5',
];

/**
 * Up to two initials: the first letter or digit (else the first character) of the first
 * and the last word ("Ada King" -> "AK", "Ada (away)" -> "AA").
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = (word: string) => (word.match(/[\p{L}\p{N}]/u)?.[0] ?? [...word][0]!).toLocaleUpperCase();
  return words.length === 1 ? first(words[0]!) : first(words[0]!) + first(words[words.length - 1]!);
}

/** A color for a name: the same name always gets the same color (FNV-1a over its code points). */
export function avatarColor(name: string): string {
  let hash = 0x811c9dc5;
  for (const ch of name) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return AVATAR_COLORS[hash % AVATAR_COLORS.length]!;
}
