/**
 * Amazon EventBridge event-pattern matching, for the local bus (AWS::Events::Rule patterns) and for
 * Lambda event-source-mapping filter criteria (which use the same syntax).
 *
 * Semantics follow the EventBridge user guide ("Event patterns", "Comparison operators", "Matching
 * null values and empty strings", "Arrays in event patterns") and, where the guide is silent, the
 * behaviour of aws/event-ruler, the open-source matcher EventBridge is built on:
 *
 * - The event is flattened into leaf fields named by their dot-joined path; arrays are "crushed", so a
 *   pattern value list matches if ANY element of an event array matches. As in event-ruler, the
 *   keys `{"a": {"b": …}}` and `{"a.b": …}` name the same field.
 * - Array consistency: fields matched together must not come from different elements of one array,
 *   so `{"employees": {"first": ["Anna"], "last": ["Jones"]}}` needs one employee with both. Like
 *   event-ruler, `exists: false` is judged against the elements chosen by the fields whose paths sort
 *   before its own.
 * - Fields are ANDed, the values in a field's list are ORed, `$or` forks the pattern into branches.
 * - `anything-but` needs the field to be present; a value its exclusions cannot apply to (null, a
 *   number against excluded strings) is "anything but".
 * - Only leaves (strings, numbers, booleans, null) are field values: `exists: true` matches a null
 *   value but not an object or an empty array; `exists: false` matches a missing field, an object
 *   in its place, or an empty array.
 * - Numbers: numeric operators only see JSON numbers within ±5e9, compared at six decimal places.
 *   An exact number in a value list matches numerically (300 = 300.0 = 3.0e2) or, outside that
 *   range, by plain equality.
 *
 * The functions are pure and never throw. A pattern AWS would refuse matches nothing.
 */

/** A parsed EventBridge event pattern (JSON). */
export type EventPattern = Record<string, unknown>;

type LeafValue = string | number | boolean | null;

/** Tells whether one leaf value of the event satisfies one entry of a pattern's value list. */
type LeafMatcher = (value: LeafValue) => boolean;

/** The compiled value list of one field: any matcher may match, or the field's absence if allowed. */
interface FieldCondition {
  readonly path: string;
  readonly matchers: readonly LeafMatcher[];
  readonly matchesWhenAbsent: boolean;
}

/** One way for the pattern to match: every condition must hold (`$or` yields several branches). */
type Branch = readonly FieldCondition[];

/** The element of an enclosing array a field sits in, linked to the next array out (shared, not copied). */
interface ArrayPosition {
  readonly arrayId: number;
  readonly index: number;
  readonly outer: ArrayPosition | undefined;
}

interface EventField {
  readonly value: LeafValue;
  /** Which element of which enclosing array the field came from, innermost first. */
  readonly positions: ArrayPosition | undefined;
}

const OR_KEY = "$or";

/** Field names event-ruler refuses inside `$or` objects, so that `$or` cannot be mistaken for an operator. */
const RESERVED_IN_OR = new Set([
  "exactly",
  "equals-ignore-case",
  "prefix",
  "suffix",
  "anything-but",
  "exists",
  "wildcard",
  "numeric",
  "cidr",
  "=",
  "<",
  "<=",
  ">",
  ">=",
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);

/** The documented range of numeric matching: -5.0e9 to +5.0e9 inclusive. */
const NUMERIC_LIMIT = 5e9;

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  const compiled = compilePattern(pattern);
  if (compiled.problems.length > 0) return false;
  // Events are JSON objects (PutEvents, stream records); anything else has no fields to match.
  if (!isPlainObject(event)) return false;
  const fieldsByPath = flattenEvent(event, compiled.branches);
  return compiled.branches.some((branch) => branchMatches(branch, fieldsByPath));
}

export function validateEventPattern(pattern: unknown): string[] {
  return compilePattern(pattern).problems;
}

// ---------------------------------------------------------------------------------------------
// Compiling the pattern

interface CompiledPattern {
  readonly branches: readonly Branch[];
  readonly problems: string[];
}

