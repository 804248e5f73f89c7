// Prints the TUI's render figures for a synthetic catalog: the reducer plus a full render into
// the in-memory screen per keystroke (no ncurses). Used by scripts/bench-tui.sh.
//   idxscope-bench [INDEX_COUNT] [REPETITIONS]
import Foundation
import IdxScopeTUI

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count <= 2, let indexCount = Int(arguments.first ?? "10000"), indexCount > 0,
      let repetitions = Int(arguments.dropFirst().first ?? "30"), repetitions > 0 else {
    FileHandle.standardError.write("usage: idxscope-bench [INDEX_COUNT] [REPETITIONS]\n".data(using: .utf8)!)
    exit(2)
}
print(RenderBenchmark.run(indexCount: indexCount, repetitions: repetitions))
