/**
 * Shows a `client.ha` workflow as the CLI's progress: a heading per phase, then a bar (terminal)
 * or plain lines (pipes) for what happens within it, and warnings above the bar.
 */
import type { Workflow } from '../../ha/workflow.js';
import type { Output } from '../output.js';
import type { Progress } from '../progress.js';

export interface ShowOptions {
  /** Renumbering when a command chains workflows: phases of this one start at `first` of `total`. */
  numbering?: { first: number; total: number };
  /** Phase ids not worth a heading of their own (their lines still show). */
  quiet?: readonly string[];
}

/** Follows `workflow` into `progress`; returns a function that stops following. */
export function showWorkflow(workflow: Workflow<unknown>, progress: Progress, out: Output, options: ShowOptions = {}): () => void {
  return workflow.on('progress', (u) => {
    if (u.type === 'phase' && u.phase) {
      if (options.quiet?.includes(u.phase.id)) return;
      const index = options.numbering ? options.numbering.first + u.phase.index - 1 : u.phase.index;
      const total = options.numbering?.total ?? u.phase.total;
      progress.phase(index, total, u.phase.title);
    } else if (u.type === 'progress') progress.update(u.percent, u.description);
    else if (u.type === 'warning') progress.note(`  ${out.styleErr.yellow('warning:')} ${u.description}`);
  });
}
