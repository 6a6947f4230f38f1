import { fileURLToPath } from "node:url";
import { commonEnvSchema, httpTimeoutsEnvSchema, parseEnv, portSchema } from "@tollgate/http";
import { invoiceIssuerEnvSchema } from "@tollgate/use-cases/invoices";
import { z } from "zod";

const booleanString = z.enum(["true", "false"]).transform((value) => value === "true");

const positiveInt = z.coerce.number().int().min(1);

// The HTTP timeouts are the same variables in every service (packages/http).
const apiEnvSchema = commonEnvSchema
  .extend(httpTimeoutsEnvSchema.shape)
  .extend(invoiceIssuerEnvSchema.shape)
  .extend({
    API_HOST: z.string().min(1).default("0.0.0.0"),
    API_PORT: portSchema.default(3000),
    /** Accepted as an operator `admin` key (automation, tests). */
    TOLLGATE_OPERATOR_API_KEY: z.string().min(20, "must be at least 20 characters").optional(),
    CONSOLE_DIST_DIR: z
      .string()
      .min(1)
      .default(fileURLToPath(new URL("../../console/dist", import.meta.url))),
    /** Set true behind HTTPS so the session cookie is never sent in clear text. */
    COOKIE_SECURE: booleanString.default(false),
    /**
     * Comma-separated origins (scheme://host[:port]) besides the api's own that may make state-changing tRPC calls;
     * needed only when the console is served from another origin than the api.
     */
    CONSOLE_ORIGINS: z
      .string()
      .transform((value, context) => {
        const origins: string[] = [];
        for (const item of value.split(",").map((part) => part.trim())) {
          if (item === "") continue;
          const origin = URL.canParse(item) ? new URL(item).origin : "null";
          if (origin === "null") {
            context.addIssue({ code: "custom", message: `not an origin: ${item}` });
            return z.NEVER;
          }
          origins.push(origin);
        }
        return origins;
      })
      .optional(),
    /** The first operator, created at start when no operator exists yet; an existing one is never changed. */
    TOLLGATE_OPERATOR_EMAIL: z.email().optional(),
    TOLLGATE_OPERATOR_PASSWORD: z.string().min(12, "must be at least 12 characters").max(200).optional(),
    /** The console's public address, for the one-time setup link; defaults to http://localhost:<API_PORT>. */
    TOLLGATE_PUBLIC_URL: z.url().optional(),
    /**
     * Which proxies' X-Forwarded-For to believe for the client address (login throttling, logs): unset or "false",
     * none (the TCP peer is the client); "true", any; else comma-separated addresses or CIDRs of the proxies.
     * Trusting a header anyone can send would let one client pose as many.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .transform((value): boolean | string[] => {
        if (value === "" || value === "false") return false;
        if (value === "true") return true;
        return value
          .split(",")
          .map((part) => part.trim())
          .filter((part) => part !== "");
      })
      .default(false),
    /** Failed logins counted per account and per client address within the window; past either: 429. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(10),
    LOGIN_MAX_FAILURES_PER_ADDRESS: positiveInt.default(50),
    LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),
  });
export type ApiEnv = z.infer<typeof apiEnvSchema>;

export function loadApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const env = parseEnv(apiEnvSchema, source, "api");
  if ((env.TOLLGATE_OPERATOR_EMAIL === undefined) !== (env.TOLLGATE_OPERATOR_PASSWORD === undefined)) {
    throw new Error(
      "invalid environment for api:\n  TOLLGATE_OPERATOR_PASSWORD: set together with TOLLGATE_OPERATOR_EMAIL, or neither",
    );
  }
  return env;
}
