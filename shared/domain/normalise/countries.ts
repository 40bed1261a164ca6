// The library's own entry point (`i18n-iso-countries`) registers all ~80 locales on import, which
// would put every locale into each Lambda bundle; its `index.js` registers none, so we register the
// three we need from static JSON imports (esbuild inlines them).
import {
  alpha2ToAlpha3,
  alpha3ToAlpha2,
  getNames,
  numericToAlpha3,
  registerLocale,
} from "i18n-iso-countries/index.js";
import englishNames from "i18n-iso-countries/langs/en.json" with { type: "json" };
import kazakhNames from "i18n-iso-countries/langs/kk.json" with { type: "json" };
import russianNames from "i18n-iso-countries/langs/ru.json" with { type: "json" };
import type { Normalised } from "./results.ts";

registerLocale(englishNames);
registerLocale(russianNames);
registerLocale(kazakhNames);

/** The locales whose country names are accepted. */
export const COUNTRY_NAME_LOCALES = ["en", "ru", "kk"] as const;

/**
 * ICAO Doc 9303 Part 3 codes for persons without a nationality; they stand in the nationality field
 * of travel documents, so feeds send them where an ISO 3166-1 alpha-3 code is expected.
 */
export const ICAO_NO_NATIONALITY_CODES = Object.freeze({
  XXA: "stateless person",
  XXB: "refugee (1951 Convention)",
  XXC: "refugee (other than XXB)",
  XXX: "person of unspecified nationality",
});

/**
 * Names accepted besides the library's: the stateless person (→ XXA) and the long and usual forms
 * of the region's states that the library's en/ru/kk lists lack (e.g. ru "Кыргызстан": it has only
 * "Киргизия").
 */
export const EXTRA_COUNTRY_NAMES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  XXA: ["stateless", "stateless person", "лицо без гражданства", "азаматтығы жоқ адам", "азаматтығы жоқ"],
  KAZ: ["Republic of Kazakhstan", "Республика Казахстан", "Қазақстан Республикасы"],
  KGZ: ["Kyrgyz Republic", "Кыргызстан", "Кыргызская Республика", "Қырғыз Республикасы"],
  UZB: ["Republic of Uzbekistan", "Республика Узбекистан", "Өзбекстан Республикасы"],
  TJK: ["Republic of Tajikistan", "Республика Таджикистан", "Тәжікстан Республикасы"],
  TKM: ["Туркменистан"],
  RUS: ["Ресей Федерациясы"],
  BLR: ["Republic of Belarus", "Республика Беларусь", "Белоруссия"],
  MDA: ["Moldova", "Republic of Moldova", "Молдова", "Республика Молдова"],
});

const ALPHABETIC_CODE = /^[A-Za-z]{2,3}$/;
const NUMERIC_CODE = /^[0-9]{1,3}$/;
const WHITESPACE_RUNS = /\s+/gu;
const APOSTROPHES = /[\u2019\u2018\u02BC`\u00B4]/gu;
const DASHES = /[\u2010-\u2015\u2212]/gu;

/**
 * The comparison form of a country name: NFC, lower-case, ё read as е, apostrophe and dash variants
 * unified, whitespace runs collapsed, trimmed.
 */
function countryNameKey(name: string): string {
  return name
    .normalize("NFC")
    .toLowerCase()
    .replaceAll("ё", "е")
    .replace(APOSTROPHES, "'")
    .replace(DASHES, "-")
    .replace(WHITESPACE_RUNS, " ")
    .trim();
}

/** Marks a name key that belongs to two countries (en "Congo": CG and CD). */
const AMBIGUOUS = "ambiguous";

/** Name key → alpha-3 (or {@link AMBIGUOUS}); built once, at module load. */
const ALPHA3_BY_NAME_KEY: ReadonlyMap<string, string> = buildNameIndex();

function buildNameIndex(): Map<string, string> {
  const index = new Map<string, string>();
  const add = (name: string, alpha3: string): void => {
    const key = countryNameKey(name);
    const known = index.get(key);
    index.set(key, known === undefined || known === alpha3 ? alpha3 : AMBIGUOUS);
  };
  for (const locale of COUNTRY_NAME_LOCALES) {
    for (const [alpha2, names] of Object.entries(getNames(locale, { select: "all" }))) {
      const alpha3 = alpha2ToAlpha3(alpha2);
      if (alpha3 !== undefined) {
        for (const name of names) {
          add(name, alpha3);
        }
      }
    }
  }
  for (const [alpha3, names] of Object.entries(EXTRA_COUNTRY_NAMES)) {
    for (const name of names) {
      add(name, alpha3);
    }
  }
  return index;
}

/**
 * ISO 3166-1 alpha-3 (or an ICAO no-nationality code) from what upstream systems write:
 * - alpha-2 or alpha-3 code, any case, surrounding whitespace ignored ("kz", "KAZ");
 * - numeric code as a number or a string of 1–3 digits (398, "398", "76" → BRA);
 * - ICAO Doc 9303 XXA, XXB, XXC, XXX;
 * - a country name in English, Russian or Kazakh as i18n-iso-countries lists it, official or
 *   alternative, or one of {@link EXTRA_COUNTRY_NAMES}; case, whitespace runs, ё/е and apostrophe
 *   and dash variants do not matter.
 * Codes are tried before names (so "UK", not an ISO code, is then found as a name: GBR).
 * Unknown → `country.unknown`; a name that belongs to two countries → `country.ambiguous`.
 * The library also knows Kosovo as XK/XKX (user-assigned, not an official ISO code) and so does this.
 */
export function toCountryAlpha3(raw: string | number): Normalised<string> {
  const alpha3 =
    typeof raw === "number" ? fromNumericCode(raw) : typeof raw === "string" ? fromText(raw) : undefined;
  if (alpha3 === AMBIGUOUS) {
    return {
      ok: false,
      code: "country.ambiguous",
      message: "The country name fits more than one country; send the ISO 3166-1 code instead.",
    };
  }
  if (alpha3 === undefined) {
    return {
      ok: false,
      code: "country.unknown",
      message:
        "The country is neither an ISO 3166-1 code nor a known English, Russian or Kazakh country name.",
    };
  }
  return { ok: true, value: alpha3 };
}

function fromNumericCode(code: number): string | undefined {
  return Number.isInteger(code) && code >= 1 && code <= 999 ? numericToAlpha3(code) : undefined;
}

function fromText(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (NUMERIC_CODE.test(trimmed)) {
    return fromNumericCode(Number(trimmed));
  }
  if (ALPHABETIC_CODE.test(trimmed)) {
    const code = trimmed.toUpperCase();
    const alpha3 = code.length === 2 ? alpha2ToAlpha3(code) : fromAlpha3(code);
    if (alpha3 !== undefined) {
      return alpha3;
    }
  }
  return ALPHA3_BY_NAME_KEY.get(countryNameKey(trimmed));
}

function fromAlpha3(code: string): string | undefined {
  if (Object.hasOwn(ICAO_NO_NATIONALITY_CODES, code)) {
    return code;
  }
  return alpha3ToAlpha2(code) === undefined ? undefined : code;
}
