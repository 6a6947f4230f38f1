// Prefixed, colored output for `npm start`: one line per log line of every child, pino JSON made readable.

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95] as const;
const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const HIDDEN_KEYS = new Set(["level", "time", "pid", "hostname", "service", "msg", "v"]);

let useColor = false;
let width = 8;
const colorByName = new Map<string, number>();

export function configureLog(options: { color: boolean; names: string[] }): void {
  useColor = options.color;
  width = Math.max(width, ...options.names.map((name) => name.length));
  options.names.forEach((name, index) => colorByName.set(name, COLORS[index % COLORS.length] ?? 36));
}

function paint(code: number, text: string): string {
  return useColor ? `\u001b[${code.toString()}m${text}\u001b[0m` : text;
}

export const bold = (text: string): string => paint(1, text);
export const dim = (text: string): string => paint(2, text);
export const red = (text: string): string => paint(31, text);
export const green = (text: string): string => paint(32, text);

/** Writes `name | line` to stdout. */
export function logLine(name: string, line: string): void {
  const prefix = paint(colorByName.get(name) ?? 37, `${name.padEnd(width)} |`);
  process.stdout.write(`${prefix} ${formatLine(line)}\n`);
}

/** The orchestrator's own messages. */
export function say(message: string): void {
  logLine("start", message);
}

/** Renders a pino JSON line as `LEVEL message key=value …`; any other line is returned as it is. */
export function formatLine(line: string): string {
  if (!line.startsWith("{")) return line;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof record !== "object" || record === null || !("level" in record)) return line;
  const fields = record as Record<string, unknown>;
  const level =
    typeof fields.level === "number" ? (LEVELS[fields.level] ?? String(fields.level)) : String(fields.level);
  const levelText =
    level === "ERROR" || level === "FATAL" ? red(level) : level === "WARN" ? paint(33, level) : dim(level);
  const message = typeof fields.msg === "string" ? fields.msg : "";
  const extras = Object.entries(fields)
    .filter(([key]) => !HIDDEN_KEYS.has(key))
    .map(([key, value]) => `${key}=${summarize(value)}`);
  return [levelText, message, dim(extras.join(" "))].filter(Boolean).join(" ");
}

function summarize(value: unknown): string {
  if (typeof value === "number" && !Number.isInteger(value)) return value.toFixed(1);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.message === "string") return JSON.stringify(record.message);
    if (typeof record.method === "string" && typeof record.url === "string") return `${record.method} ${record.url}`;
    if (typeof record.statusCode === "number") return String(record.statusCode);
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
