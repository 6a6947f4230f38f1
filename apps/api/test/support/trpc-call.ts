import type { FastifyInstance } from "fastify";

export interface TrpcResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: unknown;
  /** The `name=value` part of a Set-Cookie, when the response set one. */
  cookie: string | null;
}

export interface TrpcCallOptions {
  /** `tg_session=…`, as a browser would send it. */
  cookie?: string | null;
  /** The client address the server sees. */
  address?: string;
  /** An X-Forwarded-For header, as a reverse proxy (or a client pretending to be one) sends it. */
  forwardedFor?: string;
}

/** One tRPC mutation over HTTP, as the console sends it (POST, JSON input, no transformer). */
export async function trpcMutation(
  app: FastifyInstance,
  path: string,
  input: unknown,
  options: TrpcCallOptions = {},
): Promise<TrpcResponse> {
  return send(app, `/trpc/${path}`, JSON.stringify(input), options);
}

/** Several mutations in one batched HTTP request (`?batch=1`), as the console's batch link sends them. */
export async function trpcBatch(
  app: FastifyInstance,
  calls: readonly { path: string; input: unknown }[],
  options: TrpcCallOptions = {},
): Promise<TrpcResponse> {
  const body = Object.fromEntries(calls.map((call, index) => [String(index), call.input]));
  return send(app, `/trpc/${calls.map((call) => call.path).join(",")}?batch=1`, JSON.stringify(body), options);
}

async function send(app: FastifyInstance, url: string, payload: string, options: TrpcCallOptions) {
  const response = await app.inject({
    method: "POST",
    url,
    headers: {
      "content-type": "application/json",
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {}),
    },
    payload,
    ...(options.address ? { remoteAddress: options.address } : {}),
  });
  const setCookie = response.headers["set-cookie"];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body ? response.json<unknown>() : null,
    cookie: first ? (first.split(";")[0] ?? null) : null,
  };
}