function compilePattern(pattern: unknown): CompiledPattern {
  const problems: string[] = [];
  if (!isPlainObject(pattern)) {
    return { branches: [], problems: ["the event pattern must be a JSON object"] };
  }
  const branches = compileObject(pattern, [], [[]], problems, false).map((branch) =>
    // event-ruler walks a rule's fields in sorted name order (UTF-16 code units, as Java's compareTo).
    [...branch].sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0)),
  );
  return { branches, problems };
}

/** Adds the conditions of `node` (found at `prefix`) to every branch, forking branches at `$or`. */
function compileObject(
  node: Record<string, unknown>,
  prefix: readonly string[],
  incoming: readonly Branch[],
  problems: string[],
  insideOr: boolean,
): Branch[] {
  let branches: Branch[] = [...incoming];
  const keys = Object.keys(node);
  if (keys.length === 0) {
    problems.push(`${describePath(prefix)}: empty objects are not allowed`);
    return branches;
  }
  for (const key of keys) {
    const value = node[key];
    if (key === OR_KEY) {
      branches = compileOr(value, prefix, branches, problems);
      continue;
    }
    const path = [...prefix, key];
    if (insideOr && RESERVED_IN_OR.has(key)) {
      problems.push(
        `${describePath(path)}: "${key}" is a reserved word and cannot be a field name inside $or`,
      );
      continue;
    }
    if (Array.isArray(value)) {
      const condition = compileValueList(value, path, problems);
      if (condition !== undefined) branches = branches.map((branch) => [...branch, condition]);
    } else if (isPlainObject(value)) {
      branches = compileObject(value, path, branches, problems, insideOr);
    } else {
      problems.push(`${describePath(path)}: must be an object or an array (pattern values are always lists)`);
    }
  }
  return branches;
}

function compileOr(
  alternatives: unknown,
  prefix: readonly string[],
  branches: readonly Branch[],
  problems: string[],
): Branch[] {
  const where = describePath([...prefix, OR_KEY]);
  if (!Array.isArray(alternatives)) {
    problems.push(`${where}: must be an array of objects`);
    return [...branches];
  }
  if (alternatives.length < 2) problems.push(`${where}: needs at least 2 objects`);
  const forked: Branch[] = [];
  alternatives.forEach((alternative, index) => {
    if (!isPlainObject(alternative)) {
      problems.push(`${where}[${index}]: only JSON objects are allowed in $or`);
      return;
    }
    forked.push(...compileObject(alternative, prefix, branches, problems, true));
  });
  return forked;
}

function compileValueList(
  list: readonly unknown[],
  path: readonly string[],
  problems: string[],
): FieldCondition | undefined {
  const where = describePath(path);
  if (list.length === 0) {
    problems.push(`${where}: empty arrays are not allowed`);
    return undefined;
  }
  const matchers: LeafMatcher[] = [];
  let matchesWhenAbsent = false;
  const problemsBefore = problems.length;
  list.forEach((entry, index) => {
    const entryWhere = `${where}[${index}]`;
    if (typeof entry === "string") {
      matchers.push(exactStringMatcher(entry));
    } else if (typeof entry === "number") {
      matchers.push(exactNumberMatcher(entry));
    } else if (typeof entry === "boolean" || entry === null) {
      matchers.push((value) => value === entry);
    } else if (isPlainObject(entry)) {
      const compiled = compileOperator(entry, entryWhere, problems);
      if (compiled === "absent") matchesWhenAbsent = true;
      else if (compiled !== undefined) matchers.push(compiled);
    } else {
      problems.push(
        `${entryWhere}: a match value must be a string, number, true, false, null or an operator object`,
      );
    }
  });
  if (problems.length > problemsBefore) return undefined;
  return { path: path.join("."), matchers, matchesWhenAbsent };
}

