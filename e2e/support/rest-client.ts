export interface RestAnswer<T> {
  status: number;
  body: T;
}

/** One JSON call to the api's REST surface with a bearer key (tenant or operator), as a customer's script makes. */
export async function restCall<T = unknown>(
  baseUrl: string,
  key: string,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
): Promise<RestAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
