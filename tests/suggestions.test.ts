/**
 * Autocomplete for /ask (src/engine/suggestions.ts) over the real corpus: every suggestion offered — for
 * the empty input and for typed prefixes, in Chinese and English — is asked, and must be answered by what
 * it was built from (the paragraph, or the fact about the talk).
 */
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { checkQuestion } from '../src/engine/user-input.ts';
import { allSuggestions, suggest, type Suggestion, type SuggestionLang } from '../src/engine/suggestions.ts';
import { toTraditional } from '../src/text/normalize.ts';

const engine = AnswerEngine.fromCorpus();
const LANGS: SuggestionLang[] = ['zh', 'en'];

/** Asked as /ask asks it (checked first), the suggestion is answered by what it was built from. */
function expectAnsweredByItsSource(s: Suggestion, shown = s.text): void {
  const checked = checkQuestion(shown);
  expect(checked.ok, shown).toBe(true);
  const answer = engine.ask(checked.ok ? checked.question : shown);
  expect(answer.answered, shown).toBe(true);
  if ('fact' in s.from) expect(answer.fact?.kind, shown).toBe(s.from.fact);
  else expect(answer.results[0]?.id, shown).toBe(s.from.paragraphId);
}

/** Prefixes a person would type: the first two characters (Chinese) or first word (English) of each question offered, and a few common openings. */
function prefixes(lang: SuggestionLang): string[] {
  const starts = suggest(engine, '', lang).map((s) => (lang === 'zh' ? [...s.text].slice(0, 2).join('') : s.text.split(' ')[0]!));
  const common = lang === 'zh' ? ['什么', '为什么', '自主', '机器人', '大模型', 'Scaling', '多模態'] : ['What', 'How', 'Why', 'Scal', 'robot', 'who is', 'When'];
  return [...new Set([...starts, ...common])];
}

describe('autocomplete suggestions', () => {
  it('are grammatical questions in the asker\'s language: English ones for English, Chinese ones for Chinese', () => {
    for (const lang of LANGS) {
      const offered = suggest(engine, '', lang);
      expect(offered.length).toBe(25);
      for (const s of offered) {
        expect(s.lang).toBe(lang);
        expect(s.text, s.text).toMatch(/[?？]$/);
        if (lang === 'en') expect(s.text, s.text).toMatch(/^[A-Z]/);
        if (lang === 'en') expect(s.text, s.text).not.toMatch(/\p{Script=Han}/u);
        else expect(s.text, s.text).toMatch(/\p{Script=Han}/u);
      }
    }
    // The old suggestion "什么是张宏江?" (a key term that is a name) is not offered: it is not answered by a paragraph about him.
    expect(allSuggestions(engine).map((s) => s.text)).not.toContain('什么是张宏江?');
  });

  it('span the talk for the empty input: a question about the talk, and one from every numbered section', () => {
    for (const lang of LANGS) {
      const offered = suggest(engine, '', lang);
      expect(offered.some((s) => 'fact' in s.from)).toBe(true);
      const sections = new Set(offered.flatMap((s) => ('paragraphId' in s.from ? [engine.paragraph(s.from.paragraphId)!.section.id] : [])));
      for (const section of engine.talk.sections.filter((s) => s.number)) expect(sections, `${lang} ${section.id}`).toContain(section.id);
    }
  });

  it('each one offered for the empty input is answered by what it was built from', () => {
    for (const lang of LANGS) for (const s of suggest(engine, '', lang)) expectAnsweredByItsSource(s);
  });

  it('each one offered for typed prefixes is answered by what it was built from, and contains or shares what was typed', () => {
    let asked = 0;
    for (const lang of LANGS) {
      for (const typed of prefixes(lang)) {
        const offered = suggest(engine, typed, lang);
        expect(offered.length, `${lang} ${typed}`).toBeGreaterThan(0);
        expect(offered.length).toBeLessThanOrEqual(25);
        if (lang === 'en') for (const s of offered) expect(s.lang, `${typed}: ${s.text}`).toBe('en');
        for (const s of offered) expectAnsweredByItsSource(s), asked++;
      }
    }
    expect(asked).toBeGreaterThan(300);
  });

  it('shown in Traditional characters (zh-TW, zh-HK), each Chinese suggestion is still answered by its source', () => {
    const chinese = allSuggestions(engine).filter((s) => s.lang === 'zh');
    let converted = 0;
    for (const s of chinese) {
      const shown = toTraditional(s.text);
      if (shown !== s.text) converted++;
      expectAnsweredByItsSource(s, shown);
    }
    expect(converted).toBeGreaterThan(chinese.length / 2);
  });

  it('every suggestion the talk supports is answered by its source (all of them, not only those shown first)', () => {
    const all = allSuggestions(engine);
    expect(all.filter((s) => s.lang === 'en').length).toBeGreaterThan(50);
    for (const s of all) expectAnsweredByItsSource(s);
  });

  it('offers the questions written for a paragraph when one of its words is typed', () => {
    const typed = suggest(engine, '自主', 'zh');
    expect(typed.some((s) => s.text.includes('自主智能'))).toBe(true);
    expect(suggest(engine, 'Scal', 'en').every((s) => /scal/i.test(s.text))).toBe(true);
  });

  it('an English reader gets English questions only, whatever is typed', () => {
    for (const typed of ['自主', '什么是', 'AGI', '機器人']) for (const s of suggest(engine, typed, 'en')) expect(s.lang, `${typed}: ${s.text}`).toBe('en');
    expect(suggest(engine, 'AGI', 'en').length).toBeGreaterThan(0);
    // Typed Chinese: the English questions built from the paragraphs the Chinese matches.
    const fromChinese = suggest(engine, '自主智能', 'en');
    expect(fromChinese.length).toBeGreaterThan(0);
    const sources = new Set(suggest(engine, '自主智能', 'zh').map((s) => ('paragraphId' in s.from ? s.from.paragraphId : '')));
    for (const s of fromChinese) expect(sources, s.text).toContain('paragraphId' in s.from ? s.from.paragraphId : '?');
  });
});
