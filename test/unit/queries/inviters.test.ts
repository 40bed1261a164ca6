import { describe, expect, it } from "vitest";
import { checkDigitOf } from "../../../shared/domain/normalise/index.ts";
import type { CanonicalNotification, Person } from "../../../shared/domain/notification.ts";
import { addressKey, textKey } from "../../../shared/domain/queries/address-key.ts";
import { invitersQueryOf, repeatInviters } from "../../../shared/domain/queries/inviters.ts";
import { citizen, foreigner, notify, organisation } from "./factories.ts";

const HOST_IIN = "881102402170";
const COMPANY_BIN = "120340004562";
const may = { from: "2025-05-01", to: "2025-05-31", minCount: 5 };

/** A valid IIN of a person born on 1990-01-<day>. */
function iinOf(day: number): string {
  const first11 = `9001${String(day).padStart(2, "0")}30000`;
  return `${first11}${checkDigitOf(first11)}`;
}

/** A foreigner of their own: own passport, own birth date (the name and birth date also identify). */
function guest(index: number): Person {
  return foreigner(`FB${String(1_000_000 + index)}`, {
    birthDate: `1990-01-${String((index % 28) + 1).padStart(2, "0")}`,
  });
}

function registration(
  on: string,
  guest: Person,
  host: { person?: Person; company?: ReturnType<typeof organisation> },
  address = "ул. Абая, 5, кв. 12",
): CanonicalNotification {
  return notify(
    "registration.migration",
    { registrationType: "place-of-stay", registeredOn: on, registeredUntil: "2025-09-30" },
    {
      on,
      persons: host.person === undefined ? [guest] : [guest, host.person],
      ...(host.company === undefined ? {} : { organisation: host.company }),
      place: { locality: "Алматы", address },
    },
  );
}

/** Six foreigners, one a day from 2 May, registered by one host at one flat. */
function sixRegistrations(): CanonicalNotification[] {
  const host = citizen("host", HOST_IIN);
  return Array.from({ length: 6 }, (_, index) =>
    registration(`2025-05-${String(index + 2).padStart(2, "0")}`, guest(index), { person: host }),
  );
}