/** Compiles `{ "operator": argument }`; "absent" stands for `{ "exists": false }`. */
function compileOperator(
  entry: Record<string, unknown>,
  where: string,
  problems: string[],
): LeafMatcher | "absent" | undefined {
  const keys = Object.keys(entry);
  const [operator] = keys;
  if (operator === undefined || keys.length !== 1) {
    problems.push(`${where}: a match expression must have exactly one operator, found ${keys.length}`);
    return undefined;
  }
  const argument = entry[operator];
  const at = `${where}.${operator}`;
  switch (operator) {
    case "prefix":
    case "suffix":
      return compileAffix(operator, argument, at, problems);
    case "equals-ignore-case": {
      if (typeof argument !== "string") return refuse(problems, `${at}: must be a string`);
      return (value) => typeof value === "string" && equalsIgnoringCase(value, argument);
    }
    case "wildcard": {
      const glob = parseWildcard(argument, at, problems);
      return glob === undefined
        ? undefined
        : (value) => typeof value === "string" && wildcardMatches(glob, value);
    }
    case "anything-but":
      return compileAnythingBut(argument, at, problems);
    case "numeric":
      return compileNumeric(argument, at, problems);
    case "exists": {
      if (typeof argument !== "boolean") return refuse(problems, `${at}: must be true or false`);
      // Any leaf, null included, proves existence; objects and empty arrays yield no leaf at this path.
      return argument ? () => true : "absent";
    }
    case "cidr":
      return compileCidr(argument, at, problems);
    default:
      return refuse(problems, `${where}: unknown operator "${operator}"`);
  }
}

function compileAffix(
  operator: "prefix" | "suffix",
  argument: unknown,
  at: string,
  problems: string[],
): LeafMatcher | undefined {
  const affixMatches = operator === "prefix" ? startsWithCaseSensitive : endsWithCaseSensitive;
  const affixMatchesIgnoringCase = operator === "prefix" ? startsWithIgnoringCase : endsWithIgnoringCase;
  if (typeof argument === "string") {
    return (value) => typeof value === "string" && affixMatches(value, argument);
  }
  if (isPlainObject(argument)) {
    const keys = Object.keys(argument);
    const ignoreCaseArgument = argument["equals-ignore-case"];
    if (keys.length !== 1 || typeof ignoreCaseArgument !== "string") {
      return refuse(problems, `${at}: must be a string or { "equals-ignore-case": string }`);
    }
    return (value) => typeof value === "string" && affixMatchesIgnoringCase(value, ignoreCaseArgument);
  }
  return refuse(problems, `${at}: must be a string or { "equals-ignore-case": string }`);
}

function compileAnythingBut(argument: unknown, at: string, problems: string[]): LeafMatcher | undefined {
  // A value the exclusion does not apply to (a number against excluded strings, null, …) is "anything but".
  if (typeof argument === "string") return (value) => value !== argument;
  if (typeof argument === "number") {
    const excluded = numericKey(argument);
    if (excluded === undefined) return refuse(problems, `${at}: ${outOfRangeMessage(argument)}`);
    return (value) => numericKeyOfLeaf(value) !== excluded;
  }
  if (Array.isArray(argument)) return compileAnythingButList(argument, at, problems);
  if (isPlainObject(argument)) return compileAnythingButOperator(argument, at, problems);
  return refuse(
    problems,
    `${at}: must be a string, a number, a list, or a prefix/suffix/equals-ignore-case/wildcard`,
  );
}

function compileAnythingButList(
  list: readonly unknown[],
  at: string,
  problems: string[],
): LeafMatcher | undefined {
  if (list.length === 0) return refuse(problems, `${at}: the list must not be empty`);
  if (list.every((item) => typeof item === "string")) {
    const excluded = new Set<string>(list);
    return (value) => typeof value !== "string" || !excluded.has(value);
  }
  if (list.every((item) => typeof item === "number")) {
    const excluded = new Set<bigint>();
    for (const item of list) {
      const key = numericKey(item);
      if (key === undefined) return refuse(problems, `${at}: ${outOfRangeMessage(item)}`);
      excluded.add(key);
    }
    return (value) => {
      const key = numericKeyOfLeaf(value);
      return key === undefined || !excluded.has(key);
    };
  }
  return refuse(problems, `${at}: the list must hold only strings or only numbers`);
}

function compileAnythingButOperator(
  argument: Record<string, unknown>,
  at: string,
  problems: string[],
): LeafMatcher | undefined {
  const keys = Object.keys(argument);
  const [operator] = keys;
  if (operator === undefined || keys.length !== 1) {
    return refuse(problems, `${at}: must hold exactly one of prefix, suffix, equals-ignore-case, wildcard`);
  }
  const excludes = compileExclusion(operator, argument[operator], `${at}.${operator}`, problems);
  return excludes === undefined ? undefined : (value) => typeof value !== "string" || !excludes(value);
}

