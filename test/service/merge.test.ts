import { describe, expect, it } from "vitest";
import { mergeSettings, visibleSettings } from "../../src/service/settings/merge.js";

describe("settings PATCH merge", () => {
  const stored = { SNYK_TOKEN: "s1", webhooks: [{ url: "https://a.invalid", secret: "h1" }, { url: "https://b.invalid", secret: "h2" }], workerDatabase: { user: "w", password: "p" } };

  it.each([
    ["******** keeps the stored value at that place", { SNYK_TOKEN: "********" }, stored],
    ["a new value replaces", { SNYK_TOKEN: "s2" }, { ...stored, SNYK_TOKEN: "s2" }],
    ["null deletes", { workerDatabase: null }, { SNYK_TOKEN: "s1", webhooks: stored.webhooks }],
    ["objects merge key by key", { workerDatabase: { user: "w2" } }, { ...stored, workerDatabase: { user: "w2", password: "p" } }],
    [
      "arrays replace, masked elements keep the stored element at the same index",
      { webhooks: [{ url: "https://a.invalid", secret: "********" }] },
      { ...stored, webhooks: [{ url: "https://a.invalid", secret: "h1" }] },
    ],
  ])("%s", (_name, patch, want) => {
    expect(mergeSettings(stored, patch)).toEqual(want);
  });

  it("refuses ******** where nothing is stored (the mask is never stored)", () => {
    expect(() => mergeSettings(stored, { workerDatabase: { host: "********" } })).toThrow(/workerDatabase\.host: "\*{8}" stands for a stored secret/);
  });

  it("shows secret-like fields at any depth as ********", () => {
    expect(visibleSettings(stored)).toEqual({
      SNYK_TOKEN: "********",
      webhooks: [{ url: "https://a.invalid", secret: "********" }, { url: "https://b.invalid", secret: "********" }],
      workerDatabase: { user: "w", password: "********" },
    });
    expect(visibleSettings({ deep: { deeper: { apiKey: "x1", privateKey: "x2", note: "ok" } } })).toEqual({ deep: { deeper: { apiKey: "********", privateKey: "********", note: "ok" } } });
  });
});
