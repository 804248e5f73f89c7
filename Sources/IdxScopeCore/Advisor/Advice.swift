/// A statement an index serves, with the plans that prove it.
public struct StatementProof: Equatable, Sendable {
    public var query: String
    public var calls: Int64
    public var costBefore: Double?
    public var costAfter: Double?
    public var planBefore: [String]
    public var planAfter: [String]

    public init(query: String, calls: Int64, costBefore: Double?, costAfter: Double?, planBefore: [String], planAfter: [String]) {
        self.query = query
        self.calls = calls
        self.costBefore = costBefore
        self.costAfter = costAfter
        self.planBefore = planBefore
        self.planAfter = planAfter
    }
}

/// An index to add, proven by the planner.
public struct Suggestion: Equatable, Sendable {
    public var candidate: IndexCandidate
    public var sql: String
    public var bytes: Int64?
    /// True when `bytes` is computed from rows and key widths rather than measured by the engine.
    public var bytesEstimated: Bool
    public var statements: [StatementProof]
    /// Share of the served statements' cost (× calls) it saves; nil without costs (SQLite).
    public var gainPercent: Double?
    /// Cost (or score) saved × calls: what the greedy choice ranked it by.
    public var benefit: Double
    /// Foreign keys without an index whose lookup the planner runs on this one once it exists.
    public var servesForeignKeys: [ForeignKey] = []

    public init(candidate: IndexCandidate, sql: String, bytes: Int64?, bytesEstimated: Bool, statements: [StatementProof],
                gainPercent: Double?, benefit: Double) {
        self.candidate = candidate
        self.sql = sql
        self.bytes = bytes
        self.bytesEstimated = bytesEstimated
        self.statements = statements
        self.gainPercent = gainPercent
        self.benefit = benefit
    }
}

/// One workload statement as the advisor saw it: its current plan, or why it could not be planned.
public struct StatementOutcome: Equatable, Sendable {
    public var statement: WorkloadStatement
    public var plan: WhatIfPlan?
    public var error: String?

    public init(statement: WorkloadStatement, plan: WhatIfPlan?, error: String?) {
        self.statement = statement
        self.plan = plan
        self.error = error
    }
}

/// The advisor's answer for a workload.
public struct Advice: Equatable, Sendable {
    public var suggestions: [Suggestion]
    /// Every statement with its plan on the current schema (used for `used_by`).
    public var statements: [StatementOutcome]
    public var notes: [String]
    public var plannerCalls: Int
    public var candidatesConsidered: Int
    /// Wall time of the advice (planning included), for benchmarks.
    public var elapsedMs: Double?

    public init(suggestions: [Suggestion] = [], statements: [StatementOutcome] = [], notes: [String] = [],
                plannerCalls: Int = 0, candidatesConsidered: Int = 0) {
        self.suggestions = suggestions
        self.statements = statements
        self.notes = notes
        self.plannerCalls = plannerCalls
        self.candidatesConsidered = candidatesConsidered
    }

    /// The workload statements whose current plan reads `index` (a real index's name).
    public func statementsUsing(index name: String) -> [StatementOutcome] {
        statements.filter { $0.plan?.indexesUsed.contains(name) ?? false }
    }
}
