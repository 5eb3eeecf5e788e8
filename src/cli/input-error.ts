/** Unreadable or invalid input: exit 1 with the message. */
export class InputError extends Error {}
