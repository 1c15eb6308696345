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
# Vectorised loops of the kernel: the quiet pass, for the baseline and for AVX2.
widths=$(grep -oE 'src/sim/kernel/quiet_pass\.rs:[0-9]+:[0-9]+ loop-vectorize \(success\): vectorized loop \(vectorization width: [0-9]+' <<<"$remarks" \
    | grep -oE '[0-9]+$' | sort -u | tr '\n' ' ' || true)
if [[ " $widths " != *" 4 "* || " $widths " != *" 8 "* ]]; then
    echo "check-vectorized: the quiet pass of src/sim/kernel/quiet_pass.rs is no longer vectorised" >&2
    echo "  (vector widths found: '${widths}'; expected 4 for the baseline and 8 for AVX2)." >&2
    echo "  See the notes in src/sim/kernel/quiet_pass.rs; inspect with:" >&2
    echo "  RUSTFLAGS='-C remark=loop-vectorize' cargo build --release --lib 2>&1 | grep quiet_pass.rs" >&2
    exit 1
fi
echo "check-vectorized: quiet pass vectorised (widths ${widths})"
