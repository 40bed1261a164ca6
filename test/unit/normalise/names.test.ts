import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CYRILLIC_TO_LATIN,
  LATIN_LETTER_FOLDS,
  normaliseName,
} from "../../../shared/domain/normalise/index.ts";
import { MAX_NAME_LENGTH } from "../../../shared/domain/normalise/names.ts";
import { anyText, RUNS, trickyText } from "./arbitraries.ts";

const LATIN_KEY = /^([A-Z]+( [A-Z]+)*)?$/;

function latinOf(raw: string): string | undefined {
  const result = normaliseName(raw);
  return result.ok ? result.value.latin : undefined;
}

describe("normaliseName: the name as written", () => {
  it("applies NFC, trims and collapses every kind of whitespace run to one space", () => {
    // Prepare: a decomposed Й (И + combining breve), NBSP, tab, newline, ideographic space
    const raw = "\u00a0 Сергеи\u0306\t\tИванов\n\u3000Петрович \r\n";

    // Act
    const result = normaliseName(raw);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { asWritten: "Сергей Иванов Петрович", latin: "SERGEI IVANOV PETROVICH" },
    });
    expect(result.ok && result.value.asWritten.includes("\u0306")).toBe(false);
  });

  it.each([[""], ["   "], ["\u00a0\t\n\u3000\ufeff"]])("rejects %j as name.empty", (raw) => {
    // Act
    const result = normaliseName(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "name.empty" });
  });

  it.each([
    ["a NUL", "Иван\u0000ов"],
    ["an escape", "Ivan\u001b[31m"],
    ["DEL", "Ivan\u007f"],
    ["NEL (a control, not JS whitespace)", "Ivan\u0085Petrov"],
    ["a lone high surrogate", "Ivan\ud800"],
    ["a lone low surrogate", "\udc00Ivan"],
    ["a right-to-left override", "Ivan\u202eov"],
  ])("rejects %s as name.characters without echoing the name", (_label, raw) => {
    // Act
    const result = normaliseName(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "name.characters" });
    expect(result.ok ? "" : result.message).not.toContain("Ivan");
  });

  it("rejects names longer than the limit as name.too-long and accepts one at the limit", () => {
    // Prepare
    const atLimit = "Я".repeat(MAX_NAME_LENGTH);
    const overLimit = `${atLimit}Я`;

    // Act
    const accepted = normaliseName(atLimit);
    const rejected = normaliseName(overLimit);

    // Assess
    expect(accepted.ok).toBe(true);
    expect(rejected).toMatchObject({ ok: false, code: "name.too-long" });
  });

  it("counts the limit in code points, so names in astral scripts are not cut short", () => {
    // Prepare: each 😀 is two UTF-16 code units
    const raw = "😀".repeat(MAX_NAME_LENGTH);

    // Act
    const result = normaliseName(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: { asWritten: raw, latin: "" } });
  });
});

