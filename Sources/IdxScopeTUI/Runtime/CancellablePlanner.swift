import IdxScopeCore

/// The advisor's planner with a cancel check before every call: Esc on the Findings screen
/// stops a workload run between planner calls (the running call is interrupted through the
/// inspector), where the advisor would otherwise go on to the next statement.
final class CancellablePlanner: WhatIfPlanner {
    private let planner: WhatIfPlanner
    private let isCancelled: () -> Bool

    init(_ planner: WhatIfPlanner, isCancelled: @escaping () -> Bool) {
        self.planner = planner
        self.isCancelled = isCancelled
    }

    private func check() throws {
        if isCancelled() { throw IdxScopeError(.cancelled, "advisor cancelled") }
    }

    var engine: Engine { planner.engine }
    var plannerCalls: Int { planner.plannerCalls }
    var unavailableReason: String? { planner.unavailableReason }
    var notes: [String] { planner.notes }

    func plan(_ statement: WorkloadStatement, with hypothetical: [IndexCandidate]) throws -> WhatIfPlan {
        try check()
        return try planner.plan(statement, with: hypothetical)
    }

    func usages(of statement: WorkloadStatement) throws -> [ColumnUsage] {
        try check()
        return try planner.usages(of: statement)
    }

    func estimatedBytes(of candidate: IndexCandidate) throws -> Int64? {
        try check()
        return try planner.estimatedBytes(of: candidate)
    }

    func finish() { planner.finish() }

    func foreignKeyLookup(_ key: ForeignKey) -> WorkloadStatement { planner.foreignKeyLookup(key) }

    func planWithout(index: IndexID, statement: WorkloadStatement) throws -> [String]? {
        try check()
        return try planner.planWithout(index: index, statement: statement)
    }
}
