import type { FieldError } from "../../domain/field-error.ts";

/** Field errors listed in one answer at most (see `ErrorList`). */
export const MAX_FIELD_ERRORS = 1000;

/**
 * The field errors of a request, at most {@link MAX_FIELD_ERRORS}: beyond that the list ends with one
 * `errors.truncated` entry, so that a pathological body (say, thousands of unknown fields) cannot
 * make an error response larger than the request or than a Lambda response may be.
 */
export class ErrorList {
  private readonly errors: FieldError[] = [];
  private truncated = false;

  get length(): number {
    return this.errors.length;
  }

  get full(): boolean {
    return this.truncated;
  }

  add(errors: readonly FieldError[]): void {
    for (const error of errors) {
      if (this.errors.length >= MAX_FIELD_ERRORS) {
        this.truncated = true;
        return;
      }
      this.errors.push(error);
    }
  }

  list(): FieldError[] {
    if (!this.truncated) return this.errors;
    return [
      ...this.errors,
      {
        path: "",
        code: "errors.truncated",
        message: `More than ${MAX_FIELD_ERRORS} problems: the first ${MAX_FIELD_ERRORS} are listed; fix them and send again.`,
      },
    ];
  }
}
