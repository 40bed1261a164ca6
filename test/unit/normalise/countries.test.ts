import { alpha2ToAlpha3, getAlpha3Codes, getNames } from "i18n-iso-countries/index.js";
import { describe, expect, it } from "vitest";
import { COUNTRY_NAME_LOCALES, EXTRA_COUNTRY_NAMES } from "../../../shared/domain/normalise/countries.ts";
import { toCountryAlpha3 } from "../../../shared/domain/normalise/index.ts";

describe("toCountryAlpha3: codes", () => {
  it.each<[string | number, string]>([
    ["KZ", "KAZ"],
    ["kz", "KAZ"],
    [" Kz\t", "KAZ"],
    ["KAZ", "KAZ"],
    ["kaz", "KAZ"],
    ["398", "KAZ"],
    [398, "KAZ"],
    ["76", "BRA"],
    [76, "BRA"],
    ["076", "BRA"],
    ["4", "AFG"],
    ["UZ", "UZB"],
    ["860", "UZB"],
    ["XXA", "XXA"],
    ["xxb", "XXB"],
    ["XXC", "XXC"],
    ["XXX", "XXX"],
  ])("reads %j as %s", (raw, expected) => {
    // Act
    const result = toCountryAlpha3(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each<[string | number]>([
    ["ZZ"],
    ["ZZZ"],
    ["XXD"],
    ["0"],
    [0],
    ["999"],
    ["1000"],
    [1.5],
    [-398],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [""],
    ["K"],
    ["KAZA"],
    ["__proto__"],
    ["constructor"],
    ["toString"],
  ])("rejects %j as country.unknown", (raw) => {
    // Act
    const result = toCountryAlpha3(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "country.unknown" });
  });

  it("resolves every alpha-3 code the library knows to itself", () => {
    // Prepare
    const codes = Object.keys(getAlpha3Codes());

    // Act
    const wrong = codes.filter((code) => {
      const result = toCountryAlpha3(code.toLowerCase());
      return !result.ok || result.value !== code;
    });

    // Assess
    expect(codes.length).toBeGreaterThan(240);
    expect(wrong).toEqual([]);
  });
});

describe("toCountryAlpha3: names", () => {
  it.each([
    ["Kazakhstan", "KAZ"],
    ["Казахстан", "KAZ"],
    ["Қазақстан", "KAZ"],
    ["  қазақстан  ", "KAZ"],
    ["KAZAKHSTAN", "KAZ"],
    ["Республика  Казахстан", "KAZ"],
    ["Uzbekistan", "UZB"],
    ["Узбекистан", "UZB"],
    ["Өзбекстан", "UZB"],
    ["Kyrgyzstan", "KGZ"],
    ["Киргизия", "KGZ"],
    ["Кыргызстан", "KGZ"],
    ["Қырғызстан", "KGZ"],
    ["Tajikistan", "TJK"],
    ["Таджикистан", "TJK"],
    ["Тәжікстан", "TJK"],
    ["Russia", "RUS"],
    ["Russian Federation", "RUS"],
    ["Россия", "RUS"],
    ["Российская Федерация", "RUS"],
    ["Ресей", "RUS"],
    ["China", "CHN"],
    ["Қытай", "CHN"],
    ["Turkey", "TUR"],
    ["Türkiye", "TUR"],
    ["UK", "GBR"],
    ["Côte d'Ivoire", "CIV"],
    ["Кот-д'Ивуар", "CIV"],
    ["Кот\u2011д’Ивуар", "CIV"],
  ])("reads %j as %s", (raw, expected) => {
    // Act
    const result = toCountryAlpha3(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["stateless"],
    ["Stateless Person"],
    ["лицо без гражданства"],
    ["Лицо без\u00a0гражданства"],
    ["азаматтығы жоқ адам"],
  ])("reads %j as XXA (stateless)", (raw) => {
    // Act
    const result = toCountryAlpha3(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: "XXA" });
  });

  it("refuses a name that belongs to two countries as country.ambiguous", () => {
    // Act: the library lists "Congo" for both CG and CD
    const result = toCountryAlpha3("Congo");

    // Assess
    expect(result).toMatchObject({ ok: false, code: "country.ambiguous" });
  });

  it.each([["Atlantis"], ["Казахстанн"], ["Soviet Union"]])(
    "rejects %j as country.unknown without echoing it",
    (raw) => {
      // Act
      const result = toCountryAlpha3(raw);

      // Assess
      expect(result).toMatchObject({ ok: false, code: "country.unknown" });
      expect(result.ok ? "" : result.message).not.toContain(raw);
    },
  );

  it("finds every official and alternative name of the three locales (bar the ambiguous ones)", () => {
    // Prepare
    const listed = COUNTRY_NAME_LOCALES.flatMap((locale) =>
      Object.entries(getNames(locale, { select: "all" })).flatMap(([alpha2, names]) =>
        names.map((name) => ({ alpha2, name })),
      ),
    );

    // Act
    const unresolved = listed.filter(({ alpha2, name }) => {
      const result = toCountryAlpha3(name);
      return result.ok ? result.value !== alpha2ToAlpha3(alpha2) : result.code !== "country.ambiguous";
    });

    // Assess
    expect(listed.length).toBeGreaterThan(700);
    expect(unresolved).toEqual([]);
  });

  it("has extra names that do not clash with the library's", () => {
    // Prepare
    const extras = Object.entries(EXTRA_COUNTRY_NAMES).flatMap(([alpha3, names]) =>
      names.map((name) => ({ alpha3, name })),
    );

    // Act
    const clashing = extras.filter(({ alpha3, name }) => {
      const result = toCountryAlpha3(name);
      return !result.ok || result.value !== alpha3;
    });

    // Assess
    expect(clashing).toEqual([]);
  });
});
