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
