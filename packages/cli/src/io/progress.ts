// Private: a progress bar on stderr, drawn only when stderr is a terminal, at most ten times a second.

export interface Progress {
  readonly advance: (bytes: number) => void;
  readonly done: () => void;
}

const WIDTH = 30;

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY !== true) return { advance: () => undefined, done: () => undefined };
  let read = 0;
  let drawnAt = 0;
  const draw = (): void => {
    const share = total === 0 ? 1 : Math.min(1, read / total);
    const filled = Math.round(share * WIDTH);
    stream.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)} % ${mb(read)}/${mb(total)} MB`,
    );
  };
  return {
    advance: (bytes) => {
      read += bytes;
      const now = Date.now();
      if (now - drawnAt >= 100) {
        drawnAt = now;
        draw();
      }
    },
    done: () => {
      draw();
      stream.write('\n');
    },
  };
}
