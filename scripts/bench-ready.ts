/**
 * Child process of scripts/bench.ts (bench/ready.ts): measures the cold start of the answer engine in a fresh process and
 * prints its report as JSON lines on stdout (the parent merges them). performance.now() counts from this
 * process's start.
 *
 *   tsx scripts/bench-ready.ts           builds AnswerEngine.fromCorpus(), the way the bot starts; then
 *                                        asks 1,000 questions and reports the memory again
 *   tsx scripts/bench-ready.ts phases    the same steps one by one, each timed (for the diagnosis)
 *   tsx scripts/bench-ready.ts empty     nothing at all: the cost of node + tsx alone
 */
const startMs = performance.now();
const mode = process.argv[2] ?? 'ready';

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const memory = () => {
  const m = process.memoryUsage();
  return { rss_mb: mb(m.rss), heap_used_mb: mb(m.heapUsed), external_mb: mb(m.external) };
};

if (mode === 'empty') {
  console.log(JSON.stringify({ mode, ready_ms: startMs, ...memory() }));
} else if (mode === 'ready') {
  const { AnswerEngine } = await import('../src/engine/answer-engine.ts');
  const engine = AnswerEngine.fromCorpus();
  const readyMs = performance.now();
  console.log(JSON.stringify({ mode, ready_ms: readyMs, script_start_ms: startMs, paragraphs: engine.paragraphCount, ...memory() }));
  // Then, on a second line, the memory of a bot that has answered questions (V8's young generation grows).
  const { readQuestions } = await import('../src/quality/evaluate.ts');
  const { PROJECT_ROOT } = await import('../src/paths.ts');
  const questions = readQuestions(`${PROJECT_ROOT}/corpus/eval/questions.jsonl`);
  for (let asked = 0; asked < 1000; ) for (const { q } of questions) (engine.ask(q), asked++);
  const rssAfter = memory().rss_mb;
  // Then query latency, as the bot meets it: a process holding the engine and nothing else.
  const times: number[] = [];
  for (let i = 0; times.length < 2000; i++) {
    const q = questions[i % questions.length]!.q;
    const start = process.hrtime.bigint();
    engine.ask(q);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const { percentile } = await import('./stats.ts');
  console.log(JSON.stringify({ rss_after_1000_asks_mb: rssAfter, query_p50_ms: percentile(times, 0.5), query_p99_ms: percentile(times, 0.99), query_asks: times.length }));
} else if (mode === 'phases') {
  // Each module is imported after the ones it depends on, so each step times only what it adds.
  const { join } = await import('node:path');
  const phases: Record<string, number> = { 'node+tsx (to script start)': startMs };
  const rss: Record<string, number> = { 'node+tsx (to script start)': mb(process.memoryUsage().rss) };
  let last = startMs;
  const step = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const value = await run();
    const now = performance.now();
    phases[name] = now - last;
    rss[name] = mb(process.memoryUsage().rss);
    last = now;
    return value;
  };
  await step('import opencc-js/t2cn', () => import('opencc-js/t2cn'));
  const { normalize } = await step('import normalize.ts (builds the t→cn converter)', () => import('../src/text/normalize.ts'));
  await step('first normalize() of Han text', () => normalize('人工智慧與軟體'));
  await step('import minisearch', () => import('minisearch'));
  await step('require nodejieba (native addon)', () => import('nodejieba'));
  const { Segmenter } = await step('import segmenter.ts', () => import('../src/text/segmenter.ts'));
  const { loadCorpus } = await step('import load-corpus.ts', () => import('../src/talk/load-corpus.ts'));
  const { Glossary } = await step('import glossary.ts', () => import('../src/engine/glossary.ts'));
  const { AnswerEngine } = await step('import answer-engine.ts (rest)', () => import('../src/engine/answer-engine.ts'));
  const { segmenterOptions, talkLexicon, languageResources } = await import('../src/engine/resources.ts');
  const { talkDir } = await import('../src/paths.ts');
  const dir = talkDir();
  const talk = await step('loadCorpus (talk.md, predictions.json, enrichment.jsonl)', () => loadCorpus(dir));
  const { existsSync } = await import('node:fs');
  // A talk folder may have no glossary (only talk.md is required).
  const glossaryFile = join(dir, 'glossary.tsv');
  const glossary = await step('Glossary.load', () => (existsSync(glossaryFile) ? Glossary.load(glossaryFile) : Glossary.empty()));
  const { lexicon, userDictionary } = await step('talk lexicon (talk words, English map; cached)', () => talkLexicon(talk, glossary));
  const segmenter = await step('Segmenter.load (jieba dictionaries, stop words)', () =>
    Segmenter.load(segmenterOptions(dir, glossary, userDictionary, lexicon.englishChinese.keys())),
  );
  const language = languageResources(lexicon);
  const engine = await step('new AnswerEngine (index build)', () => new AnswerEngine(talk, segmenter, glossary, {}, language));
  await step('first ask()', () => engine.ask('规模效应还有效吗'));
  console.log(JSON.stringify({ mode, ready_ms: last, phases, rss_after_mb: rss, ...memory() }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
