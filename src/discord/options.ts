/**
 * Reading a slash command's options as untrusted input. discord.js's getString/getInteger throw when an
 * option arrives with another type than the command declared, and hand back whatever value the payload
 * holds (a number for a "string" option); either ended in "something went wrong". Here every option is
 * read as text, and the command's own input check gives its usual clear message for anything odd.
 */

interface WithOptions {
  options: { get(name: string): { value?: unknown } | null };
}

/** The option's value as text: a string as sent, a number or boolean as written, anything else (or none) ''. */
export function optionText(interaction: WithOptions, name: string): string {
  const value = interaction.options.get(name)?.value;
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return '';
}
