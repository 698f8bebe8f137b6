/** The benchmark's result as a table on stdout (`npm run bench` without --json). */
import type { BenchResult } from '../bench.ts';
import { BUILD_RUNS } from './query.ts';

export function printTable(r: BenchResult) {
  const mark = (value: number, limit: number) => (value <= limit ? 'ok' : 'OVER');
  const line = (cells: (string | number)[], widths: number[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  const out: string[] = [];
  out.push(`talk-qa bench (${r.paragraphs} paragraphs, ${r.questions} questions, node ${process.version}, ${r.bench_s} s, load ${r.loadavg_1m.join(' → ')})`);
  out.push('');
  const w = [16, 10, 8, 6];
  out.push(line(['metric', 'value', 'target', ''], w));
  out.push(line(['ready_ms', r.ready_ms, r.targets.ready_ms, mark(r.ready_ms, r.targets.ready_ms)], w) + `   runs ${r.ready_ms_runs.join(', ')}`);
  out.push(line(['rss_mb', r.rss_mb, r.targets.rss_mb, mark(r.rss_mb, r.targets.rss_mb)], w) + `   at ready; ${r.ready_detail.rss_after_1000_asks_mb} MB after 1,000 asks`);
  out.push(line(['query_p50_ms', r.query_p50_ms, '', ''], w));
  out.push(line(['query_p99_ms', r.query_p99_ms, r.targets.query_p99_ms, mark(r.query_p99_ms, r.targets.query_p99_ms)], w) + `   over ${r.query_asks} asks in a fresh process; runs ${r.query_p99_ms_runs.join(', ')}`);
  const b = r.query_in_bench_process;
  const g = b.gc;
  out.push(`${' '.repeat(42)}   in this process: p50 ${b.query_p50_ms}, p99 ${b.query_p99_ms}; GC: ${g.gc_pauses} pauses (median ${g.gc_pause_median_ms} ms) in ${g.asks_with_gc_pause} asks; p99 without those ${g.query_p99_ms_without_gc_asks}`);
  out.push(line(['build_ms', r.build_ms, '', ''], w) + `   warm process, median of ${BUILD_RUNS}`);
  out.push(`within targets: ${r.within_targets ? 'yes' : 'NO'}`);
  out.push('');
  out.push('cold start detail');
  out.push(`  tsx CLI spawn → ready (wall, 2 processes)  ${r.ready_detail.ready_wall_ms} ms`);
  out.push(`  node + tsx, empty script                   ${r.ready_detail.empty_script_ms} ms, rss ${r.ready_detail.empty_script_rss_mb} MB`);
  out.push(`  node --import tsx instead of tsx CLI       ${r.ready_detail.node_import_tsx_ready_ms} ms`);
  for (const [name, ms] of Object.entries(r.ready_detail.phases_ms)) out.push(`    ${name.padEnd(52)} ${ms.toFixed(1).padStart(7)} ms`);
  out.push('');
  const rw = [20, 7, 7, 9, 9, 9, 9];
  out.push(line(['system', 'hit@1', 'hit@3', 'off-topic', 'build_ms', 'p50_ms', 'p99_ms'], rw));
  for (const ref of r.references) {
    out.push(line([ref.name, ref['hit@1'].toFixed(3), ref['hit@3'].toFixed(3), ref.offTopicRejection.toFixed(3), ref.build_ms, ref.query_p50_ms, ref.query_p99_ms], rw));
  }
  out.push('');
  const sw = [8, 10, 9, 9, 9, 7, 9];
  out.push(line(['scale', 'paragraphs', 'build_ms', 'p50_ms', 'p99_ms', 'hit@1', 'heap_mb'], sw));
  out.push(line(['×1', r.paragraphs, r.build_ms, r.query_p50_ms, r.query_p99_ms, r.references[0]!['hit@1'].toFixed(3), r.engine_heap_mb], sw));
  for (const s of r.scale) out.push(line([`×${s.factor}`, s.paragraphs, s.build_ms, s.query_p50_ms, s.query_p99_ms, s['hit@1'].toFixed(3), s.engine_heap_mb], sw));
  console.log(out.join('\n'));
}
