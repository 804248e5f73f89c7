// Benchmark helpers, not a product:
//   idxscope-bench [INDEX_COUNT] [REPETITIONS]   the TUI's render figures for a synthetic catalog:
//                                                the reducer plus a full render into the in-memory
//                                                screen per keystroke (no ncurses); scripts/bench-tui.sh
//   idxscope-bench sql catalog|space             the PostgreSQL statements exactly as the inspector
//                                                sends them, for psql in scripts/bench-postgres.sh
import Foundation
import IdxScopePostgres
import IdxScopeTUI

func usage() -> Never {
    FileHandle.standardError.write("usage: idxscope-bench [INDEX_COUNT] [REPETITIONS] | idxscope-bench sql catalog|space\n".data(using: .utf8)!)
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "sql" {
    switch arguments.dropFirst().first {
    case "catalog": print(PostgresCatalogSQL.catalog)
    case "space": print(PostgresCatalogSQL.space)
    default: usage()
    }
    exit(0)
}
guard arguments.count <= 2, let indexCount = Int(arguments.first ?? "10000"), indexCount > 0,
      let repetitions = Int(arguments.dropFirst().first ?? "30"), repetitions > 0 else { usage() }
print(RenderBenchmark.run(indexCount: indexCount, repetitions: repetitions))
