/** A database that fails mid-write, as a dropped connection would. */
import type { Database, Transaction } from '../../src/db/database';

/**
 * A database whose `failOn`-th bulk load (insertRows or copyCsv), counted
 * across transactions, throws after the engine took its rows.
 */
export function failingOnLoad(db: Database, failOn: number): Database {
  let calls = 0;
  const wrapTx = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'insertRows' || prop === 'copyCsv') {
          const load = target[prop] as (...args: unknown[]) => Promise<number>;
          return async (...args: unknown[]) => {
            calls += 1;
            // The rows reach the engine first, as they would before a
            // connection drops while the load is acknowledged.
            const written = await load.apply(target, args);
            if (calls === failOn) throw new Error('connection terminated');
            return written;
          };
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return <T>(fn: (tx: Transaction) => Promise<T>) =>
          target.transaction((tx) => fn(wrapTx(tx)));
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
