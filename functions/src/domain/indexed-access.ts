// Reading an element the code knows is there: a bug, loudly, if it is not — instead of a cast that hides it.

/**
 * `array[index]` for an index the algorithm guarantees to be in range (a loop bound, a position found
 * earlier), or `map.get(key)` for a key it put there. `noUncheckedIndexedAccess` types every such read as
 * possibly undefined; this says «it is there» and checks it, where `as number` would only silence the compiler
 * and let a hole become NaN downstream. Throws a RangeError (a bug, never a user's error) when the element is
 * missing. O(1).
 * @example at([10, 20, 30], 1) → 20; at([10], 3) throws; at(new Map([["a", 1]]), "a") → 1
 */
export function at<T>(array: ArrayLike<T>, index: number): T;
export function at<K, V>(map: ReadonlyMap<K, V>, key: K): V;
export function at<T>(collection: ArrayLike<T> | ReadonlyMap<unknown, T>, key: unknown): T {
  const value = collection instanceof Map ? collection.get(key) : (collection as ArrayLike<T>)[key as number];
  if (value === undefined) throw new RangeError(`bug: no element ${String(key)} where the code put one`);
  return value;
}

/** The typed arrays of the numeric kernels (index matrices, ranks, the assignment). */
export type NumberArray = Float64Array | Int32Array | Uint8Array;

/**
 * `at` for the typed arrays of the numeric kernels, run millions of times on a region. A separate function on
 * purpose: V8 keeps one inline cache per function, and `at` sees a dozen kinds of array across the core, so its
 * element read is megamorphic; this one sees three and stays as fast as a plain read (measured: the composite
 * index took ~9% longer through `at`). Same contract: throws a RangeError when `index` is out of range.
 * @example numberAt(new Float64Array([0.5, 2]), 1) → 2
 */
export function numberAt(array: NumberArray, index: number): number {
  const value = array[index];
  if (value === undefined) throw new RangeError(`bug: no element ${index} in an array of ${array.length}`);
  return value;
}
