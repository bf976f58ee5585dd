/** Percentile (nearest rank) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A result row: name, unit, p50, p95, n (and optional extra fields). */
export function summarize(name, unit, values, extra = {}) {
  const round = (v) => Math.round(v * 10) / 10;
  return { name, unit, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), n: values.length, ...extra };
}
