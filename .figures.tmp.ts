import { compileWorkspace } from "./src/compiler/pipeline";
import { uninterruptedPaths } from "./src/compiler/transitions";
const c = compileWorkspace();
for (const m of c.machines) {
  const d = m.definition;
  const paths = uninterruptedPaths(d);
  const worst = paths.reduce((a, b) => (b.transitions > a.transitions ? b : a));
  const best = paths.reduce((a, b) => (b.transitions < a.transitions ? b : a));
  const sp = uninterruptedPaths(d, { stretched: true });
  const w = sp.reduce((a, b) => (b.transitions > a.transitions ? b : a));
  console.log(`${m.workflow.id}: states=${Object.keys(d.States).length} paths=${paths.length} worst=${worst.transitions}t/${worst.emails}e best=${best.transitions}t/${best.emails}e stretchedPaths=${sp.length} stretchedWorst=${w.transitions}t/${w.emails}e`);
  if (process.argv[2]) for (const p of paths) console.log("   ", p.states.join(" > "));
}
