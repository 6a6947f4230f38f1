/** HTTP methods a REST operation may be served with. */
export type RestMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * How a procedure is also served to machines over REST (apps/api's serve-operations walks the router for these).
 * The procedure's input is the REST request merged: path parameters (named as in `path`) plus the query fields
 * (GET, DELETE) or the body fields (POST, PUT, PATCH; see `fieldsFrom`); its output is the response body.
 */
export interface RestOperation {
  method: RestMethod;
  /** OpenAPI style, e.g. "/v1/admin/tenants/{tenantId}/budgets". */
  path: string;
  /** The success status; 204 sends no body. Default 200. */
  status?: 200 | 201 | 202 | 204;
  /** A second success status for outputs where nothing changed (e.g. a retry), documented next to `status`. */
  unchanged?: { status: 200; responseDescription: string; when(output: unknown): boolean };
  summary: string;
  description?: string;
  /** The success response's description in the OpenAPI document. */
  responseDescription: string;
  /** A body may be omitted (every body field is optional); documented as not required. */
  bodyOptional?: boolean;
  /**
   * A missing or `null` body is refused as it is ("body: … expected object …") instead of read as `{}`, so a
   * route's message for an absent body stays what it was.
   */
  bodyRequired?: boolean;
  /**
   * Where the fields outside the path come from; default the query for GET and DELETE, else the body. A POST whose
   * fields are query parameters (e.g. a replay's `?limit=`) says "query"; its body is then ignored.
   */
  fieldsFrom?: "query" | "body";
  /** Bytes, when the default 1 MiB body limit is too small (e.g. rate lists of thousands of models). */
  bodyLimit?: number;
  /**
   * The output is a file (`{ file_name, content_type, content_base64 }`, see fileOutput): REST answers with its bytes
   * as an attachment of this media type instead of JSON; tRPC callers get the object.
   */
  file?: { contentType: string };
  /** The error statuses the OpenAPI document lists (each with the `{error: {code, message}}` body). */
  errors: readonly number[];
}

export interface OperationMeta {
  rest?: RestOperation;
}
