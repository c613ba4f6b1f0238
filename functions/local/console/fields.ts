// Reading a console API body at the edge: known fields only, each of the expected type, with a
// message naming the field. What the fields mean (ID rules, lifetimes) the token core checks.
export class FieldError extends Error {}

export class Fields {
  constructor(
    private readonly body: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    const unknown = Object.keys(body).find((name) => !allowed.includes(name));
    if (unknown !== undefined) throw new FieldError(`unknown field "${unknown}"`);
  }

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  string(name: string, maxLength: number): string {
    const value = this.body[name];
    if (typeof value !== 'string') throw new FieldError(`${name} must be a string`);
    if (value.length > maxLength) throw new FieldError(`${name} is over ${maxLength} characters`);
    return value;
  }

  optionalString(name: string, maxLength: number): string | undefined {
    return this.has(name) ? this.string(name, maxLength) : undefined;
  }

  integer(name: string): number {
    const value = this.body[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new FieldError(`${name} must be a whole number`);
    }
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const value = this.body[name];
    if (typeof value !== 'boolean') throw new FieldError(`${name} must be true or false`);
    return value;
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    if (!this.has(name)) return fallback;
    const value = this.body[name];
    if (!choices.includes(value as T)) {
      throw new FieldError(`${name} must be one of ${choices.map((c) => `"${c}"`).join(', ')}`);
    }
    return value as T;
  }

  stringList(name: string, maxItems: number, maxLength: number): string[] | undefined {
    if (!this.has(name)) return undefined;
    const value = this.body[name];
    if (!Array.isArray(value) || value.length > maxItems) {
      throw new FieldError(`${name} must be a list of at most ${maxItems} strings`);
    }
    return value.map((item, index) => {
      if (typeof item !== 'string' || item.length > maxLength) {
        throw new FieldError(
          `${name}[${index}] must be a string of at most ${maxLength} characters`,
        );
      }
      return item;
    });
  }

  /** Which ServerSecret to use: this stack's, or one given in the body (never kept). */
  secret(stackSecret: string): string {
    const source = this.oneOf('secretSource', ['stack', 'given'] as const, 'given');
    if (source === 'stack') {
      if (this.has('secret')) throw new FieldError('secret is given with secretSource "stack"');
      return stackSecret;
    }
    if (!this.has('secret')) throw new FieldError('enter the ServerSecret');
    return this.string('secret', 256);
  }
}
