/**
 * Builds DynamoDB expressions with placeholders for every name and value (many record fields,
 * `status`, `name`, `source`, `at`, are reserved words).
 */

export interface ExpressionParams {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export class Expressions {
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, unknown> = {};
  private valueCount = 0;

  /** Placeholder of an attribute path; dots separate the names of nested attributes. */
  name(path: string): string {
    return path
      .split(".")
      .map((part) => this.placeholder(part))
      .join(".");
  }

  /** Placeholder of the entry `key` of map attribute `map`, whatever characters the key has. */
  entry(map: string, key: string): string {
    return `${this.name(map)}.${this.placeholder(key)}`;
  }

  /** Placeholder of one top-level attribute, whatever characters its name has (dots included). */
  attribute(name: string): string {
    return this.placeholder(name);
  }

  private placeholder(part: string): string {
    let placeholder = this.names.get(part);
    if (placeholder === undefined) {
      placeholder = `#n${this.names.size}`;
      this.names.set(part, placeholder);
    }
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** An UpdateExpression that sets, removes and adds to the given top-level attributes. */
  update(
    set: Record<string, unknown>,
    remove: readonly string[] = [],
    add: Record<string, number> = {},
  ): string {
    const clauses: string[] = [];
    const sets = Object.entries(set).map(([field, value]) => `${this.name(field)} = ${this.value(value)}`);
    if (sets.length > 0) clauses.push(`SET ${sets.join(", ")}`);
    if (remove.length > 0) clauses.push(`REMOVE ${remove.map((field) => this.name(field)).join(", ")}`);
    const adds = Object.entries(add).map(([field, value]) => `${this.name(field)} ${this.value(value)}`);
    if (adds.length > 0) clauses.push(`ADD ${adds.join(", ")}`);
    return clauses.join(" ");
  }

  /** `path IN (…)` for a non-empty list of values. */
  oneOf(path: string, values: readonly unknown[]): string {
    return `${this.name(path)} IN (${values.map((v) => this.value(v)).join(", ")})`;
  }

  equals(path: string, value: unknown): string {
    return `${this.name(path)} = ${this.value(value)}`;
  }

  exists(path: string): string {
    return `attribute_exists(${this.name(path)})`;
  }

  notExists(path: string): string {
    return `attribute_not_exists(${this.name(path)})`;
  }

  /** The placeholder maps, leaving out empty ones (DynamoDB rejects them). */
  params(): ExpressionParams {
    const params: ExpressionParams = {};
    if (this.names.size > 0) {
      params.ExpressionAttributeNames = Object.fromEntries([...this.names].map(([name, p]) => [p, name]));
    }
    if (this.valueCount > 0) params.ExpressionAttributeValues = { ...this.values };
    return params;
  }
}
