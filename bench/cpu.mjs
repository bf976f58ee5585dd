// CPU time of a process and all its descendants (a browser and its renderer, GPU and utility
// processes), from /proc. Linux only, like the rest of the benchmarks.
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ: clock ticks per second on Linux

function stats() {
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command may contain spaces and parentheses: fields start after the last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while we read
    }
  }
  return out;
}

/** CPU seconds used so far by `pid` and its descendants. */
export function treeCpuSeconds(pid) {
  const all = stats();
  const children = new Map();
  for (const [p, s] of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), p]);
  let ticks = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    ticks += all.get(p)?.ticks ?? 0;
    todo.push(...(children.get(p) ?? []));
  }
  return ticks / TICK;
}
