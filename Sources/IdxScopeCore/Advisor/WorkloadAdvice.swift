import Foundation

/// Runs the advisor for a command: the advice, and the planner kept for "plan without it".
public enum WorkloadAdvice {
    /// `suggest` false: only the current plans (for usage), no candidates planned.
    /// `wrap` lets a caller put its own layer around the planner (the TUI: a cancel check).
    public static func run(_ statements: [WorkloadStatement], inspector: any Inspector, catalog: Catalog,
                           minGain: Double, suggest: Bool = true,
                           wrap: (WhatIfPlanner) -> WhatIfPlanner = { $0 }) throws -> (advice: Advice, planner: WhatIfPlanner) {
        // A bounded run: the most called statements first (file order among equals).
        var statements = statements
        var capped: String?
        if statements.count > Advisor.maximumStatements {
            statements = Array(statements.enumerated().sorted { ($1.element.calls, $0.offset) < ($0.element.calls, $1.offset) }
                .prefix(Advisor.maximumStatements).sorted { $0.offset < $1.offset }.map(\.element))
            capped = "the workload holds more than \(Advisor.maximumStatements) statements: only the \(Advisor.maximumStatements) most called were advised on"
        }
        let planner = wrap(try inspector.whatIfPlanner())
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

    /// Every finding of the catalog with the advice folded in: drop findings annotated with the
    /// statements that use the index, then the missing indexes the advice proved (as `findings
    /// --workload` prints them and the TUI's Findings screen shows them).
    public static func findings(_ catalog: Catalog, advice: Advice, planner: WhatIfPlanner, now: Date = Date()) -> [Finding] {
        let annotated = AdviceFindings.annotate(FindingRules.findings(in: catalog, now: now), advice: advice,
                                                usageFromWorkload: catalog.usageSource == .workload) { index, statement in
            (try? planner.planWithout(index: index, statement: statement)) ?? nil
        }
        return AdviceFindings.foldingServedForeignKeys(annotated, advice: advice) + AdviceFindings.missing(advice, engine: catalog.engine)
    }
}

extension Advice {
    /// One line for people: what the advisor did.
    public var summary: String {
        let planned = statements.filter { $0.plan != nil }.count
        return "advisor: \(planned) of \(statements.count) workload statements planned, \(candidatesConsidered) candidate"
            + "\(candidatesConsidered == 1 ? "" : "s"), \(plannerCalls) planner calls, \(suggestions.count) index"
            + "\(suggestions.count == 1 ? "" : "es") proposed" + (elapsedMs.map { String(format: " in %.2f s", $0 / 1000) } ?? "")
    }
}
