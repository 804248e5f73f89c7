import ArgumentParser
import Foundation
import IdxScopeCore

/// `--workload FILE`, `--workload-limit N`, `--min-gain P` on `findings` and `indexes`.
struct WorkloadOptions: ParsableArguments {
    @Option(name: .long, help: "Statements to advise on, separated by ';' (a leading '-- calls: N' weights one). PostgreSQL default: pg_stat_statements' top statements.")
    var workload: String?

    @Option(name: .long, help: "PostgreSQL without --workload: how many of pg_stat_statements' top statements (by total time).")
    var workloadLimit = 100

    @Option(name: .long, help: "Least share of a statement's estimated cost an index must save to be proposed (PostgreSQL; percent).")
    var minGain: Double = 50

    func validate() throws {
        guard (0...100).contains(minGain) else { throw ValidationError("--min-gain must be between 0 and 100") }
        guard workloadLimit > 0 else { throw ValidationError("--workload-limit must be positive") }
    }

    /// The statements: the file's, or (PostgreSQL, no file) the engine's own record; `useDefault`
    /// false means only a given file counts.
    func statements(for inspector: any Inspector, useDefault: Bool) throws -> (statements: [WorkloadStatement], note: String?) {
        if let workload { return (try Workload.load(path: workload), nil) }
        guard useDefault else { return ([], nil) }
        return try inspector.defaultWorkload(limit: workloadLimit)
    }
}
