/// What every engine offers the TUI and the commands. Implementations are classes that own one
/// connection; calls other than `cancel()` are made from one worker thread at a time.
public protocol Inspector: AnyObject {
    var engine: Engine { get }
    /// The target as shown to the user (never with a password).
    var displayName: String { get }

    /// Every index with its shape and usage, in a constant number of statements. Sizes that are
    /// cheap for the engine may be included; the rest come from `loadSpace()`.
    func loadCatalog() throws -> Catalog

    /// Sizes, space breakdown and bloat estimates for every index (may take seconds).
    func loadSpace() throws -> SpaceReport

    /// The plan of one statement; never changes data (ANALYZE runs in a rolled-back transaction).
    func explain(_ sql: String, analyze: Bool) throws -> QueryPlan

    /// Interrupts the call running on another thread; safe to call from any thread at any time.
    func cancel()

    /// The advisor's judge: plans statements with hypothetical indexes present (hypopg, an
    /// in-memory schema copy); never creates a real index.
    func whatIfPlanner() throws -> WhatIfPlanner

    /// The workload to advise on when none is given (PostgreSQL: pg_stat_statements' top
    /// statements by total time, idxscope's own and utility statements left out), or a note why
    /// there is none.
    func defaultWorkload(limit: Int) throws -> (statements: [WorkloadStatement], note: String?)
}

/// One statement of a `check` script, as the engine handled it.
public enum ScriptStep: Equatable, Sendable {
    case planned(QueryPlan)
    /// The engine cannot plan it (BEGIN, CREATE TABLE, DO, SET…); the reason says what it is and
    /// whether it changed the session (a SET applies to the statements after it).
    case skipped(String)
}

/// Engines that tell a statement they cannot plan from one that fails, and apply a script's
/// `SET` statements to its later statements (on their own read-only session).
public protocol ScriptPlanning: Inspector {
    func planScriptStatement(_ sql: String) throws -> ScriptStep
    /// Undoes the script's settings (the session is as it was before the script).
    func endScript() throws
}

/// Exact bloat for one index on demand, where the engine can measure it (pgstattuple).
public protocol ExactBloatMeasuring: Inspector {
    func measureBloat(of index: IndexID) throws -> IndexSpace
}

/// Top statements by time, where the engine records them (pg_stat_statements).
public protocol StatementStatsProviding: Inspector {
    func topStatements(limit: Int) throws -> StatementStatsReport
}

public struct StatementStats: Equatable, Sendable {
    public var queryID: Int64?
    public var query: String
    public var calls: Int64
    public var totalMs: Double
    public var meanMs: Double
    public var rows: Int64
    public init(queryID: Int64?, query: String, calls: Int64, totalMs: Double, meanMs: Double, rows: Int64) {
        self.queryID = queryID
        self.query = query
        self.calls = calls
        self.totalMs = totalMs
        self.meanMs = meanMs
        self.rows = rows
    }
}

public struct StatementStatsReport: Equatable, Sendable {
    /// Nil when the extension is missing; then `note` says why.
    public var byMeanTime: [StatementStats]?
    public var byTotalTime: [StatementStats]?
    public var note: String?
    public init(byMeanTime: [StatementStats]?, byTotalTime: [StatementStats]?, note: String?) {
        self.byMeanTime = byMeanTime
        self.byTotalTime = byTotalTime
        self.note = note
    }
}
