/** Small helpers for the English side of questions. */

/** The word itself, then plausible singular or stem forms ("robots" → "robot", "stages" → "stage"). */
export function singularForms(word: string): string[] {
  const forms = [word];
  if (!/^[a-z -]+$/.test(word) || word.length < 3) return forms;
  if (word.length === 3) return word.endsWith('s') ? [word, word.slice(0, -1)] : forms; // pcs → pc
  if (word.endsWith('ies')) forms.push(word.slice(0, -3) + 'y');
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), word.slice(0, -3) + 'e');
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  return forms;
}
