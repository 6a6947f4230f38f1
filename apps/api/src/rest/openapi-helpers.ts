import { z } from "zod";

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export const schema = (value: z.ZodType) => z.toJSONSchema(value, { target: "openapi-3.0", io: "input" });
export const json = (value: z.ZodType) => ({ "application/json": { schema: schema(value) } });
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: "error", content: json(errorBody) }]));

/** OpenAPI parameters from a zod object of query (or path) fields; descriptions come from `.describe()`. */
export function parameters(fields: z.ZodObject, location: "query" | "path") {
  return Object.entries(fields.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = schema(field as z.ZodType) as { description?: string };
    return {
      name,
      in: location,
      required: location === "path" || !(field as z.ZodType).safeParse(undefined).success,
      ...(description && { description }),
      schema: fieldSchema,
    };
  });
}