describe("repeatInviters", () => {
  it("lists a host who registered 6 foreigners at one address within a month, and the address, with count 6", () => {
    // Prepare
    const notifications = sixRegistrations();

    // Act
    const { parties, addresses } = repeatInviters(notifications, may);

    // Assess
    expect(parties).toEqual([
      {
        key: `IIN#${HOST_IIN}`,
        party: {
          type: "person",
          name: { surname: "SEITKALI", latin: "SEITKALI AIGERIM" },
          iin: HOST_IIN,
          citizenship: "KAZ",
        },
        roles: ["host"],
        foreignerCount: 6,
        notificationIds: notifications.map((notification) => notification.id),
      },
    ]);
    expect(addresses).toEqual([
      {
        key: "алматы ул абая 5 кв 12",
        address: "ул. Абая, 5, кв. 12",
        locality: "Алматы",
        foreignerCount: 6,
        notificationIds: notifications.map((notification) => notification.id),
      },
    ]);
  });

  it("lists nobody below minCount, and counts only the period's registrations", () => {
    // Prepare
    const host = citizen("host", HOST_IIN);
    const notifications = [
      ...sixRegistrations().slice(0, 4),
      registration("2025-04-30", guest(10), { person: host }),
      registration("2025-06-01", guest(11), { person: host }),
    ];

    // Act
    const answer = repeatInviters(notifications, may);

    // Assess
    expect(answer).toEqual({ parties: [], addresses: [] });
    expect(repeatInviters(notifications, { ...may, minCount: 4 }).parties[0]?.foreignerCount).toBe(4);
  });

  it("counts a foreigner registered twice once, also when known once by passport and once by passport and IIN", () => {
    // Prepare
    const host = citizen("host", HOST_IIN);
    const visitor = guest(1);
    const notifications = [
      registration("2025-05-02", visitor, { person: host }),
      registration("2025-05-20", { ...visitor, iin: iinOf(5) }, { person: host }),
      registration("2025-05-21", guest(2), { person: host }),
    ];

    // Act
    const { parties } = repeatInviters(notifications, { ...may, minCount: 2 });

    // Assess
    expect(parties.map(({ key, foreignerCount }) => ({ key, foreignerCount }))).toEqual([
      { key: `IIN#${HOST_IIN}`, foreignerCount: 2 },
    ]);
  });

  it("tells two namesakes born on one day apart by their IINs, and joins a name without one", () => {
    // Prepare
    const namesake = (iin?: string): Person => ({
      role: "host",
      name: { surname: "Сейтқали", latin: "SEITKALI AIGERIM" },
      birthDate: "1988-11-02",
      documents: [],
      ...(iin === undefined ? {} : { iin }),
    });
    const notifications = [
      registration("2025-05-02", guest(1), { person: namesake(HOST_IIN) }),
      registration("2025-05-03", guest(2), { person: namesake(iinOf(4)) }),
      registration("2025-05-04", guest(3), { person: namesake() }),
      registration("2025-05-05", guest(4), { person: namesake() }),
    ];

    // Act
    const { parties } = repeatInviters(notifications, { ...may, minCount: 2 });

    // Assess
    expect(parties.map(({ key, foreignerCount }) => ({ key, foreignerCount }))).toEqual([
      { key: "NAME#SEITKALI AIGERIM#1988-11-02", foreignerCount: 2 },
    ]);
  });

  it("folds case, punctuation, spacing and a repeated locality in addresses", () => {
    // Prepare
    const host = citizen("host", HOST_IIN);
    const spellings = [
      "ул. Абая, 5, кв. 12",
      "УЛ АБАЯ 5 КВ 12",
      "г. Алматы,  ул.Абая, 5 — кв.12",
      "Алматы ул Абая 5 кв 12",
    ];
    const notifications = spellings.map((address, index) =>
      registration("2025-05-10", guest(index), { person: host }, address),
    );

    // Act
    const { addresses } = repeatInviters(notifications, { ...may, minCount: 4 });

    // Assess
    expect(addresses.map(({ key, foreignerCount }) => ({ key, foreignerCount }))).toEqual([
      { key: "алматы ул абая 5 кв 12", foreignerCount: 4 },
    ]);
    expect(textKey("г. Алматы,  ул.Абая, 5 — кв.12")).toBe("г алматы ул абая 5 кв 12");
    expect(addressKey("ул. Абая, 5", "Алматы")).toBe(addressKey("Алматы, ул. Абая 5"));
    expect(addressKey("ул. Абая, 5", "Алматы")).not.toBe(addressKey("ул. Абая, 5", "Астана"));
  });

  it("joins a company's registrations and labour permits by its BIN, with both roles", () => {
    // Prepare
    const host = organisation("host", "ТОО «Алатау Құрылыс»", COMPANY_BIN);
    const employer = organisation("employer", 'ТОО "Алатау Курылыс"', COMPANY_BIN);
    const notifications = [
      registration("2025-05-02", guest(1), { company: host }),
      registration("2025-05-03", guest(2), { company: host }),
      notify(
        "labour.foreign-worker",
        {
          permitType: "work-permit",
          permitNumber: "WP-1",
          validFrom: "2025-05-04",
          validUntil: "2026-05-03",
        },
        { on: "2025-05-04", persons: [guest(3)], organisation: employer },
      ),
    ];

    // Act
    const { parties } = repeatInviters(notifications, { ...may, minCount: 3 });

    // Assess
    expect(parties).toEqual([
      expect.objectContaining({
        key: `BIN#${COMPANY_BIN}`,
        party: { type: "organisation", name: "ТОО «Алатау Құрылыс»", bin: COMPANY_BIN },
        roles: ["host", "employer"],
        foreignerCount: 3,
      }),
    ]);
  });

  it("tells organisations without a BIN apart by their name, quotes and case folded", () => {
    // Prepare
    const notifications = ["ТОО «Ромашка»", 'тоо "Ромашка"'].map((name, index) =>
      registration("2025-05-02", guest(index), { company: organisation("host", name) }),
    );

    // Act
    const { parties } = repeatInviters(notifications, { ...may, minCount: 2 });

    // Assess
    expect(parties.map(({ key, foreignerCount }) => ({ key, foreignerCount }))).toEqual([
      { key: "ORG#тоо ромашка", foreignerCount: 2 },
    ]);
  });

  it("lists the inviters and repeat applicants the migration police flagged, with the count they reported", () => {
    // Prepare
    const inviter = citizen("inviter", HOST_IIN);
    const applicant = citizen("applicant", iinOf(7), "ORAZOV ERLAN");
    const flagged = notify(
      "inviter.frequent-risk-country",
      { period: { from: "2025-04-01", to: "2025-05-10" }, invitationCount: 12, inviteeCountries: ["NGA"] },
      { on: "2025-05-11", persons: [inviter] },
    );
    const repeat = notify(
      "permit.repeat-applicant",
      {
        pattern: "many-registered-at-one-address",
        count: 9,
        period: { from: "2025-05-01", to: "2025-05-31" },
      },
      {
        on: "2025-06-01",
        persons: [applicant],
        place: { locality: "Алматы", address: "мкр. Жетысу-3, д. 21" },
      },
    );
    const earlier = notify(
      "inviter.frequent-risk-country",
      { period: { from: "2025-01-01", to: "2025-03-31" }, invitationCount: 40, inviteeCountries: ["NGA"] },
      { on: "2025-04-02", persons: [citizen("inviter", iinOf(8), "BEKOV ASAN")] },
    );

    // Act
    const { parties, addresses } = repeatInviters([flagged, repeat, earlier], may);

    // Assess
    expect(
      parties.map(({ key, roles, foreignerCount, reportedCount, notificationIds }) => ({
        key,
        roles,
        foreignerCount,
        reportedCount,
        notificationIds,
      })),
    ).toEqual([
      {
        key: `IIN#${HOST_IIN}`,
        roles: ["inviter"],
        foreignerCount: 0,
        reportedCount: 12,
        notificationIds: [flagged.id],
      },
      {
        key: `IIN#${iinOf(7)}`,
        roles: ["applicant"],
        foreignerCount: 0,
        reportedCount: 9,
        notificationIds: [repeat.id],
      },
    ]);
    expect(addresses).toEqual([
      {
        key: "алматы мкр жетысу 3 д 21",
        address: "мкр. Жетысу-3, д. 21",
        locality: "Алматы",
        foreignerCount: 0,
        reportedCount: 9,
        notificationIds: [repeat.id],
      },
    ]);
  });

  it("counts the foreigners a unit found housed by a provider, and the housing address", () => {
    // Prepare
    const provider = citizen("provider", iinOf(9), "ABDULLAEVA GULNARA");
    const housed = [guest(1), guest(2)];
    const report = notify(
      "provider.housing-or-job",
      { provides: ["housing"], foreignersCount: 7, housingAddress: "ул. Бекмаханова, 34" },
      { on: "2025-05-26", persons: [provider, ...housed], place: { locality: "Алматы" } },
    );

    // Act
    const { parties, addresses } = repeatInviters([report], may);

    // Assess
    expect(parties).toEqual([
      expect.objectContaining({
        key: `IIN#${iinOf(9)}`,
        roles: ["provider"],
        foreignerCount: 2,
        reportedCount: 7,
      }),
    ]);
    expect(addresses).toEqual([
      expect.objectContaining({ key: "алматы ул бекмаханова 34", foreignerCount: 2, reportedCount: 7 }),
    ]);
  });

  it("puts the largest count first", () => {
    // Prepare
    const small = citizen("host", iinOf(3), "SMALL HOST");
    const notifications = [
      ...sixRegistrations(),
      ...Array.from({ length: 5 }, (_, index) =>
        registration("2025-05-12", guest(20 + index), { person: small }, `ул. Жибек жолы, ${index}`),
      ),
    ];

    // Act
    const { parties } = repeatInviters(notifications, may);

    // Assess
    expect(parties.map(({ key, foreignerCount }) => [key, foreignerCount])).toEqual([
      [`IIN#${HOST_IIN}`, 6],
      [`IIN#${iinOf(3)}`, 5],
    ]);
  });
});

