/**
 * Where a key moves the focus in a row of `count` items, from item `at`: the next or previous
 * with the arrow keys (left and right swapped right to left; up and down too, when
 * `vertical`), the first with Home, the last with End. Undefined for any other key, or past
 * either end.
 */
export function arrowTarget(key: string, at: number, count: number, rtl: boolean, vertical = false): number | undefined {
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
  let next: number | undefined;
  if (key === 'Home') next = 0;
  else if (key === 'End') next = count - 1;
  else if (key === forward || (vertical && key === 'ArrowDown')) next = at + 1;
  else if (key === backward || (vertical && key === 'ArrowUp')) next = at - 1;
  return next !== undefined && next >= 0 && next < count ? next : undefined;
}
