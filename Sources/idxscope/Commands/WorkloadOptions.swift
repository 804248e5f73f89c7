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

/// Runs the advisor for a command: the advice, and the planner kept for "plan without it".
enum WorkloadAdvice {
    /// `suggest` false: only the current plans (for usage), no candidates planned.
    static func run(_ statements: [WorkloadStatement], inspector: any Inspector, catalog: Catalog,
                    minGain: Double, suggest: Bool = true) throws -> (advice: Advice, planner: WhatIfPlanner) {
        // A bounded run: the most called statements first (file order among equals).
        var statements = statements
        var capped: String?
        if statements.count > Advisor.maximumStatements {
            statements = Array(statements.enumerated().sorted { ($1.element.calls, $0.offset) < ($0.element.calls, $1.offset) }
                .prefix(Advisor.maximumStatements).sorted { $0.offset < $1.offset }.map(\.element))
            capped = "the workload holds more than \(Advisor.maximumStatements) statements: only the \(Advisor.maximumStatements) most called were advised on"
        }
        let planner = try inspector.whatIfPlanner()
        let advisor = Advisor(minGainPercent: minGain, maximumSuggestions: suggest ? 25 : 0)
        var advice = try advisor.advise(statements, planner: planner, existing: catalog.indexes.map(\.info),
                                        foreignKeys: suggest ? catalog.foreignKeys : [])
        if let capped { advice.notes.insert(capped, at: 0) }
        let failed = advice.statements.filter { $0.error != nil }
        for outcome in failed.prefix(5) {
            let line = outcome.statement.line.map { "line \($0)" }
                ?? "statement \"" + SQLScript.stripComments(outcome.statement.text).split(whereSeparator: \.isWhitespace)
                    .joined(separator: " ").clipped(to: 60, ellipsis: true) + "\""
            advice.notes.append("workload \(line) could not be planned: \(outcome.error ?? "")")
        }
        if failed.count > 5 { advice.notes.append("\(failed.count - 5) more workload statements could not be planned") }
        return (advice, planner)
    }
}

extension Advice {
    /// One line for people: what the advisor did.
    var summary: String {
        let planned = statements.filter { $0.plan != nil }.count
        return "advisor: \(planned) of \(statements.count) workload statements planned, \(candidatesConsidered) candidate"
            + "\(candidatesConsidered == 1 ? "" : "s"), \(plannerCalls) planner calls, \(suggestions.count) index"
            + "\(suggestions.count == 1 ? "" : "es") proposed" + (elapsedMs.map { String(format: " in %.2f s", $0 / 1000) } ?? "")
    }
}
