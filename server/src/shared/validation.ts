import { MaxLength } from 'class-validator';

/** Input-shape limit with an Indonesian message (class-validator's own are English). */
export const MaxLen = (n: number) => MaxLength(n, { message: `Maksimal ${n} karakter.` });