/** The strings an `anything-but: { operator: text or texts }` excludes. */
function compileExclusion(
  operator: string,
  argument: unknown,
  at: string,
  problems: string[],
): ((value: string) => boolean) | undefined {
  const isAffix = operator === "prefix" || operator === "suffix";
  if (!isAffix && operator !== "equals-ignore-case" && operator !== "wildcard") {
    return refuse(problems, `${at}: unsupported anything-but operator "${operator}"`);
  }
  const texts = typeof argument === "string" ? [argument] : argument;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === "string")) {
    return refuse(problems, `${at}: must be a string or a non-empty list of strings`);
  }
  if (isAffix) {
    if (texts.includes("")) return refuse(problems, `${at}: an empty ${operator} is not allowed`);
    const affixMatches = operator === "prefix" ? startsWithCaseSensitive : endsWithCaseSensitive;
    return (value) => texts.some((text) => affixMatches(value, text));
  }
  if (operator === "equals-ignore-case") {
    return (value) => texts.some((text) => equalsIgnoringCase(value, text));
  }
  const globs: Glob[] = [];
  for (const text of texts) {
    const glob = parseWildcard(text, at, problems);
    if (glob === undefined) return undefined;
    globs.push(glob);
  }
  return (value) => globs.some((glob) => wildcardMatches(glob, value));
}

const NUMERIC_OPERATORS = new Set(["=", "<", "<=", ">", ">="]);

function compileNumeric(argument: unknown, at: string, problems: string[]): LeafMatcher | undefined {
  if (!Array.isArray(argument) || argument.length === 0) {
    return refuse(problems, `${at}: must be a non-empty array such as [">", 0, "<=", 5]`);
  }
  const [firstOperator, firstOperand, secondOperator, secondOperand, ...extra] = argument;
  if (typeof firstOperator !== "string" || !NUMERIC_OPERATORS.has(firstOperator)) {
    return refuse(problems, `${at}: unrecognised numeric operator ${JSON.stringify(firstOperator)}`);
  }
  const first = numericOperand(firstOperand, firstOperator, at, problems);
  if (first === undefined) return undefined;
  const lowerBoundFirst = firstOperator === ">" || firstOperator === ">=";
  if (secondOperator === undefined && argument.length === 2) {
    return (value) => {
      const key = numericKeyOfLeaf(value);
      return key !== undefined && compareKeys(key, firstOperator, first);
    };
  }
  // Only a lower bound may be followed by an upper bound, and nothing may follow that.
  if (!lowerBoundFirst) return refuse(problems, `${at}: "${firstOperator}" must be the only comparison`);
  if (typeof secondOperator !== "string" || (secondOperator !== "<" && secondOperator !== "<=")) {
    return refuse(
      problems,
      `${at}: a range must close with "<" or "<=", found ${JSON.stringify(secondOperator)}`,
    );
  }
  const second = numericOperand(secondOperand, secondOperator, at, problems);
  if (second === undefined) return undefined;
  if (extra.length > 0 || argument.length !== 4) {
    return refuse(problems, `${at}: too many terms in the numeric range`);
  }
  if (first >= second) return refuse(problems, `${at}: the bottom of the range must be less than its top`);
  return (value) => {
    const key = numericKeyOfLeaf(value);
    return (
      key !== undefined && compareKeys(key, firstOperator, first) && compareKeys(key, secondOperator, second)
    );
  };
}

function numericOperand(
  operand: unknown,
  operator: string,
  at: string,
  problems: string[],
): bigint | undefined {
  if (typeof operand !== "number") {
    return refuse(problems, `${at}: the value of "${operator}" must be a number`);
  }
  const key = numericKey(operand);
  if (key === undefined) return refuse(problems, `${at}: ${outOfRangeMessage(operand)}`);
  return key;
}

function compareKeys(key: bigint, operator: string, operand: bigint): boolean {
  switch (operator) {
    case "=":
      return key === operand;
    case "<":
      return key < operand;
    case "<=":
      return key <= operand;
    case ">":
      return key > operand;
    default:
      return key >= operand;
  }
}

