/** Progress of long work: a bar on a terminal, a plain line every 10% elsewhere (CI logs). */
export interface Progress {
  update(done: number): void;
  done(summary: string): void;
}

export function progress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const tty = stream.isTTY && !process.env.CI;
  let lastDecile = -1;
  const started = performance.now();
  return {
    update(done) {
      const fraction = total === 0 ? 1 : done / total;
      if (tty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label}: ${done}/${total} (${decile * 10}%)\n`);
        }
      }
    },
    done(summary) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`${tty ? "\r\u001b[K" : ""}${label}: ${summary} in ${seconds} s\n`);
    },
  };
}
