/** Retained heap, measured after full collections (the benchmark process exposes V8's gc() to itself). */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** MB of heap in use after two full collections: memory that is really retained. */
export function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
