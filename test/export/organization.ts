// Organizations to export, built through Didomi's API the way a team builds one in the console over the
// years: varied shapes for the round-trip suite, a large one for the benchmark. Shared by test/export and
// bench/export.ts.

/** Calls the emulator's API (and its control endpoints) with one session, as the console would. */
export class ConsoleSession {
  #token: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly controlUrl: string,
    readonly organizationId: string,
    private readonly key: string,
    private readonly secret: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    this.#token ??= await this.#logIn();
    const separator = path.includes("?") ? "&" : "?";
    const response = await fetch(`${this.baseUrl}${path}${separator}organization_id=${this.organizationId}`, {
      method,
      headers: { authorization: `Bearer ${this.#token}`, "content-type": "application/json", v: "2" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`console ${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  async #logIn(): Promise<string> {
    const response = await fetch(`${this.baseUrl}/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "api-key", key: this.key, secret: this.secret }),
    });
    if (!response.ok) throw new Error(`console login: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  // ---- what a console user does ----

  domain(id: string, usage: string, extra: Record<string, unknown> = {}) {
    return this.call("POST", "/domains", { id, usage, organization_id: this.organizationId, ...extra });
  }

  async notice(fields: Record<string, unknown>): Promise<string> {
    const notice = await this.call<{ id: string }>("POST", "/widgets/notices", { organization_id: this.organizationId, ...fields });
    return notice.id;
  }

  async draftOf(noticeId: string): Promise<{ id: string; regulation_configurations: { id: string; regulation_id: string }[] }> {
    const { data } = await this.call<{ data: { id: string; regulation_configurations: { id: string; regulation_id: string }[] }[] }>(
      "GET",
      `/widgets/notices/configs?notice_id=${noticeId}&deployed_at=null`,
    );
    return data[0]!;
  }

  async editDraft(noticeId: string, fields: Record<string, unknown>): Promise<void> {
    const draft = await this.draftOf(noticeId);
    await this.call("PATCH", `/widgets/notices/configs/${draft.id}`, fields);
  }

  async publish(noticeId: string, message = "Published from the console"): Promise<void> {
    const draft = await this.draftOf(noticeId);
    await this.call("POST", "/widgets/notices/deployments", { notice_id: noticeId, organization_id: this.organizationId, production_config_id: draft.id, message });
    await this.control("POST", "/advance");
  }
}

/**
 * An organization of 31 objects (and 3 regulation configurations) in the shapes exports meet: domains in every status, enabled and disabled keys,
 * secrets (two sharing a name), notices published, never published, with unpublished edits, archived, with
 * regulation configurations, consent-mode settings, custom JSON, targets, a failed deployment and a name clash.
 * Needs the emulator settings `failDomainsRegex: "^broken\\."` and a long `domainDeleteDelayMs`.
 */
export async function buildVariedOrganization(api: ConsoleSession): Promise<void> {
  const org = api.organizationId;
  // Domains: 6 ready (one disabled, one assigned to an entity, one Didomi-managed), then draft, failed, being deleted
  await api.domain("consent.example.com", "cmp", { status: "scheduled", description: "Consent SDK for example.com" });
  await api.domain("consent.example.de", "cmp", { status: "scheduled" });
  await api.domain("privacy.example.org", "privacy-center", { status: "scheduled", bots_crawl: "disallow_all" });
  await api.domain("acme.privacy-center.org", "cmp", { status: "scheduled" });
  await api.domain("old.example.com", "cmp", { status: "scheduled" });
  await api.domain("prefs.example.com", "preference-center", { status: "scheduled", entity_id: "pc-main" });
  await api.domain("draft.example.com", "cmp");
  await api.domain("broken.example.net", "cmp", { status: "scheduled" });
  await api.domain("leaving.example.com", "cmp", { status: "scheduled" });
  await api.control("POST", "/advance");
  await api.call("PATCH", "/domains/old.example.com", { enabled: false });

  // API keys (besides the seeded one) and secrets
  await api.call("POST", "/keys", { name: "ci-deploy", description: "Used by the CI pipeline", organization_id: org });
  const legacy = await api.call<{ id: string }>("POST", "/keys", { name: "legacy-integration", organization_id: org });
  await api.call("PATCH", `/keys/${legacy.id}`, { enabled: false });
  await api.call("POST", "/keys", { name: "reporting", organization_id: org });
  await api.call("POST", "/keys", { name: "support-desk", description: "", organization_id: org });
  await api.call("POST", "/secrets", { name: "user-id-hashing", description: "Hashes user ids in the web SDK", organization_id: org });
  await api.call("POST", "/secrets", { name: "proof-urls", organization_id: org });
  await api.call("POST", "/secrets", { name: "shared", organization_id: org });
  await api.call("POST", "/secrets", { name: "shared", organization_id: org });

  // The Data Manager: two custom purposes (one named in two languages), a group, two vendors that use them
  // and a global purpose; globals themselves are never exported
  const audience = await api.call<{ id: string }>("POST", "/metadata/purposes", { description: { en: "Audience measurement", fr: "Mesure d'audience" }, organization_id: org });
  const offers = await api.call<{ id: string }>("POST", "/metadata/purposes", { description: { en: "Personalised offers" }, details: { en: "From your purchases" }, organization_id: org });
  await api.call("POST", "/metadata/purposes-groups", { name: "Marketing", purposes_id: [offers.id], organization_id: org });
  const analytics = await api.call<{ id: string }>("POST", "/metadata/partners", {
    name: "Acme Analytics", category_id: "analytics", default_purposes_id: [audience.id, "cookies"], hosts: ["cdn.acme.example"], organization_id: org,
  });
  const crm = await api.call<{ id: string }>("POST", "/metadata/partners", { name: "Acme CRM", category_id: "marketing", legitimate_interest_purposes_id: [offers.id], organization_id: org });

  // Published, draft = what is live, a target that is one of the domains, the custom vendors and a purpose
  const www = await api.notice({ name: "www.example.com", external_id: "www-example-com", external_source: "cms" });
  await api.editDraft(www, {
    targets: ["www.example.com", "consent.example.com"],
    consent_duration: 6,
    config: { app: { vendors: { iab: { all: true }, include: [`c:${analytics.id}`, `c:${crm.id}`] } }, preferences: { categories: [{ type: "purpose", purposeId: audience.id }] } },
  });
  await api.publish(www);

  // Multi-regulation: GDPR narrowed, CPRA added, a disabled CPA configuration, published twice
  const shop = await api.notice({ name: "shop.example.com", external_id: "shop" });
  const shopDraft = await api.draftOf(shop);
  const gdpr = shopDraft.regulation_configurations.find((item) => item.regulation_id === "gdpr")!;
  await api.editDraft(shop, {
    targets: ["shop.example.com"],
    regulation_configurations: [
      { id: gdpr.id, geo_locations: ["FR", "DE", "BE"], consent_duration: 13, consent_duration_unit: "months" },
      { regulation_id: "cpra", is_default_regulation_config: true, geo_locations: ["US_CA"], negative_action_link_format: "text" },
      { regulation_id: "cpa", is_default_regulation_config: true, geo_locations: ["US_CO"], disabled_at: "2026-01-01T00:00:00.000Z" },
    ],
  });
  await api.publish(shop, "first");
  await api.editDraft(shop, { secure_cookies: true });
  await api.publish(shop, "second");

  // Consent mode and custom JSON, published, then edited in the console without publishing
  const app = await api.notice({ name: "Mobile app", external_id: "mobile-app" });
  await api.editDraft(app, {
    platform: "app",
    targets: ["com.example.app"],
    gcm_enabled: true,
    gcm_set_default_status: true,
    gcm_analytics_default_status: false,
    gcm_ads_default_status: false,
    gcm_firebase_enabled: true,
    custom_json: { app: { vendors: { include: ["google", "c:acme-analytics"] } }, "theme-color": "#0055ff" },
  });
  await api.publish(app);
  await api.editDraft(app, { consent_duration: 3 });

  // Never published: custom text and an SDK config
  const amp = await api.notice({ name: "AMP pages", external_id: "amp", environment: "production" });
  await api.editDraft(amp, { platform: "amp", text_mode: "custom", config: { notice: { position: "bottom" } }, denied_consent_duration: 30, denied_consent_duration_unit: "days", denied_consent_duration_custom: true });

  // The default notice, published
  const fallback = await api.notice({ name: "Default", privacy_experience_id: "pe-1" });
  await api.editDraft(fallback, { default: true, negative_action: "link", disagree_button_style: "secondary" });
  await api.publish(fallback);

  // Archived: history, not exported
  const retired = await api.notice({ name: "Retired campaign", external_id: "retired" });
  await api.call("PATCH", `/widgets/notices/${retired}`, { archived_at: "2026-02-01T00:00:00.000Z" });

  // Two notices with one name and no external id: adoption could not tell them apart
  await api.notice({ name: "Landing" });
  await api.notice({ name: "Landing" });

  // A publication that failed: its draft equals the failed config, so publishing would really publish
  const blog = await api.notice({ name: "blog.example.com", external_id: "blog" });
  await api.editDraft(blog, { targets: ["blog.example.com"] });
  await api.control("PATCH", "/settings", { failDeploymentsForNotice: blog });
  await api.publish(blog);
  await api.control("PATCH", "/settings", { failDeploymentsForNotice: null });

  // Untouched notices, published and not
  for (const name of ["news", "careers", "press", "help"]) {
    const id = await api.notice({ name: `${name}.example.com`, external_id: name });
    if (name === "news") await api.publish(id);
  }

  // A template shared by two notices, with its own configuration
  const template = await api.call<{ id: string }>("POST", "/widgets/notices/templates", { name: "Group standard", notices_id: [www, shop], organization_id: org });
  const [templateConfig] = (await api.call<{ data: { id: string }[] }>("GET", `/widgets/notices/templates/configs?template_id=${template.id}`)).data;
  await api.call("PATCH", `/widgets/notices/templates/configs/${templateConfig!.id}`, { config: { app: { vendors: { iab: { all: true } } } } });

  // Last, as publishing completes every pending transition: a domain still being deleted
  await api.call("PATCH", "/domains/leaving.example.com", { status: "to_be_deleted" });
}

/** `notices` published notices (a target and a consent duration each) and `domains` ready domains. */
export async function buildLargeOrganization(api: ConsoleSession, size: { notices: number; domains: number }): Promise<void> {
  for (let index = 0; index < size.domains; index++) await api.domain(`site-${index}.example.com`, "cmp", { status: "scheduled" });
  await api.control("POST", "/advance");
  for (let index = 0; index < size.notices; index++) {
    const id = await api.notice({ name: `Site ${index}`, external_id: `site-${index}` });
    await api.editDraft(id, { targets: [`site-${index % size.domains}.example.com`], consent_duration: 1 + (index % 12) });
    await api.publish(id);
  }
}
