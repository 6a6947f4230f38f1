/**
 * The sum of a metric's samples in Prometheus text, over the series whose labels include `labels` (every series when
 * none are given). Throws when no series matches, so a renamed metric fails the test instead of reading as 0.
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let matched = false;
  for (const line of text.split("\n")) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (sample?.[1] !== name || sample[3] === undefined) continue;
    const series = sample[2] ?? "";
    if (!Object.entries(labels).every(([label, value]) => series.includes(`${label}="${value}"`))) continue;
    sum += Number(sample[3]);
    matched = true;
  }
  if (!matched) throw new Error(`no sample of ${name} ${JSON.stringify(labels)} in:\n${text}`);
  return sum;
}

export async function readMetrics(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`${baseUrl}/metrics answered ${response.status.toString()}`);
  return response.text();
}