function compileCidr(argument: unknown, at: string, problems: string[]): LeafMatcher | undefined {
  if (typeof argument !== "string") return refuse(problems, `${at}: must be a string such as "10.0.0.0/24"`);
  const parts = argument.split("/");
  const [addressText, maskText] = parts;
  if (parts.length !== 2 || addressText === undefined || maskText === undefined) {
    return refuse(problems, `${at}: malformed CIDR, exactly one "/" is required`);
  }
  if (!/^\d+$/.test(maskText)) return refuse(problems, `${at}: malformed CIDR, mask bits must be an integer`);
  const address = parseIpAddress(addressText);
  if (address === undefined) {
    return refuse(problems, `${at}: "${addressText}" is not an IPv4 or IPv6 address`);
  }
  const maskBits = Number(maskText);
  // event-ruler refuses a whole-address mask (/32, /128): such a "range" is written as a plain value.
  if (maskBits >= address.bits) {
    return refuse(problems, `${at}: IPv${address.bits === 32 ? 4 : 6} mask bits must be < ${address.bits}`);
  }
  const hostBits = BigInt(address.bits - maskBits);
  const lowest = (address.value >> hostBits) << hostBits;
  const highest = lowest | ((1n << hostBits) - 1n);
  return (value) => {
    if (typeof value !== "string") return false;
    const candidate = parseIpAddress(value);
    return (
      candidate !== undefined &&
      candidate.bits === address.bits &&
      candidate.value >= lowest &&
      candidate.value <= highest
    );
  };
}

function exactStringMatcher(expected: string): LeafMatcher {
  // event-ruler compiles an IP-address literal to an address match, so "2001:db8::1" also matches
  // "2001:DB8:0:0:0:0:0:1"; every other string is compared character by character.
  const address = parseIpAddress(expected);
  if (address === undefined) return (value) => value === expected;
  return (value) => {
    if (value === expected) return true;
    if (typeof value !== "string") return false;
    const candidate = parseIpAddress(value);
    return candidate !== undefined && candidate.bits === address.bits && candidate.value === address.value;
  };
}

function exactNumberMatcher(expected: number): LeafMatcher {
  // A number in a value list matches numerically when it is in numeric range (so 300 = 300.0),
  // and by equality otherwise (an account ID written as a number, say). Strings never match it.
  const expectedKey = numericKey(expected);
  return (value) =>
    typeof value === "number" &&
    (value === expected || (expectedKey !== undefined && numericKey(value) === expectedKey));
}

function refuse(problems: string[], problem: string): undefined {
  problems.push(problem);
  return undefined;
}

function outOfRangeMessage(value: number): string {
  return `${value} is outside the numeric range -5e9..5e9`;
}

function describePath(path: readonly string[]): string {
  return path.length === 0 ? "(pattern)" : path.join(".");
}

// ---------------------------------------------------------------------------------------------
// Numbers: compared as whole millionths, the six-decimal precision the documentation promises.

/** `floor(value × 10⁶)` computed exactly from the number's decimal form, or undefined outside ±5e9. */
function numericKey(value: number): bigint | undefined {
  if (!Number.isFinite(value) || Math.abs(value) > NUMERIC_LIMIT) return undefined;
  const decimal = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (decimal === null) return undefined;
  const [, sign = "", integerDigits = "0", fractionDigits = "", exponentText = "0"] = decimal;
  const digits = BigInt(integerDigits + fractionDigits);
  const shift = 6 - fractionDigits.length + Number(exponentText);
  if (shift >= 0) {
    const scaled = digits * 10n ** BigInt(shift);
    return sign === "-" ? -scaled : scaled;
  }
  // More than six decimals: floor, as event-ruler's fixed-point encoding does.
  const divisor = 10n ** BigInt(-shift);
  const quotient = digits / divisor;
  if (sign !== "-") return quotient;
  return digits % divisor === 0n ? -quotient : -quotient - 1n;
}

