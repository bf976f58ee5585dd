/**
 * The one way options meet their defaults here: every option that is set wins, and an
 * option given as `undefined` takes its default (a plain spread would let it erase it).
 * Each options type keeps its defaults in one exported, frozen `*_DEFAULTS` object.
 */
export function withDefaults<O extends object, D extends Partial<O>>(defaults: D, options: O | undefined): O & D {
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(options ?? {})) if (value !== undefined) merged[key] = value;
  return merged as O & D;
}
