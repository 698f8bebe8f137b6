/**
 * Markdown as Discord reads it, for tests: simple-markdown (the parser Discord's own renderer derives from)
 * with its inline rules, and a check that finds what shows as stray asterisks or inverted bold — a "*"
 * left as text, an emphasis made of asterisks, bold spans that touch or nest.
 */
import SimpleMarkdown, { type SingleASTNode } from 'simple-markdown';

const rules = {
  ...SimpleMarkdown.defaultRules,
  // An escaped character is kept apart from plain text, so "\*" is not mistaken for a stray marker.
  escape: { ...SimpleMarkdown.defaultRules.escape, parse: (capture: string[]) => ({ type: 'escaped', content: capture[1] }) },
};
const parse = SimpleMarkdown.parserFor(rules as unknown as SimpleMarkdown.ParserRules);

/** The inline syntax tree of a string, as Discord would parse one line of a message. */
export function parseMarkdown(text: string): SingleASTNode[] {
  return parse(text, { inline: true });
}

/** Every way the markdown of `text` goes wrong around asterisks; empty when it is clean. */
export function markdownProblems(text: string): string[] {
  const problems: string[] = [];
  const walk = (nodes: SingleASTNode[], insideStrong: boolean) => {
    nodes.forEach((node, i) => {
      if (node.type === 'text' && String(node.content).includes('*')) problems.push(`stray "*" in ${JSON.stringify(String(node.content).slice(0, 60))}`);
      if (node.type === 'em') problems.push(`emphasis from stray markers around ${JSON.stringify(flat(node).slice(0, 60))}`);
      if (node.type === 'strong') {
        if (insideStrong) problems.push(`nested bold ${JSON.stringify(flat(node).slice(0, 60))}`);
        if (nodes[i - 1]?.type === 'strong') problems.push(`touching bold spans before ${JSON.stringify(flat(node).slice(0, 60))}`);
      }
      if (Array.isArray(node.content)) walk(node.content as SingleASTNode[], insideStrong || node.type === 'strong');
    });
  };
  walk(parseMarkdown(text), false);
  return problems;
}

function flat(node: SingleASTNode): string {
  return Array.isArray(node.content) ? (node.content as SingleASTNode[]).map(flat).join('') : String(node.content ?? '');
}

/** Every text of a Discord message payload that Discord renders as markdown. */
export function payloadTexts(payload: {
  content?: string;
  embeds?: Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } }>;
}): string[] {
  const texts: string[] = [];
  if (payload.content) texts.push(payload.content);
  for (const e of payload.embeds ?? []) {
    for (const t of [e.title, e.description, e.footer?.text]) if (t) texts.push(t);
    for (const f of e.fields ?? []) texts.push(f.name, f.value);
  }
  return texts;
}
