import { createHash } from "node:crypto";

/** A seeded generator (sfc32): the same seed and key give the same numbers on every machine. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for one key (a contact, a decision): independent of how many other streams ran before. */
  static for(seed: number, ...key: Array<string | number>): Random {
    const digest = createHash("sha256")
      .update(`${seed}\u0000${key.join("\u0000")}`)
      .digest();
    return new Random(
      digest.readUInt32LE(0),
      digest.readUInt32LE(4),
      digest.readUInt32LE(8),
      digest.readUInt32LE(12),
    );
  }

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An item by weight. */
  weighted<T>(items: ReadonlyArray<{ weight: number; value: T }>): T {
    const total = items.reduce((sum, i) => sum + i.weight, 0);
    let point = this.next() * total;
    for (const item of items) {
      point -= item.weight;
      if (point < 0) return item.value;
    }
    return items.at(-1)!.value;
  }
}
