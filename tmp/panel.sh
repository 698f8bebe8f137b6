S=/work/shared
npm run -s eval | grep -E "^all"
npm run -s eval -- --questions corpus/eval/blind-5.jsonl | grep -E "^all|^en |^zh-para"
npm run -s eval -- --questions $S/eval/dev.jsonl | grep -E "^all"
npm run -s eval -- --talk $S/corpora/zhou-hongyi-2023 --questions $S/eval/zhou-hongyi-2023.jsonl | grep -E "^all|^en"
npm run -s eval -- --talk $S/corpora/zhou-hongyi-2023 --questions corpus/eval/other-talks/zhou-hongyi-2023.blind.jsonl | grep -E "^all|^en"
