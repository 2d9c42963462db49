// What every typed builder shares (ops.ts, instrument_ops.ts): the argument type and the check against the
// op's row (op_table.ts) before the JSON form is returned.
import {checkOp} from './op_table.js';

// A builder's argument: the op's fields; an optional one may also be given as undefined (left out).
export type Loose<T> = {
    [K in keyof T]: T[K]|(undefined extends T[K] ? undefined : never)
};
export type Fields<T> = T extends unknown ? Loose<Omit<T, 'op'>>: never;

export function build<T extends {op: string}>(op: Record<string, unknown>): T {
    // Optional fields left undefined are dropped, so the JSON holds only what the caller set.
    const out = Object.fromEntries(Object.entries(op).filter(([, v]) => v !== undefined)) as T;
    checkOp(out);
    return out;
}

export function millis(t: number|Date): number { return t instanceof Date ? t.getTime() : t; }
