import json,sys
rows=[json.loads(l) for l in sys.stdin]
for th in [0.1,0.15,0.2,0.25,0.3,0.35]:
  pos=[r for r in rows if r['pos']]; neg=[r for r in rows if not r['pos']]
  acc=lambda r: r['cov']>=th and not r['reason']
  h1=sum(1 for r in pos if r['rank']==1 and acc(r))/len(pos)
  fr=sum(1 for r in pos if not acc(r))/len(pos)
  nr=sum(1 for r in neg if not acc(r))/len(neg)
  print(f"th={th} hit1={h1:.3f} falsereject={fr:.3f} negrej={nr:.3f} (raw hit1 {sum(1 for r in pos if r['rank']==1)/len(pos):.3f})")
