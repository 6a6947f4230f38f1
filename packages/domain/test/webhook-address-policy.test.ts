import { describe, expect, it } from "vitest";
import { AppError, blockedAddressKind, checkWebhookUrl, parseIPv6 } from "../src/index.ts";

describe("webhook address policy (SSRF)", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared (carrier-grade NAT)"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["169.254.169.254", "link-local"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["fd12:3456::1", "private"],
    ["fc00::1", "private"],
    ["fe80::1%eth0", "link-local"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["64:ff9b::10.0.0.1", "private"],
    ["ff02::1", "multicast"],
    ["not-an-ip", "reserved"],
  ])("refuses %s as %s", (address, kind) => {
    expect(blockedAddressKind(address)).toBe(kind);
  });

  it.each(["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "169.255.0.1"])(
    "allows public %s",
    (address) => {
      expect(blockedAddressKind(address)).toBeNull();
    },
  );

  it("parses IPv6 forms and rejects malformed ones", () => {
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toBe(0x0001_0002_0003_0004_0005_0006_0007_0008n);
    expect(parseIPv6("1::8")).toBe((1n << 112n) | 8n);
    expect(parseIPv6("1:2:3:4:5:6:7:8:9")).toBeNull();
    expect(parseIPv6("1::2::3")).toBeNull();
    expect(parseIPv6("12345::")).toBeNull();
  });
});

describe("checkWebhookUrl", () => {
  const strict = { allowPrivateNetworks: false };
  const open = { allowPrivateNetworks: true };
  const messageOf = (url: string, policy = strict): string => {
    try {
      checkWebhookUrl(url, policy);
    } catch (error) {
      if (error instanceof AppError && error.code === "bad_request") return error.message;
      throw error;
    }
    throw new Error(`accepted ${url}`);
  };

  it("refuses loopback, private and metadata hosts, localhost names and IPv4 spelled as numbers", () => {
    expect(messageOf("http://127.0.0.1:8080/hook")).toMatch(/^url: 127\.0\.0\.1 is a loopback address/);
    expect(messageOf("https://169.254.169.254/latest/meta-data")).toMatch(/link-local/);
    expect(messageOf("https://[::ffff:10.0.0.1]/")).toMatch(/private/);
    expect(messageOf("https://localhost/x")).toMatch(/loopback/);
    expect(messageOf("https://api.localhost./x")).toMatch(/loopback/);
    // WHATWG URL turns 2130706433 and 0x7f.1 into 127.0.0.1.
    expect(messageOf("https://2130706433/")).toMatch(/loopback/);
    expect(messageOf("https://0x7f.1/")).toMatch(/loopback/);
  });

  it("refuses other schemes, credentials, plain http and garbage", () => {
    expect(messageOf("ftp://example.com/")).toBe("url: scheme ftp: is not allowed");
    expect(messageOf("file:///etc/passwd", open)).toBe("url: scheme file: is not allowed");
    expect(messageOf("https://user:pw@example.com/")).toBe("url: must not contain credentials");
    expect(messageOf("http://example.com/")).toBe("url: must use https");
    expect(messageOf("not a url")).toBe("url: must be an absolute http(s) URL");
  });

  it("allows public https URLs, and private http ones only when the operator allows private networks", () => {
    expect(checkWebhookUrl("https://hooks.example.com/tollgate", strict).hostname).toBe("hooks.example.com");
    expect(checkWebhookUrl("http://127.0.0.1:9/hook", open).port).toBe("9");
  });
});
