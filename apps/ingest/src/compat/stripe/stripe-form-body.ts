import { AppError } from "@tollgate/domain";

/** A meter event as Stripe takes it, form-encoded: `event_name`, `payload[key]=value`, `identifier`, `timestamp`. */
export interface StripeMeterEventBody {
  event_name?: string;
  identifier?: string;
  timestamp?: string;
  payload: Record<string, string>;
}

const TOP_LEVEL = new Set(["event_name", "identifier", "timestamp"]);
const PAYLOAD_KEY = /^payload\[([^[\]]+)\]$/;
const MAX_PAYLOAD_KEYS = 100;

/** Parses Stripe's form encoding for this one endpoint; unknown parameters are refused, as Stripe does. */
export function parseStripeMeterEventForm(text: string): StripeMeterEventBody {
  refuseInvalidPercentEncoding(text);
  const body: StripeMeterEventBody = { payload: Object.create(null) as Record<string, string> };
  for (const [name, value] of new URLSearchParams(text)) {
    const payloadKey = PAYLOAD_KEY.exec(name)?.[1];
    if (payloadKey !== undefined) {
      body.payload[payloadKey] = value;
    } else if (TOP_LEVEL.has(name)) {
      body[name as "event_name" | "identifier" | "timestamp"] = value;
    } else {
      throw new AppError("bad_request", `Received unknown parameter: ${name.slice(0, 100)}`, {
        stripeCode: "parameter_unknown",
        param: name.slice(0, 100),
      });
    }
  }
  if (Object.keys(body.payload).length > MAX_PAYLOAD_KEYS) {
    throw new AppError("bad_request", `payload: at most ${MAX_PAYLOAD_KEYS.toString()} keys`, { param: "payload" });
  }
  return body;
}

/**
 * URLSearchParams decodes percent-escapes that are not UTF-8 (%FF) to U+FFFD, so two distinct identifiers would
 * become one and an event would be dropped as a duplicate: such a parameter is refused, named.
 */
function refuseInvalidPercentEncoding(text: string): void {
  if (!text.includes("%")) return;
  for (const pair of text.split("&")) {
    if (!pair.includes("%")) continue;
    try {
      decodeURIComponent(pair.replaceAll("+", " "));
    } catch {
      const name = pair.split("=")[0] ?? "";
      throw new AppError("bad_request", `${name.slice(0, 100)}: not valid percent-encoded UTF-8`, {
        stripeCode: "parameter_invalid_string",
        param: name.slice(0, 100),
      });
    }
  }
}
