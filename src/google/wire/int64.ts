/** An int64 travelling as a decimal string, as Google's JSON encoding requires (proto3 JSON mapping). */
export type Int64String = string;
