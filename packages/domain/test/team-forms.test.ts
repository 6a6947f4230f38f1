import { describe, expect, it } from "vitest";
import { acceptInvitationFormSchema, newInvitationSchema } from "../src/index.ts";

// The console's forms and the api validate with these schemas, so the messages are the ones people read.
const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

describe("newInvitationSchema", () => {
  it("takes an email and one of the team roles", () => {
    expect(newInvitationSchema.parse({ email: "ivy@a.example", role: "tenant_viewer" })).toEqual({
      email: "ivy@a.example",
      role: "tenant_viewer",
    });
  });
  it("refuses a non-email, an operator role and a too-long address, saying which field", () => {
    expect(messages(newInvitationSchema.safeParse({ email: "ivy", role: "operator" }))).toEqual([
      "email: enter an email address",
      "role: pick a role",
    ]);
    const long = `${"x".repeat(250)}@a.example`;
    expect(messages(newInvitationSchema.safeParse({ email: long, role: "tenant_admin" }))).toEqual([
      "email: at most 254 characters",
    ]);
  });
});

describe("acceptInvitationFormSchema", () => {
  const form = { name: " Ivy ", password: "twelve-chars", confirmPassword: "twelve-chars" };
  it("takes a name and the password typed twice (the name trimmed)", () => {
    expect(acceptInvitationFormSchema.parse(form)).toEqual({ ...form, name: "Ivy" });
  });
  it("refuses an empty name, a short password and a repeat that differs", () => {
    expect(messages(acceptInvitationFormSchema.safeParse({ ...form, name: "  " }))).toEqual(["name: enter your name"]);
    expect(
      messages(acceptInvitationFormSchema.safeParse({ ...form, password: "short", confirmPassword: "short" })),
    ).toEqual(["password: a password has 12 to 200 characters"]);
    expect(messages(acceptInvitationFormSchema.safeParse({ ...form, confirmPassword: "twelve-chars!" }))).toEqual([
      "confirmPassword: the passwords differ",
    ]);
  });
});
