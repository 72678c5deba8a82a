import { describe, expect, it } from "vitest";
import { fromApiCase, toApiCase } from "../../provider/client";

describe("case mapping", () => {
  it("maps nested objects and arrays both ways", () => {
    const api = {
      notice_id: "n1",
      regulation_configurations: [{ regulation_id: "gdpr", is_default_regulation_config: true, geo_locations: ["FR"] }],
      gcm_ad_user_data_default_status: false,
    };
    const camel = fromApiCase(api);
    expect(camel).toEqual({
      noticeId: "n1",
      regulationConfigurations: [{ regulationId: "gdpr", isDefaultRegulationConfig: true, geoLocations: ["FR"] }],
      gcmAdUserDataDefaultStatus: false,
    });
    expect(toApiCase(camel)).toEqual(api);
  });

  it("leaves the keys under opaque fields as written, whichever spelling names the opaque field", () => {
    const sdkConfig = { app: { vendors: { include: ["google"] } }, preferences: { showWhenConsentIsMissing: true } };
    const input = { customJson: { someKey: 1, other_key: 2 }, config: sdkConfig, textMode: "custom" };
    const api = toApiCase(input, ["custom_json", "config"]);
    expect(api).toEqual({ custom_json: { someKey: 1, other_key: 2 }, config: sdkConfig, text_mode: "custom" });
    expect(fromApiCase(api, ["customJson", "config"])).toEqual(input);
  });

  it("keeps opaque objects inside arrays untouched (regulation settings)", () => {
    const api = { regulation_configurations: [{ regulation_settings: { opt_out_mode: "x" }, disabled_at: null }] };
    expect(fromApiCase(api, ["regulationSettings"])).toEqual({
      regulationConfigurations: [{ regulationSettings: { opt_out_mode: "x" }, disabledAt: null }],
    });
  });

  it("round-trips keys that are not plain snake_case words", () => {
    const api = { _private: 1, ab_1: 2, already: 3 };
    expect(toApiCase(fromApiCase(api))).toEqual(api);
  });
});