function numericKeyOfLeaf(value: LeafValue): bigint | undefined {
  return typeof value === "number" ? numericKey(value) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Strings

function startsWithCaseSensitive(value: string, prefix: string): boolean {
  return value.startsWith(prefix);
}

function endsWithCaseSensitive(value: string, suffix: string): boolean {
  return value.endsWith(suffix);
}

function startsWithIgnoringCase(value: string, prefix: string): boolean {
  const valueCharacters = Array.from(value);
  const prefixCharacters = Array.from(prefix);
  if (prefixCharacters.length > valueCharacters.length) return false;
  return sameCharactersIgnoringCase(valueCharacters.slice(0, prefixCharacters.length), prefixCharacters);
}

function endsWithIgnoringCase(value: string, suffix: string): boolean {
  const valueCharacters = Array.from(value);
  const suffixCharacters = Array.from(suffix);
  if (suffixCharacters.length > valueCharacters.length) return false;
  return sameCharactersIgnoringCase(
    valueCharacters.slice(valueCharacters.length - suffixCharacters.length),
    suffixCharacters,
  );
}

function equalsIgnoringCase(value: string, expected: string): boolean {
  const valueCharacters = Array.from(value);
  const expectedCharacters = Array.from(expected);
  return (
    valueCharacters.length === expectedCharacters.length &&
    sameCharactersIgnoringCase(valueCharacters, expectedCharacters)
  );
}

/** Character-by-character case folding, as event-ruler does (each character against its lower and upper case). */
function sameCharactersIgnoringCase(left: readonly string[], right: readonly string[]): boolean {
  return left.every((character, index) => {
    const other = right[index];
    return (
      other !== undefined &&
      (character === other ||
        character.toLowerCase() === other.toLowerCase() ||
        character.toUpperCase() === other.toUpperCase())
    );
  });
}

/** A wildcard pattern split at its unescaped `*`: the value must be the literals in order, anything between. */
type Glob = readonly string[];

function parseWildcard(argument: unknown, at: string, problems: string[]): Glob | undefined {
  if (typeof argument !== "string") return refuse(problems, `${at}: must be a string`);
  const literals: string[] = [];
  let current = "";
  for (let index = 0; index < argument.length; index++) {
    const character = argument[index];
    if (character === "*") {
      if (argument[index + 1] === "*") {
        return refuse(problems, `${at}: consecutive wildcard characters at ${index}`);
      }
      literals.push(current);
      current = "";
    } else if (character === "\\") {
      const escaped = argument[index + 1];
      // Only "\*" (a literal asterisk) and "\\" (a literal backslash) are escapes.
      if (escaped !== "*" && escaped !== "\\") {
        return refuse(problems, `${at}: invalid escape character at ${index}`);
      }
      current += escaped;
      index++;
    } else {
      current += character;
    }
  }
  literals.push(current);
  return literals;
}

/** Greedy glob matching: linear in practice and without the backtracking blow-ups of a regular expression. */
function wildcardMatches(glob: Glob, value: string): boolean {
  const [first = "", ...rest] = glob;
  if (rest.length === 0) return value === first;
  const last = rest[rest.length - 1] ?? "";
  if (!value.startsWith(first)) return false;
  if (value.length - first.length < last.length || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (const literal of rest.slice(0, -1)) {
    const found = value.indexOf(literal, position);
    if (found === -1 || found + literal.length > end) return false;
    position = found + literal.length;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// IP addresses (the textual forms event-ruler accepts: dotted quads and colon-hex IPv6)

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

function parseIpAddress(text: string): IpAddress | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
    let value = 0n;
    for (const octet of text.split(".")) {
      const number = Number(octet);
      if (number > 255) return undefined;
      value = (value << 8n) | BigInt(number);
    }
    return { bits: 32, value };
  }
  if (!/^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const [head = "", tail] = halves;
  const groupsOf = (part: string): string[] => (part === "" ? [] : part.split(":"));
  const headGroups = groupsOf(head);
  const tailGroups = tail === undefined ? [] : groupsOf(tail);
  const present = headGroups.length + tailGroups.length;
  if (tail === undefined ? present !== 8 : present > 7) return undefined;
  const groups = [...headGroups, ...Array<string>(8 - present).fill("0"), ...tailGroups];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return { bits: 128, value };
}

// ---------------------------------------------------------------------------------------------
// Flattening the event and matching

/**
 * Collects the event's leaves at the paths the pattern names, each with its array positions.
 * Iterative (deeply nested events cannot overflow the stack) and safe against cyclic objects.
 */
function flattenEvent(
  event: Record<string, unknown>,
  branches: readonly Branch[],
): Map<string, EventField[]> {
  const wantedPaths = new Set<string>();
  const wantedPrefixes = new Set<string>();
  for (const branch of branches) {
    for (const { path } of branch) {
      wantedPaths.add(path);
      // With dot-joined names, a subtree can only hold a wanted field if its path is a dot-prefix of it.
      for (let dot = path.indexOf("."); dot !== -1; dot = path.indexOf(".", dot + 1)) {
        wantedPrefixes.add(path.slice(0, dot));
      }
      wantedPrefixes.add(path);
    }
  }

  type Step =
    | { kind: "visit"; node: unknown; path: string | undefined; positions: ArrayPosition | undefined }
    | { kind: "leave"; container: object };
  const fieldsByPath = new Map<string, EventField[]>();
  const onCurrentPath = new Set<object>();
  const steps: Step[] = [{ kind: "visit", node: event, path: undefined, positions: undefined }];
  let nextArrayId = 0;

  for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
    if (step.kind === "leave") {
      onCurrentPath.delete(step.container);
      continue;
    }
    const { node, path, positions } = step;
    if (node === null || typeof node === "string" || typeof node === "number" || typeof node === "boolean") {
      if (path !== undefined && wantedPaths.has(path)) {
        const fields = fieldsByPath.get(path) ?? [];
        fields.push({ value: node, positions });
        fieldsByPath.set(path, fields);
      }
      continue;
    }
    if (typeof node !== "object" || onCurrentPath.has(node)) continue; // undefined, functions, cycles
    onCurrentPath.add(node);
    steps.push({ kind: "leave", container: node });
    if (Array.isArray(node)) {
      const arrayId = nextArrayId++;
      for (let index = node.length - 1; index >= 0; index--) {
        steps.push({
          kind: "visit",
          node: node[index],
          path,
          positions: { arrayId, index, outer: positions },
        });
      }
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = path === undefined ? key : `${path}.${key}`;
      if (wantedPrefixes.has(childPath)) {
        steps.push({ kind: "visit", node: child, path: childPath, positions });
      }
    }
  }
  return fieldsByPath;
}

/**
 * Searches for an array-consistent choice of one event field per condition, taking the conditions
 * in path order as event-ruler's state machine does. A condition met by absence needs no field of
 * its path in the array elements chosen so far (by the conditions whose paths sort before it).
 */
function branchMatches(branch: Branch, fieldsByPath: ReadonlyMap<string, readonly EventField[]>): boolean {
  const chooseFrom = (conditionIndex: number, chosen: ReadonlyMap<number, number>): boolean => {
    const condition = branch[conditionIndex];
    if (condition === undefined) return true;
    const fields = fieldsByPath.get(condition.path) ?? [];
    for (const field of fields) {
      if (!isConsistent(chosen, field.positions)) continue;
      if (!condition.matchers.some((matches) => matches(field.value))) continue;
      if (chooseFrom(conditionIndex + 1, withPositions(chosen, field.positions))) return true;
    }
    const absent = fields.every((field) => !isConsistent(chosen, field.positions));
    return condition.matchesWhenAbsent && absent && chooseFrom(conditionIndex + 1, chosen);
  };
  return chooseFrom(0, new Map());
}

function isConsistent(chosen: ReadonlyMap<number, number>, positions: ArrayPosition | undefined): boolean {
  for (let position = positions; position !== undefined; position = position.outer) {
    const chosenIndex = chosen.get(position.arrayId);
    if (chosenIndex !== undefined && chosenIndex !== position.index) return false;
  }
  return true;
}

function withPositions(
  chosen: ReadonlyMap<number, number>,
  positions: ArrayPosition | undefined,
): Map<number, number> {
  const extended = new Map(chosen);
  for (let position = positions; position !== undefined; position = position.outer) {
    extended.set(position.arrayId, position.index);
  }
  return extended;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