describe("normaliseName: the Latin match key", () => {
  it.each([
    ["Әлихан Нұрлыбекұлы Қасымов", "ALIKHAN NURLYBEKULY KASYMOV"],
    ["Щукин Юрий", "SHCHUKIN IURII"],
    ["Жанна Хасенова", "ZHANNA KHASENOVA"],
    ["Цой Чингиз Шамилевич", "TSOI CHINGIZ SHAMILEVICH"],
    ["Подъячев Ярослав", "PODIEIACHEV IAROSLAV"],
    ["Ильич Эдуард Ёлкин", "ILICH EDUARD ELKIN"],
    ["Рыскулов Мыңжасар", "RYSKULOV MYNZHASAR"],
    ["Ғабит Мүсірепов", "GABIT MUSIREPOV"],
    ["Өтеген Ұлықбек Һадиша Әйгерім", "OTEGEN ULYKBEK HADISHA AIGERIM"],
    ["Ҳамидов Ҷамшед Ӯғлӣ", "HAMIDOV JAMSHED UGLI"],
    ["Їжакевич Євген Ґудзь Ўладзімір", "IZHAKEVICH IEVGEN GUDZ ULADZIMIR"],
    ["ivanov", "IVANOV"],
  ])("transliterates %j as %j", (raw, expected) => {
    // Act
    const latin = latinOf(raw);

    // Assess
    expect(latin).toBe(expected);
  });

  it.each([
    ["Анна-Мария", "ANNA MARIIA", "a hyphen breaks the word, like ICAO's filler <"],
    ["Anna Maria", "ANNA MARIA", "so the spaced spelling matches the hyphenated Latin one"],
    ["O'Brien", "OBRIEN", "an apostrophe is dropped, the word stays whole"],
    ["D\u2019Artagnan", "DARTAGNAN", "typographic apostrophes too"],
    ["Gʻulomov", "GULOMOV", "the Uzbek oʻkina is an apostrophe"],
    ["Ғуломов", "GULOMOV", "and equals the Cyrillic spelling"],
    ["Мар'яна", "MARIANA", "Ukrainian apostrophe"],
    ["Smith, Jr.", "SMITH JR", "other punctuation breaks words"],
    ["Ivan2 Petrov3", "IVAN PETROV", "digits are dropped"],
    ["Ахмед أحمد", "AKHMED", "letters of other scripts are dropped"],
    ["محمد", "", "a name with no Latin or Cyrillic letter has an empty key"],
  ])("handles %j → %j (%s)", (raw, expected) => {
    // Act
    const latin = latinOf(raw);

    // Assess
    expect(latin).toBe(expected);
  });

  it.each([
    ["Müller Gößmann", "MULLER GOSSMANN"],
    ["Işıl Şahin Ağaoğlu", "ISIL SAHIN AGAOGLU"],
    ["Äsel Özbek Ñuñez Ūlan Ïgor", "ASEL OZBEK NUNEZ ULAN IGOR"],
    ["Ørsted Æsir Œuvre Łukasz Đorđe Þór", "ORSTED AESIR OEUVRE LUKASZ DORDE THOR"],
    ["Əliyev", "ALIYEV"],
    ["Nguyễn Thị Bích", "NGUYEN THI BICH"],
  ])("folds Latin letters with diacritics in %j to %j", (raw, expected) => {
    // Act
    const latin = latinOf(raw);

    // Assess
    expect(latin).toBe(expected);
  });

  it("keeps a combining mark on a Cyrillic letter out of the key", () => {
    // Prepare: Ә + combining acute has no precomposed form, so NFC keeps the mark
    const raw = "Ә\u0301сель";

    // Act
    const latin = latinOf(raw);

    // Assess
    expect(latin).toBe("ASEL");
  });

  it.each([
    ["zero-width space", "\u200b"],
    ["zero-width non-joiner", "\u200c"],
    ["zero-width joiner", "\u200d"],
    ["word joiner", "\u2060"],
    ["zero-width no-break space (BOM)", "\ufeff"],
  ])("drops a %s inside a word from the key: Ива·нов matches IVANOV", (_, invisible) => {
    // Act and Assess
    expect(latinOf(`Ива${invisible}нов`)).toBe("IVANOV");
    expect(latinOf(`Iva${invisible}nov Pet${invisible}r`)).toBe("IVANOV PETR");
  });

  it("exports a table whose values are upper-case A–Z (Ь alone maps to nothing)", () => {
    // Prepare
    const entries = [...Object.entries(CYRILLIC_TO_LATIN), ...Object.entries(LATIN_LETTER_FOLDS)];

    // Act
    const offending = entries.filter(([letter, latin]) => {
      const isDropped = latin === "";
      return !/^[A-Z]*$/.test(latin) || isDropped !== (letter === "Ь");
    });

    // Assess
    expect(offending).toEqual([]);
    expect(Object.isFrozen(CYRILLIC_TO_LATIN)).toBe(true);
  });

  it("transliterates lower-case Cyrillic exactly as upper-case", () => {
    // Prepare
    const letters = Object.keys(CYRILLIC_TO_LATIN).join(" ");

    // Act
    const fromUpper = latinOf(letters);
    const fromLower = latinOf(letters.toLowerCase());

    // Assess
    expect(fromLower).toBe(fromUpper);
  });
});

describe("normaliseName: properties", () => {
  it("always gives a key of upper-case A–Z words separated by single spaces", () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        // Act
        const result = normaliseName(raw);

        // Assess
        return !result.ok || LATIN_KEY.test(result.value.latin);
      }),
      RUNS,
    );
  });

  it("is idempotent on asWritten: normalising the normalised name changes nothing", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, trickyText), (raw) => {
        // Prepare
        const first = normaliseName(raw);
        fc.pre(first.ok);

        // Act
        const second = first.ok ? normaliseName(first.value.asWritten) : first;

        // Assess
        expect(second).toEqual(first);
      }),
      RUNS,
    );
  });

  it("never has leading, trailing or doubled whitespace in asWritten", () => {
    fc.assert(
      fc.property(trickyText, (raw) => {
        // Act
        const result = normaliseName(raw);

        // Assess
        return !result.ok || !/^\s|\s$|\s\s|[\t\n\r\u00a0]/u.test(result.value.asWritten);
      }),
      RUNS,
    );
  });

  it("gives the same key for upper- and lower-case Cyrillic and Latin names", () => {
    const nameLetters = fc.constantFrom(
      ..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі abcdefghijklmnopqrstuvwxyz-'",
    );
    fc.assert(
      fc.property(fc.string({ unit: nameLetters, minLength: 1, maxLength: 40 }), (raw) => {
        // Act
        const lower = latinOf(raw);
        const upper = latinOf(raw.toUpperCase());

        // Assess
        expect(upper).toBe(lower);
      }),
      RUNS,
    );
  });
});
