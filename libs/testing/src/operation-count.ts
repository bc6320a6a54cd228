/**
 * Counts the elementary work a synchronous function does on maps and arrays:
 * one per `Map` read or write, and one per element for every call that walks
 * a whole map or array (iteration, `filter`, `find`, `includes`, `indexOf`…).
 *
 * Unit tests use it to state an algorithm's cost without a clock: a test on
 * wall-clock time fails on a busy machine and passes a quadratic algorithm on a
 * fast one, while this count is the same on every machine. Timings belong in
 * `bench/`.
 */
export function countOperations(run: () => void): number {
  let count = 0;
  const restore: (() => void)[] = [];
  const patch = <T extends object>(prototype: T, name: PropertyKey, cost: (self: unknown) => number) => {
    const original = Reflect.get(prototype, name) as (...args: unknown[]) => unknown;
    const counted = function (this: unknown, ...args: unknown[]) {
      count += cost(this);
      return original.apply(this, args);
    };
    Object.defineProperty(prototype, name, { value: counted, configurable: true, writable: true });
    restore.push(() => Object.defineProperty(prototype, name, { value: original, configurable: true, writable: true }));
  };
  const size = (self: unknown) => (self instanceof Map || self instanceof Set ? self.size : 0);
  const length = (self: unknown) => (Array.isArray(self) ? self.length : 0);
  for (const prototype of [Map.prototype, Set.prototype]) {
    for (const name of ['get', 'has', 'set', 'add', 'delete']) if (name in prototype) patch(prototype, name, () => 1);
    for (const name of ['values', 'keys', 'entries', 'forEach', Symbol.iterator]) patch(prototype, name, size);
  }
  for (const name of [
    'filter',
    'map',
    'flatMap',
    'find',
    'findIndex',
    'some',
    'every',
    'includes',
    'indexOf',
    'forEach',
    'reduce',
    'sort',
    'join',
    'slice',
    'values',
    'entries',
    Symbol.iterator,
  ]) {
    patch(Array.prototype, name, length);
  }
  try {
    run();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return count;
}
