/** RFC 8785 (JCS): the RFC's own examples, so that any other implementation gives the same bytes. */
import { describe, expect, it } from "vitest";
import { canonicalBytes, canonicalJson } from "../../../shared/evidence/canonical-json.ts";

describe("canonicalJson (RFC 8785)", () => {
  it("serialises the RFC's example of §3.2.2: sorted keys, ES numbers, minimal escapes", () => {
    // Prepare: the input of RFC 8785 §3.2.2, as parsed
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );

    // Act
    const text = canonicalJson(input);

    // Assess
    expect(text).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units, as in the RFC's example of §3.2.3", () => {
    // Prepare
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };

    // Act
    const text = canonicalJson(input);

    // Assess: the order the RFC gives; U+0080 is written as is, only controls below U+0020 escaped
    expect(text).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    [0x0000000000000000n, "0"],
    [0x8000000000000000n, "0"],
    [0x0000000000000001n, "5e-324"],
    [0x7fefffffffffffffn, "1.7976931348623157e+308"],
    [0x4340000000000000n, "9007199254740992"],
    [0x4430000000000000n, "295147905179352830000"],
    [0x44b52d02c7e14af6n, "1e+23"],
    [0x444b1ae4d6e2ef50n, "1e+21"],
    [0x3eb0c6f7a0b5ed8dn, "0.000001"],
    [0x41b3de4355555554n, "333333333.33333325"],
    [0xbecbf647612f3696n, "-0.0000033333333333333333"],
    [0x43143ff3c1cb0959n, "1424953923781206.2"],
  ])("writes the IEEE 754 double %s as %s (RFC 8785 appendix B)", (bits, expected) => {
    // Prepare
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, bits);

    // Act
    const text = canonicalJson([view.getFloat64(0)]);

    // Assess
    expect(text).toBe(`[${expected}]`);
  });

  it("refuses what JSON cannot carry: NaN, Infinity and lone surrogates", () => {
    // Act / Assess
    expect(() => canonicalJson({ value: Number.NaN })).toThrow();
    expect(() => canonicalJson({ value: Number.POSITIVE_INFINITY })).toThrow();
    expect(() => canonicalJson({ value: "\ud800" })).toThrow();
  });

  it("leaves undefined members out and encodes the text as UTF-8", () => {
    // Act
    const bytes = canonicalBytes({ b: "Ә", a: undefined });

    // Assess
    expect(bytes.toString("hex")).toBe("7b2262223a22d398227d"); // {"b":"Ә"}, Ә = U+04D8 = D3 98
  });
});