describe("invitersQueryOf", () => {
  it("reads the period and the count, 3 when not given", () => {
    expect(invitersQueryOf({ from: "2025-05-01", to: "2025-05-31", minCount: "6" })).toEqual({
      ok: true,
      value: { from: "2025-05-01", to: "2025-05-31", minCount: 6 },
    });
    expect(invitersQueryOf({ from: "2025-05-01", to: "2025-05-31" })).toEqual({
      ok: true,
      value: { from: "2025-05-01", to: "2025-05-31", minCount: 3 },
    });
  });

  it.each([
    [{ to: "2025-05-31" }, "/query/from", "query.required"],
    [{ from: "2025-05-01", to: "31.05.2025" }, "/query/to", "query.format"],
    [{ from: "2025-05-01", to: "2025-04-30" }, "/query/to", "query.range"],
    [{ from: "2024-05-01", to: "2025-05-31" }, "/query/to", "query.range"],
    [{ from: "2025-05-01", to: "2025-05-31", minCount: "1" }, "/query/minCount", "query.range"],
    [{ from: "2025-05-01", to: "2025-05-31", minCount: "many" }, "/query/minCount", "query.type"],
    [{ from: "2025-05-01", to: "2025-05-31", minCount: "2.5" }, "/query/minCount", "query.type"],
  ])("refuses %j at %s with %s", (raw, path, code) => {
    // Act
    const parsed = invitersQueryOf(raw);

    // Assess
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors.map((error) => [error.path, error.code])).toEqual([[path, code]]);
  });
});
