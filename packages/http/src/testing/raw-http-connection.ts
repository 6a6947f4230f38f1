import { connect, type Socket } from "node:net";

/**
 * A raw TCP connection to an HTTP server, for tests of what a misbehaving client gets: headers without their body,
 * a body trickled byte by byte, headers never finished. No HTTP client would send these.
 */
export class RawHttpConnection {
  private received = "";
  private readonly openedAt = performance.now();
  /** Milliseconds from opening until the server closed the connection. */
  readonly closed: Promise<number>;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.received += chunk;
    });
    // A write racing the server's close fails with EPIPE/ECONNRESET: that is the close we are waiting for.
    socket.on("error", () => undefined);
    this.closed = new Promise((resolve) => {
      socket.once("close", () => {
        resolve(performance.now() - this.openedAt);
      });
    });
  }

  static open(port: number, host = "127.0.0.1"): Promise<RawHttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off("error", reject);
        resolve(new RawHttpConnection(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Everything the server sent so far. */
  get response(): string {
    return this.received;
  }

  /** The status of the server's first response, or null if none has arrived. */
  get status(): number | null {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(this.received);
    return match ? Number(match[1]) : null;
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Writes one character of `text` every `intervalMs` until it is all sent or the connection is closed. */
  trickle(text: string, intervalMs: number): void {
    let index = 0;
    const timer = setInterval(() => {
      if (this.socket.destroyed || index >= text.length) {
        clearInterval(timer);
        return;
      }
      this.write(text.charAt(index));
      index += 1;
    }, intervalMs);
    void this.closed.then(() => {
      clearInterval(timer);
    });
  }

  /** Resolves once a status line and headers have arrived; rejects after `timeoutMs`. */
  async waitForResponse(timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (!this.received.includes("\r\n\r\n")) {
      if (performance.now() > deadline) throw new Error(`no response within ${timeoutMs.toString()} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return performance.now() - this.openedAt;
  }

  /** Milliseconds until the server closes the connection, or null if it is still open after `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        resolve(null);
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}
