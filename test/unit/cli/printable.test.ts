/**
 * Upstream text reaches an officer's terminal: whatever a record, a queue message or an error body
 * holds, the CLI prints control, format and bidirectional characters as visible escapes, so none of
 * them can clear the screen, move the cursor or reorder what the officer reads.
 */
import { describe, expect, it } from "vitest";
import { formatNotification } from "../../../cli/format-notification.ts";
import { printable } from "../../../cli/printable.ts";
import { notificationOf } from "../support/feeds.ts";

/** Anything a terminal would obey or hide instead of printing. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

describe("printable", () => {
  it.each([
    ["an escape sequence", "Иванов\u001b[2J", "Иванов\\u001B[2J"],
    ["a bell and a backspace", "a\u0007b\u0008", "a\\u0007b\\u0008"],
    ["a line break and a carriage return", "line\r\nnext", "line\\u000D\\u000Anext"],
    ["DEL and a C1 control (CSI)", "a\u007fb\u009b2J", "a\\u007Fb\\u009B2J"],
    ["a right-to-left override", "abc\u202edef", "abc\\u202Edef"],
    ["an isolate and a right-to-left mark", "\u2067x\u2069\u200f", "\\u2067x\\u2069\\u200F"],
    ["a zero-width space", "Ива\u200bнов", "Ива\\u200Bнов"],
    ["a line separator", "a\u2028b", "a\\u2028b"],
    ["an unpaired surrogate", "a\ud800b", "a\\uD800b"],
    ["a tag character (astral, as its two UTF-16 units)", "a\u{e0041}", "a\\uDB40\\uDC41"],
  ])("escapes %s", (_, text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it.each([
    ["Cyrillic and Kazakh", "Әлихан Нұрлыбекұлы Қасымов"],
    ["Arabic", "أحمد"],
    ["an emoji", "☕ 🍵"],
    ["a backslash", "C:\\path"],
  ])("prints %s as it is", (_, text) => {
    expect(printable(text)).toBe(text);
  });

  it("keeps line feeds where asked, escaping everything else", () => {
    expect(printable("one\ntwo\u001b", { lineFeeds: true })).toBe("one\ntwo\\u001B");
  });

  it("keeps JSON valid: the escapes are JSON's own", () => {
    // Prepare
    const value = { name: "a\u202eb\u0085c\u{e0041}" };

    // Act
    const shown = printable(JSON.stringify(value));

    // Assess
    expect(UNSAFE.test(shown)).toBe(false);
    expect(JSON.parse(shown)).toEqual(value);
  });
});

describe("formatNotification", () => {
  it("prints names and an organisation from upstream without a single unsafe character", () => {
    // Prepare: what a crafted queue message could hold, whatever the contracts refuse
    const notification = structuredClone(notificationOf("labour.foreign-worker"));
    const [person] = notification.subject.persons;
    if (person === undefined) throw new Error("the sample has no person");
    person.name.surname = "Иванов\u001b[2J\u001b[H";
    notification.subject.organisation = {
      role: "employer",
      name: "ТОО \u202eакмаС\u202c\u0085",
      bin: "123456789012",
    };
    notification.upstream.recordId = "R-1\u009b31m";

    // Act
    const shown = formatNotification(notification);

    // Assess
    expect(shown.split("\n").every((line) => !UNSAFE.test(line))).toBe(true);
    expect(shown).toContain("Иванов\\u001B[2J\\u001B[H");
    expect(shown).toContain("ТОО \\u202EакмаС\\u202C\\u0085");
    expect(shown).toContain("R-1\\u009B31m");
  });
});
