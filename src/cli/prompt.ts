/**
 * Confirmation before anything that can move the VIP or take a controller down. Asked only on a
 * terminal: a script must say --yes, so that nothing ever waits on a prompt nobody sees.
 */
import { createInterface } from 'node:readline/promises';
import { InterruptedError, NotConfirmedError } from './errors.js';
import type { Output } from './output.js';

export interface Confirmer {
  /** Resolves when the operator agreed (or --yes was given); throws NotConfirmedError otherwise. */
  confirm(question: string, lines?: readonly string[]): Promise<void>;
}

export interface ConfirmerOptions {
  yes: boolean;
  out: Output;
  input?: NodeJS.ReadStream;
  /** What to tell a script that did not pass --yes. */
  command: string;
}

export function createConfirmer(options: ConfirmerOptions): Confirmer {
  const input = options.input ?? process.stdin;
  return {
    async confirm(question, lines = []) {
      const { out } = options;
      for (const line of lines) out.info(line);
      if (options.yes) return;
      if (!input.isTTY) {
        throw new NotConfirmedError(
          `${question} Not asked: stdin is not a terminal.`,
          `Add --yes to confirm from a script: truenas-failover ${options.command} --yes`,
        );
      }
      const answer = await ask(`${out.styleErr.bold(question)} [y/N] `, input);
      if (!/^y(es)?$/i.test(answer.trim())) throw new NotConfirmedError('Cancelled; nothing was changed.');
    },
  };
}

async function ask(prompt: string, input: NodeJS.ReadStream): Promise<string> {
  const rl = createInterface({ input, output: process.stderr, terminal: true });
  const cancel = new AbortController();
  let interrupted = false;
  rl.once('SIGINT', () => {
    interrupted = true;
    cancel.abort();
  });
  // End of input (Ctrl-D) answers nothing, which is not a yes.
  rl.once('close', () => cancel.abort());
  try {
    return await rl.question(prompt, { signal: cancel.signal });
  } catch (error) {
    if (!cancel.signal.aborted) throw error;
    if (!interrupted) return '';
    process.stderr.write('\n');
    throw new InterruptedError('Cancelled at the prompt; nothing was changed.');
  } finally {
    rl.close();
  }
}
