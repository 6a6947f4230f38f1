import { Transform, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { AppError } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";

/**
 * Accepts `Content-Encoding: gzip` (anything but gzip/identity is 415) and inflates as a stream that fails with 413
 * as soon as the inflated body passes `maxBytes`: a gzip bomb costs at most `maxBytes` of memory, never its full size.
 */
export function registerGzipDecoding(app: FastifyInstance, maxBytes: number): void {
  app.addHook("preParsing", async (request, _reply, payload) => {
    const encoding = (request.headers["content-encoding"] ?? "").trim().toLowerCase();
    if (encoding === "" || encoding === "identity") return payload;
    if (encoding !== "gzip" && encoding !== "x-gzip") {
      throw new AppError(
        "unsupported_media_type",
        `Content-Encoding '${encoding.slice(0, 40)}' is not supported: send gzip or no encoding`,
      );
    }
    return inflateWithLimit(payload, maxBytes);
  });
}

function inflateWithLimit(payload: Readable, maxBytes: number): Readable {
  const gunzip = createGunzip();
  let inflatedBytes = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      inflatedBytes += chunk.length;
      if (inflatedBytes > maxBytes) {
        payload.unpipe(gunzip);
        gunzip.destroy();
        callback(
          new AppError(
            "payload_too_large",
            `body is larger than ${maxBytes.toString()} bytes after gzip decompression`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
  // Fastify compares Content-Length with the bytes received on the wire, which it reads from this property.
  const decoded = Object.assign(limited, { receivedEncodedLength: 0 });
  payload.on("data", (chunk: Buffer) => {
    decoded.receivedEncodedLength += chunk.length;
  });
  payload.on("error", (error) => decoded.destroy(error));
  gunzip.on("error", (error) => {
    decoded.destroy(new AppError("bad_request", `body is not valid gzip: ${error.message}`));
  });
  payload.pipe(gunzip).pipe(decoded);
  return decoded;
}
