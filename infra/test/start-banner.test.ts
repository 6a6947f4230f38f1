import { describe, expect, it } from "vitest";
import { banner } from "../local/start/banner.ts";

const info = {
  root: "/nonexistent",
  apiPort: 3000,
  ingestPort: 4000,
  workerPort: 4100,
  postgres: "postgresql://postgres@127.0.0.1:5432/tollgate",
  redis: "redis://127.0.0.1:6379",
};

describe("npm start banner", () => {
  it("lists the known demo logins only in DEMO MODE", () => {
    const text = banner(info, { kind: "demo", slugs: ["acme-agents"] });
    expect(text).toContain("DEMO MODE");
    expect(text).toContain("tollgate-demo");
    expect(text).toContain("operator@tollgate.local");
    expect(text).toContain("admin@acme-agents.example");
    expect(text).toContain("viewer@acme-agents.example");
  });

  it("without a demo, names no credential and says how to create the first operator", () => {
    const text = banner(info, { kind: "production", operatorExists: false });
    expect(text).not.toContain("DEMO MODE");
    expect(text).not.toContain("tollgate-demo");
    expect(text).not.toContain("operator@tollgate.local");
    expect(text).toContain("http://localhost:3000/setup#token=");
    expect(text).toContain("TOLLGATE_OPERATOR_EMAIL");
    const withOperator = banner(info, { kind: "production", operatorExists: true });
    expect(withOperator).not.toContain("tollgate-demo");
    expect(withOperator).not.toContain("/setup");
  });
});
