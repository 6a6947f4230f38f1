import { errors, json, parameters } from "./openapi-helpers.ts";
import { nonPathFields, pathFields, restOperations, takesQuery } from "./rest-operations.ts";

type PathItems = Record<string, Record<string, unknown>>;

/**
 * The OpenAPI entries of every REST-served operation, from the same procedure definitions the routes run: path,
 * method, summary and description from `meta.rest`, parameters and request body from the input, the success
 * response from the output, error responses from `meta.rest.errors`.
 */
export function operationsOpenApiPaths(): PathItems {
  const paths: PathItems = {};
  for (const operation of restOperations()) {
    const { rest, output } = operation;
    const status = rest.status ?? 200;
    const fields = nonPathFields(operation);
    const hasFields = Object.keys(fields.shape).length > 0;
    const query = takesQuery(rest);
    const success =
      status === 204 || !output
        ? { description: rest.responseDescription }
        : rest.file
          ? {
              description: rest.responseDescription,
              content: { [rest.file.contentType]: { schema: { type: "string", format: "binary" } } },
            }
          : { description: rest.responseDescription, content: json(output) };
    const parameterList = [
      ...parameters(pathFields(operation), "path"),
      ...(query && hasFields ? parameters(fields, "query") : []),
    ];
    (paths[rest.path] ??= {})[rest.method.toLowerCase()] = {
      summary: rest.summary,
      ...(rest.description && { description: rest.description }),
      ...(parameterList.length > 0 && { parameters: parameterList }),
      ...(!query && { requestBody: { required: rest.bodyOptional !== true, content: json(fields) } }),
      responses: {
        [String(status)]: success,
        ...(rest.unchanged && {
          [String(rest.unchanged.status)]: { ...success, description: rest.unchanged.responseDescription },
        }),
        ...errors(...rest.errors),
      },
    };
  }
  return paths;
}
