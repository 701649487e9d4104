// A query Chef Server would refuse with a 400. The message says where, 1-based.
export class QuerySyntaxError extends Error {}
