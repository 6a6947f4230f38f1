/**
 * A minimal tRPC-over-HTTP client that keeps a session cookie, like a browser does
 * (no transformer: inputs and outputs are plain JSON).
 */
export class TrpcHttpSession {
  private cookie: string | null = null;

  constructor(private readonly baseUrl: string) {}

  async mutation<T>(path: string, input: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify(input),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0] ?? null;
    return this.unwrap<T>(response);
  }

  async query<T>(path: string, input?: unknown): Promise<T> {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await fetch(`${this.baseUrl}/trpc/${path}${query}`, {
      headers: this.cookie ? { cookie: this.cookie } : {},
    });
    return this.unwrap<T>(response);
  }

  private async unwrap<T>(response: Response): Promise<T> {
    const body = (await response.json()) as {
      result?: { data: T };
      error?: { message: string; data?: { code?: string } };
    };
    if (!response.ok || !body.result) {
      throw new TrpcCallError(response.status, body.error?.data?.code ?? "UNKNOWN", body.error?.message ?? "no result");
    }
    return body.result.data;
  }
}

export class TrpcCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code} (${status.toString()}): ${message}`);
  }
}
