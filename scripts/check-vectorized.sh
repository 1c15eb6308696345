#!/usr/bin/env bash
# Fails if the compiler no longer turns the engine's quiet pass (src/sim/kernel/quiet_pass.rs) into
# vector code. Nothing else would notice: results stay the same, only about a third of the
# speed is lost (an innocent-looking edit, e.g. passing the pass's slices inside a struct
# or storing bytes in its loop, is enough). Uses LLVM's optimisation remarks; builds into
# its own target directory so the normal build stays cached.
set -euo pipefail
cd "$(dirname "$0")/.."
remarks=$(RUSTFLAGS="-C remark=loop-vectorize" \
    cargo build --release --lib --target-dir target/vectorize-check 2>&1 | tr -d '\r')
# Vectorised loops of the quiet pass, as "line:column width". Two loops must be vectorised at
# each width (4 for the baseline build, 8 for AVX2): the pass itself and the loop that writes
# flags and marks from its outcome. Counting loops, not only widths, keeps the small second loop
# from hiding a pass that fell back to scalar code.
loops=$(grep -oE 'src/sim/kernel/quiet_pass\.rs:[0-9]+:[0-9]+ loop-vectorize \(success\): vectorized loop \(vectorization width: [0-9]+' <<<"$remarks" \
    | sed -E 's/^[^:]+:([0-9]+:[0-9]+) .*width: ([0-9]+)$/\1 \2/' | sort -u || true)
count() { grep -c " $1\$" <<<"$loops" || true; }
if (( $(count 4) < 2 || $(count 8) < 2 )); then
    echo "check-vectorized: the quiet pass of src/sim/kernel/quiet_pass.rs is no longer vectorised" >&2
    echo "  (vectorised loops found, line:column width: '$(tr '\n' ' ' <<<"$loops")';" >&2
    echo "  expected the pass and its flag loop at widths 4 for the baseline and 8 for AVX2)." >&2
    echo "  See the notes in src/sim/kernel/quiet_pass.rs; inspect with:" >&2
    echo "  RUSTFLAGS='-C remark=loop-vectorize' cargo build --release --lib 2>&1 | grep quiet_pass.rs" >&2
    exit 1
fi
echo "check-vectorized: quiet pass vectorised ($(tr '\n' ' ' <<<"$loops"| sed 's/ $//'))"
