// Where NoticeConfig's typed vendor and purpose selection lives in Didomi's SDK configuration, and that writing
// it leaves everything else of the configuration as it was.
import { describe, expect, it } from "vitest";
import { selectionOf, withoutSelection, withSelection } from "../../provider/selection";

const consoleConfig = {
  app: { name: "Shop", vendors: { iab: { all: false, include: [1], enabled: true }, didomi: ["old"], include: ["c:old-vendor"] } },
  preferences: { categories: [{ type: "purpose", purposeId: "old-purpose" }, { type: "category", id: "old-group" }, { type: "divider" }] },
  theme: { color: "#000" },
};

describe("the typed vendor and purpose selection", () => {
  const selection = {
    vendors: { iab: { all: true }, didomi: ["google"], custom: ["c:acme-AbC"] },
    purposes: { custom: ["offers-XyZ"], groups: ["group-1"] },
  };

  it("is written where the SDK configuration keeps it, leaving the rest as it was", () => {
    expect(withSelection(consoleConfig, selection)).toEqual({
      app: { name: "Shop", vendors: { iab: { all: true, include: [1], enabled: true }, didomi: ["google"], include: ["c:acme-AbC"] } },
      preferences: { categories: [{ type: "purpose", purposeId: "offers-XyZ" }, { type: "category", id: "group-1" }, { type: "divider" }] },
      theme: { color: "#000" },
    });
    expect(consoleConfig.app.vendors.didomi).toEqual(["old"]); // the draft's object is not changed
  });

  it("reads back exactly what it wrote, for the parts it manages only", () => {
    const written = withSelection(consoleConfig, selection);
    expect(selectionOf(written, selection)).toEqual(selection);
    expect(selectionOf(written, { vendors: { custom: [] } })).toEqual({ vendors: { custom: ["c:acme-AbC"] } });
    expect(selectionOf({}, { vendors: { iab: { all: true } }, purposes: { groups: [] } })).toEqual({ vendors: { iab: { all: false } }, purposes: { groups: [] } });
  });

  it("keeps a managed raw config free of the paths the selection owns, so they are not drift twice", () => {
    const written = withSelection({ theme: { color: "#000" } }, selection);
    expect(withoutSelection(written, selection)).toEqual({ theme: { color: "#000" } });
    expect(withoutSelection(consoleConfig, { vendors: { didomi: [] } })).toEqual({
      ...consoleConfig,
      app: { name: "Shop", vendors: { iab: { all: false, include: [1], enabled: true }, include: ["c:old-vendor"] } },
    });
  });
});
