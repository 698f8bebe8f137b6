/**
 * Normalisation and segmentation, with the dictionaries AnswerEngine.fromCorpus loads for corpus/, and the
 * freshness of the built resources in lexicon/.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildDictionary,
  buildAbbreviations,
  buildTagCorrections,
  TAG_CORRECTIONS_OUTPUT,
  type CedictEntry,
  buildChineseEnglish,
  buildEnglishChinese,
  ABBREVIATIONS_OUTPUT,
  properName,
  englishStopWords,
  buildEnglishFrequency,
  cedictEntries,
  dictionaryFrequencies,
  EN_ZH_OUTPUT,
  ZH_EN_OUTPUT,
  ENGLISH_OUTPUT,
  fullDictionaryPath,
  OUTPUT,
  subtlexPath,
} from '../scripts/build-lexicon.ts';
import { EnglishFrequency, EnglishTranslator } from '../src/text/english.ts';
import { DEFAULT_CORPUS_DIR } from '../src/engine/answer-engine.ts';
import { segmenterOptions, talkLexicon } from '../src/engine/resources.ts';
import { Glossary } from '../src/engine/glossary.ts';
import { loadCorpus } from '../src/talk/load-corpus.ts';
import { normalize, normalizeAll } from '../src/text/normalize.ts';
import { Segmenter, type SegmenterOptions } from '../src/text/segmenter.ts';
import { readTagCorrections } from '../src/text/talk-lexicon.ts';

const glossary = Glossary.load(join(DEFAULT_CORPUS_DIR, 'glossary.tsv'));
const { lexicon, userDictionary } = talkLexicon(loadCorpus(DEFAULT_CORPUS_DIR), glossary);
const options: SegmenterOptions = segmenterOptions(DEFAULT_CORPUS_DIR, glossary, userDictionary, lexicon.englishChinese.keys());
const segmenter = Segmenter.load(options);

describe('normalize', () => {
  it('folds full-width forms to half-width', () => {
    expect(normalize('ＡＧＩ１２３')).toBe('agi123');
    expect(normalize('ＧＰＴ－４ｏ')).toBe('gpt-4o');
    expect(normalize('Scaling Law（规模效应）还有效吗？')).toBe('scaling law(规模效应)还有效吗?');
    expect(normalize('a\u3000b')).toBe('a b'); // ideographic space
  });

  it('folds case', () => {
    expect(normalize('Scaling LAW')).toBe('scaling law');
    expect(normalize('AutoPilot')).toBe('autopilot');
  });

  it('keeps "US" in capitals the country, not the pronoun', () => {
    expect(normalize('How does China compare with the US?')).toBe('how does china compare with the usa?');
    expect(normalize('the U.S. market')).toBe('the usa market');
    expect(normalize('tell us more')).toBe('tell us more');
    expect(normalize('TELL US MORE')).toBe('tell us more'); // all capitals: no sign of the country
    expect(normalize('BUS stop')).toBe('bus stop');
  });

  it('turns Traditional (Taiwan) wording into Simplified', () => {
    expect(normalize('人工智慧應用')).toBe('人工智能应用');
    expect(normalize('軟體')).toBe('软件');
    expect(normalize('什麼是自主智慧')).toBe('什么是自主智能');
    expect(normalize('機器人')).toBe('机器人');
  });

  it('leaves mainland Simplified wording as it is (only Taiwan wording is converted)', () => {
    // Words of the talk and of ordinary Simplified questions must not be rewritten into other words.
    expect(normalize('核心资产')).toBe('核心资产');
    expect(normalize('核心')).toBe('核心');
    expect(normalize('程序')).toBe('程序');
    expect(normalize('文件')).toBe('文件');
  });

  it('normalizeAll gives what normalize gives each text, Traditional or not', () => {
    const words = ['人工智慧', '軟體', '核心资产', '程序', 'Scaling LAW', '', 'ＡＧＩ', '機器人', '自主\u200b智能'];
    expect(normalizeAll(words)).toEqual(words.map(normalize));
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom(...'人工智慧软體核心程序機器a B\u200b'.split('')) })), (texts) => {
        expect(normalizeAll(texts)).toEqual(texts.map(normalize));
      }),
    );
  });

  it('removes zero-width and other invisible characters', () => {
    expect(normalize('自主\u200b智能')).toBe('自主智能');
    expect(normalize('\ufeff大\u200c模\u200d型\u2060')).toBe('大模型');
    expect(normalize('\u200b\u200b')).toBe('');
    expect(normalize('so\u00adra')).toBe('sora');
  });

  it('is idempotent on the talk', () => {
    for (const s of loadCorpus(DEFAULT_CORPUS_DIR).sections) {
      for (const p of s.paragraphs) expect(normalize(normalize(p.text)), p.id).toBe(normalize(p.text));
    }
  });
});

describe('Segmenter', () => {
  it('keeps English terms whole', () => {
    expect(segmenter.words('Scaling Law')).toEqual(['scaling law']);
    expect(segmenter.words('Scaling Laws放缓了吗')).toEqual(['scaling law', '放缓']);
    expect(segmenter.words('ＳＣＡＬＩＮＧ　ＬＡＷ')).toEqual(['scaling law']);
    expect(segmenter.words('AGI的终极模型')).toContain('agi');
    expect(segmenter.words('GPT-o1的发布')).toEqual(['gpt-o1', '发布']);
    expect(segmenter.words('o1模型')).toEqual(['o1', '模型']);
    expect(segmenter.words('GPT-4o的演示')).toEqual(['gpt-4o', '演示']);
    expect(segmenter.words('EMU3大模型')).toEqual(['emu3', '大模型']);
    expect(segmenter.words('OpenAI Sora')).toEqual(['openai', 'sora']);
    expect(segmenter.words('将Copilot变成AutoPilot')).toEqual(['copilot', '变成', 'autopilot']);
    expect(segmenter.words('thinking time')).toEqual(['thinking time']);
  });

  it('does not join an English phrase across punctuation', () => {
    expect(segmenter.words('scaling, law')).not.toContain('scaling law');
  });

  it('finds the parts of hyphenated English terms in the index view', () => {
    expect(segmenter.indexTerms('GPT-o1')).toEqual(expect.arrayContaining(['gpt-o1', 'o1']));
    expect(segmenter.indexTerms('GPT-4o')).toEqual(expect.arrayContaining(['gpt-4o', '4o']));
    expect(segmenter.indexTerms('Scaling Law')).toEqual(expect.arrayContaining(['scaling law', 'scaling', 'law']));
  });

  it('keeps the domain terms whole', () => {
    for (const term of ['大模型', '多模态', '自主智能', '具身智能', '世界模型', '思考时间', '多模态大模型']) {
      expect(segmenter.words(term), term).toEqual([term]);
    }
    expect(segmenter.words('具身智能模型')).toEqual(['具身智能', '模型']);
    expect(segmenter.words('世界模型的雏形')).toEqual(['世界模型', '雏形']);
    expect(segmenter.words('更多的思考时间')).toContain('思考时间');
    expect(segmenter.words('大模型的未来会带来一个自主智能的世界')).toEqual(expect.arrayContaining(['大模型', '未来', '自主智能', '世界']));
  });

  it('segments the talk as a reader would: the terms of obs1-p9', () => {
    const talk = loadCorpus(DEFAULT_CORPUS_DIR);
    const p = talk.sections.flatMap((s) => s.paragraphs).find((x) => x.id === 'obs1-p9')!;
    expect(segmenter.words(p.text)).toEqual(expect.arrayContaining(['scaling law', 'gpt-o1', 'o1', '思考时间', '预训练', 'pre-training', '推理模型', '快思考']));
  });

  it('drops stop words, single characters and punctuation', () => {
    expect(segmenter.words('我们的，。！？是')).toEqual([]);
    expect(segmenter.words('他说了什么？')).toEqual([]);
    expect(segmenter.words('……——「」《》【】')).toEqual([]);
    expect(segmenter.indexTerms('，。！？、；：')).toEqual([]);
    expect(segmenter.words('什么是自主智能？')).toEqual(['自主智能']);
  });

  it('yields no stop word and no bare punctuation for any paragraph of the talk', () => {
    const talk = loadCorpus(DEFAULT_CORPUS_DIR);
    for (const p of talk.sections.flatMap((s) => s.paragraphs)) {
      for (const view of [segmenter.words(p.text), segmenter.indexTerms(p.text)]) {
        for (const w of view) {
          expect(segmenter.stopWords.has(w), `${p.id}: stop word "${w}"`).toBe(false);
          expect(w, `${p.id}: "${w}"`).toMatch(/[\p{L}\p{N}]/u);
          expect(/^\p{Script=Han}$/u.test(w), `${p.id}: single character "${w}"`).toBe(false);
        }
      }
    }
  });

  it('finds a word inside a longer word: indexTerms(自主智能) holds 智能', () => {
    const terms = segmenter.indexTerms('自主智能');
    expect(terms).toContain('智能');
    expect(terms).toContain('自主');
    expect(terms).toContain('自主智能');
    expect(segmenter.words('自主智能')).toEqual(['自主智能']);
    expect(segmenter.indexTerms('多模态大模型')).toEqual(expect.arrayContaining(['多模态', '大模型', '多模态大模型']));
  });

  it('treats Traditional and Simplified questions alike', () => {
    expect(segmenter.words('人工智慧與軟體')).toEqual(expect.arrayContaining(['人工智能', '软件']));
    expect(segmenter.words('什麼是自主智慧')).toEqual(segmenter.words('什么是自主智能'));
    expect(segmenter.words('自主\u200b智能')).toEqual(['自主智能']);
  });

  it('tags English and Chinese words', () => {
    const tagged = segmenter.taggedWords('Sora展现出世界模型的雏形');
    expect(tagged[0]).toEqual({ word: 'sora', tag: 'eng' });
    expect(tagged.find((w) => w.word === '世界模型')?.tag).toMatch(/^n/);
  });

  it('refuses to load jieba a second time with other dictionaries', () => {
    expect(Segmenter.load(options)).toBeInstanceOf(Segmenter); // same dictionaries: fine
    expect(() => Segmenter.load({ ...options, dictionary: fullDictionaryPath() })).toThrow(/already loaded/);
  });
});

describe('lexicon/jieba.dict.utf8, en-zh.tsv, zh-en.tsv, abbreviations.tsv and tag-corrections.tsv', () => {
  it('are rebuilds of nodejieba\'s dictionary and CC-CEDICT (npm run build:lexicon)', async () => {
    const full = readFileSync(fullDictionaryPath(), 'utf8');
    const tagCorrections = buildTagCorrections(await cedictEntries(), full);
    expect(readFileSync(TAG_CORRECTIONS_OUTPUT, 'utf8') === tagCorrections, 'tag-corrections.tsv byte-identical to a rebuild').toBe(true);
    const dictionary = buildDictionary(full, readTagCorrections(tagCorrections));
    expect(readFileSync(OUTPUT, 'utf8') === dictionary, 'jieba.dict.utf8 byte-identical to a rebuild').toBe(true);
    const enZh = buildEnglishChinese(await cedictEntries(), dictionaryFrequencies(full));
    expect(readFileSync(EN_ZH_OUTPUT, 'utf8') === enZh, 'en-zh.tsv byte-identical to a rebuild').toBe(true);
    const zhEn = buildChineseEnglish(await cedictEntries(), dictionaryFrequencies(full), englishStopWords());
    expect(readFileSync(ZH_EN_OUTPUT, 'utf8') === zhEn, 'zh-en.tsv byte-identical to a rebuild').toBe(true);
    const abbreviations = buildAbbreviations(await cedictEntries());
    expect(readFileSync(ABBREVIATIONS_OUTPUT, 'utf8') === abbreviations, 'abbreviations.tsv byte-identical to a rebuild').toBe(true);
  }, 60_000);

  it('keys a Chinese word by the Latin abbreviation its sense ends with (人工智能 → AI), not by any capitals', () => {
    const entries: CedictEntry[] = [
      ['人工智能', '人工智能', 'ren2 gong1 zhi4 neng2', 'artificial intelligence (AI)'],
      ['物联网', '物联网', 'wu4 lian2 wang3', ['Internet of things (IoT)']],
      ['三拗汤', '三拗汤', 'san1 ao4 tang1', "san'ao decoction (TCM)"],
      ['中国海事局', '中国海事局', 'Zhong1 guo2 Hai3 shi4 ju2', 'PRC Maritime Safety Agency'],
      ['维', '维', 'wei2', 'dimension (D)'],
      ['上火', '上火', 'shang4 huo3', 'to get angry (Lit)'],
    ];
    const lines = buildAbbreviations(entries).split('\n').slice(1).filter(Boolean);
    // TCM is one (a word only CC-CEDICT's medicine senses say); a single letter, a name's capitals or "Lit" are not.
    expect(lines).toEqual(['三拗汤\tTCM', '人工智能\tAI', '物联网\tIoT']);
  });

  it('corrects a name tag only where CC-CEDICT knows the word as nothing but a common word', () => {
    const entries: CedictEntry[] = [
      ['普及', '普及', 'pu3 ji2', ['to spread extensively', 'to popularize', 'universal']],
      ['深度', '深度', 'shen1 du4', 'depth; deepness'],
      ['上海', '上海', 'Shang4 hai3', 'Shanghai municipality'],
      ['三星', '三星', 'San1 xing1', 'Samsung (South Korean electronics company)'],
      ['三星', '三星', 'san1 xing1', 'three major stars of the Three Stars constellation'],
      ['胡说', '胡说', 'hu2 shuo1', ['(bound form) nonsense', 'to talk nonsense']],
      ['马斯克', '马斯克', 'Ma3 si1 ke4', 'Musk'],
    ];
    const full = ['普及 1282 ns', '深度 900 ns', '上海 5000 ns', '三星 363 nz', '胡说 100 nrfg', '马斯克 10 nr', '模型 300 n', '未收 10 nr'].join('\n');
    const corrections = readTagCorrections(buildTagCorrections(entries, full));
    // 胡说's first sense is a bound form, which says nothing: its first usable one is a verb's.
    expect([...corrections]).toEqual([['普及', 'v'], ['深度', 'n'], ['胡说', 'v']]);
    expect(buildDictionary(full, corrections).split('\n')).toEqual(expect.arrayContaining(['普及 1282 v', '深度 900 n', '上海 5000 ns', '三星 363 nz', '马斯克 10 nr']));
  });

  it('tags common words the way CC-CEDICT knows them in the dictionary questions are cut with (普及 is no place)', () => {
    const tags = new Map(segmenter.taggedWords('上海的手机什么时候普及').map((w) => [w.word, w.tag]));
    expect(tags.get('普及')).toBe('v');
    expect(tags.get('上海')).toBe('ns');
  });

  it("keys a proper noun by its name (Beijing → 北京), not only by its description's words", () => {
    expect(properName("Beijing municipality, capital of the People's Republic of China (abbr. to 京[Jing1])")).toBe('beijing');
    expect(properName('Nikola Tesla (1856–1943), Serbian inventor and engineer')).toBe('nikola tesla');
    expect(properName('Hubei province in central China')).toBeUndefined(); // a description, not a name
    expect(properName('surname Zhang')).toBeUndefined();
    const entries = [['北京', '北京', 'Bei3 jing1', "Beijing municipality, capital of the People's Republic of China"]] as const;
    const lines = buildEnglishChinese(entries.map((e) => [...e]), new Map([['北京', 1]])).split('\n');
    expect(lines).toContain('beijing\t北京');
  });

  it('keeps common words whole that the talk never uses (年薪, 门票, 天气)', () => {
    for (const word of ['年薪', '门票', '天气']) expect(segmenter.words(`${word}是多少`), word).toContain(word);
  });
});

describe('lexicon/english-frequency.txt', () => {
  it('is a rebuild of the SUBTLEX list (npm run build:lexicon)', () => {
    const rebuilt = buildEnglishFrequency(JSON.parse(readFileSync(subtlexPath(), 'utf8')));
    expect(readFileSync(ENGLISH_OUTPUT, 'utf8') === rebuilt, 'byte-identical to a rebuild').toBe(true);
  });

  it('ranks common words before rare ones, and inflected forms by their base form when not listed', () => {
    const english = EnglishFrequency.load(ENGLISH_OUTPUT);
    expect(english.rank('you')).toBe(1);
    expect(english.rank('new')!).toBeLessThan(english.rank('ticket')!);
    expect(english.rank('ticket')!).toBeLessThan(english.rank('robot')!);
    expect(english.rank('qwertyuiop')).toBeUndefined();
    const small = EnglishFrequency.of(['reach', 'robot']);
    expect(small.rank('reaching')).toBe(1);
    expect(small.rank('robots')).toBe(2);
    expect(small.rank('robot')).toBe(2);
  });
});

describe('EnglishTranslator', () => {
  // A talk's map holds only the words it uses: "us" → 我们 is there whenever the talk says 我们.
  const translator = EnglishTranslator.of(
    new Map([['us', ['我们']], ['use', ['使用']], ['run', ['运行']], ['box', ['盒子']], ['stop', ['停止']], ['adopt', ['采用']], ['make', ['制作']], ['company', ['公司']]]),
  );

  it('finds a word under its base form, not under a shorter word it happens to contain', () => {
    expect(translator.translate('uses')).toEqual(['使用']);
    expect(translator.translate('used')).toEqual(['使用']);
    expect(translator.translate('using')).toEqual(['使用']);
    expect(translator.translate('us')).toEqual(['我们']);
  });

  it('undoes plural -es only after s, x, z, ch, sh and o, -ies, and a doubled consonant before -ing and -ed', () => {
    expect(translator.translate('boxes')).toEqual(['盒子']);
    expect(translator.translate('companies')).toEqual(['公司']);
    expect(translator.translate('running')).toEqual(['运行']);
    expect(translator.translate('stopped')).toEqual(['停止']);
    expect(translator.translate('adopting')).toEqual(['采用']);
    expect(translator.translate('making')).toEqual(['制作']);
    expect(translator.translate('runs')).toEqual(['运行']);
    expect(translator.translate('unknown')).toEqual([]);
  });
});
