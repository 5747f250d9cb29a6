// The shell prompts, in a module of their own so the page can use them
// without loading kubectl itself (that runs in the worker).
export const PROMPT = '$ ';
/** bash's PS2, shown while it reads the rest of a command (open quote, here-document). */
export const CONTINUATION_PROMPT = '> ';
