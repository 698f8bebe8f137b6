/**
 * Discord's message limits, and a check that a reply payload stays within them. Every payload the bot
 * sends is built to fit; `payloadProblems` is what the tests (and the fuzzers) hold it to.
 */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** A slash command's description, and each option's. */
  commandDescription: 100,
} as const;

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}

interface PayloadLike {
  content?: string;
  embeds?: EmbedLike[];
  components?: { components: { custom_id?: string; label?: string }[] }[];
  choices?: { name: string; value: string | number }[];
}

/** Every way a payload breaks Discord's limits; empty when it fits. */
export function payloadProblems(payload: PayloadLike): string[] {
  const problems: string[] = [];
  const over = (what: string, length: number, max: number) => {
    if (length > max) problems.push(`${what} is ${length} > ${max}`);
  };
  over('content', payload.content?.length ?? 0, LIMITS.content);
  over('embeds', payload.embeds?.length ?? 0, LIMITS.embedsPerMessage);
  let total = 0;
  for (const [i, e] of (payload.embeds ?? []).entries()) {
    over(`embed ${i} title`, e.title?.length ?? 0, LIMITS.embedTitle);
    over(`embed ${i} description`, e.description?.length ?? 0, LIMITS.embedDescription);
    over(`embed ${i} fields`, e.fields?.length ?? 0, LIMITS.embedFields);
    over(`embed ${i} footer`, e.footer?.text.length ?? 0, LIMITS.footerText);
    for (const [j, f] of (e.fields ?? []).entries()) {
      over(`embed ${i} field ${j} name`, f.name.length, LIMITS.fieldName);
      over(`embed ${i} field ${j} value`, f.value.length, LIMITS.fieldValue);
      if (f.name.length === 0 || f.value.length === 0) problems.push(`embed ${i} field ${j} is empty`);
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    total += (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  over('embeds in total', total, LIMITS.embedTotal);
  over('action rows', payload.components?.length ?? 0, LIMITS.actionRows);
  for (const row of payload.components ?? []) {
    over('components in a row', row.components.length, LIMITS.componentsPerRow);
    for (const c of row.components) {
      over(`custom_id ${c.custom_id}`, c.custom_id?.length ?? 0, LIMITS.customId);
      over(`label ${c.label}`, c.label?.length ?? 0, LIMITS.buttonLabel);
    }
  }
  over('choices', payload.choices?.length ?? 0, LIMITS.choices);
  for (const c of payload.choices ?? []) {
    over(`choice name`, c.name.length, LIMITS.choiceName);
    over(`choice value`, String(c.value).length, LIMITS.choiceValue);
  }
  return problems;
}
