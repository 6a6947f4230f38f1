import { describe, expect, it } from "vitest";
import { documentTitle } from "../src/lib/document-title.ts";

describe("documentTitle", () => {
  it("puts the page's own title before the product name, so browser tabs tell pages apart", () => {
    expect(documentTitle("Invoices")).toBe("Invoices · Tollgate");
    expect(documentTitle("  Task task_1 ")).toBe("Task task_1 · Tollgate");
  });

  it("falls back to the product name for a page without a title", () => {
    expect(documentTitle("")).toBe("Tollgate");
  });
});
