/**
 * One timer for the deadlines of every pending call, instead of a `setTimeout` per call: a min-heap
 * of deadlines with one timer armed for the earliest. A settled call is only marked; the heap drops
 * such entries when they reach the top, and is rebuilt when they outnumber the live ones, so that
 * its size stays within twice the calls pending. With nothing pending the armed timer is kept but
 * unreferenced (it no longer keeps the process alive, and fires to nothing), so that a client
 * making one call after another does not clear and set a timer for each; where timers cannot be
 * unreferenced (browsers) it is cleared.
 */
export interface Deadline {
  /** `performance.now()` value at which `expire` is called, unless `done` by then. */
  readonly at: number;
  /** True once the call settled (then `expire` is never called). */
  readonly done: boolean;
  expire(): void;
}

/** A timer handle; Node's can be unreferenced, a browser's is a number. */
type Timer = ReturnType<typeof setTimeout> & { ref?(): unknown; unref?(): unknown };

export class Deadlines {
  private heap: Deadline[] = [];
  private live = 0;
  private timer: Timer | undefined;
  private armedAt = Number.POSITIVE_INFINITY;

  /** Watches `d` until it is done or its time comes. */
  add(d: Deadline): void {
    this.live++;
    push(this.heap, d);
    if (d.at < this.armedAt) this.arm(d.at);
    else if (this.live === 1) this.timer?.ref?.();
  }

  /** A watched deadline is done (its call settled). */
  settled(): void {
    this.live--;
    if (this.live === 0) {
      this.heap = [];
      if (this.timer?.unref) this.timer.unref();
      else this.disarm();
    } else if (this.heap.length > 64 && this.heap.length > 2 * this.live) {
      this.heap = rebuild(this.heap.filter((d) => !d.done));
    }
  }

  private arm(at: number): void {
    this.disarm();
    this.armedAt = at;
    // setTimeout takes at most 2^31 - 1 ms; a later deadline is armed again when that passes.
    this.timer = setTimeout(() => this.fire(), Math.min(2 ** 31 - 1, Math.max(0, Math.ceil(at - performance.now())))) as Timer;
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const due: Deadline[] = [];
    while (this.heap.length > 0 && (this.heap[0]!.done || this.heap[0]!.at <= now)) {
      const d = pop(this.heap)!;
      if (!d.done) due.push(d);
    }
    // `expire` settles the call, which calls `settled()`; the next deadline is armed first.
    if (this.heap.length > 0) this.arm(this.heap[0]!.at);
    for (const d of due) if (!d.done) d.expire();
  }
}

function push(heap: Deadline[], d: Deadline): void {
  heap.push(d);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.at <= d.at) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = d;
}

function pop(heap: Deadline[]): Deadline | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) siftDown(heap, 0, last);
  return top;
}

function siftDown(heap: Deadline[], start: number, d: Deadline): void {
  let i = start;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= heap.length) break;
    if (child + 1 < heap.length && heap[child + 1]!.at < heap[child]!.at) child++;
    if (heap[child]!.at >= d.at) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = d;
}

function rebuild(list: Deadline[]): Deadline[] {
  for (let i = (list.length >> 1) - 1; i >= 0; i--) siftDown(list, i, list[i]!);
  return list;
}
