import CLibPQ
import Foundation
import IdxScopeCore

/// The PostgreSQL engine: one read-only libpq session (application_name idxscope, with
/// statement and lock timeouts). Calls other than `cancel()` come from one thread at a time.
public final class PostgresInspector: Inspector, ExactBloatMeasuring, StatementStatsProviding, ScriptPlanning {
    public let engine: Engine = .postgresql
    public var displayName: String { connection.displayName }

    private let connection: PGConnection
    private var keywordsRegistered = false

    /// The words this server reads as keywords where a name is expected (every category but
    /// unreserved: `quote_ident`'s rule), for the SQL idxscope prints.
    static let keywordsSQL = "\(PGConnection.marker) SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'"
    /// Servers named with `--also` whose usage counters are added to this one's.
    private let replicas: [PGConnection]

    /// The libpq this process runs with (PQlibVersion: 150010 → "15.10").
    public static var libraryVersion: String {
        let number = Int(PQlibVersion())
        return number >= 100_000 ? "\(number / 10_000).\(number % 10_000)" : "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
    }

    /// `conninfo` is a postgres:// URI, a key=value string, a bare database name, or "" for the
    /// PG* variables alone; libpq reads it unchanged. `replicas` are more servers (conninfos of
    /// the same kind) whose index usage counts too, so "unused" means unused on all of them.
    /// `password`: whether and how to ask for a password (psql's -W / -w); tests never ask.
    /// Throws `.input` when a connection fails.
    public init(conninfo: String, replicas: [String] = [], password: PasswordPolicy = .never) throws {
        connection = try PGConnection(target: conninfo, password: password)
        self.replicas = try replicas.map { replica in
            do { return try PGConnection(target: replica, password: password) }
            catch let error as IdxScopeError { throw IdxScopeError(error.kind, "--also: " + error.message, code: error.code) }
        }
    }

    /// Statements sent on this connection so far (idxscope's own count; pg_stat_statements agrees).
    public var statementsSent: Int { connection.statementsSent }
    /// Statements sent to the `replicas`, all together.
    public var replicaStatementsSent: Int { replicas.map(\.statementsSent).reduce(0, +) }

    /// Round trips to the server so far (a batch of statements sent as one query counts once).
    public var roundTrips: Int { connection.roundTrips }

    /// One statement for the catalog, then (when there are foreign keys) one round trip that
    /// plans every key's lookup.
    public func loadCatalog() throws -> Catalog {
        try connection.beginCall()
        let result = try connection.execute(PostgresCatalogSQL.catalog, failure: .database)
        var catalog = try PostgresCatalogDecoding.catalog(from: result, database: displayName)
        catalog.usageSource = .server
        // The keys ride on the catalog statement; plan() puts them, with their verdicts, on the catalog.
        catalog = try PostgresForeignKeyLookups(connection: connection).plan(catalog, PostgresCatalogDecoding.foreignKeys(from: result))
        guard !replicas.isEmpty else { return catalog }
        // One statement per replica: its counters only; the shape is the primary's.
        return catalog.mergingUsage(of: try replicas.map(PostgresReplicaUsage.load(from:)))
    }

    /// Registers this server's keywords with Core's quoting, once per session (one statement),
    /// before any SQL is printed; a catalog read alone does not need it.
    public func registerKeywords() throws {
        guard !keywordsRegistered else { return }
        try connection.beginCall()
        let words = try connection.execute(Self.keywordsSQL, failure: .database)
        SQLKeywords.register((0..<words.rowCount).compactMap { words.string($0, 0) })
        keywordsRegistered = true
    }

    public func loadSpace() throws -> SpaceReport {
        try connection.beginCall()
        let result = try connection.execute(PostgresCatalogSQL.space, failure: .database)
        return PostgresCatalogDecoding.spaceReport(from: result)
    }

    public func explain(_ sql: String, analyze: Bool) throws -> QueryPlan {
        try connection.beginCall()
        return try PostgresExplain(connection: connection).run(sql, analyze: analyze)
    }

    public func planScriptStatement(_ sql: String) throws -> ScriptStep {
        try connection.beginCall()
        return try PostgresScriptStatement(connection: connection).plan(sql)
    }

    public func endScript() throws {
        try connection.beginCall()
        try PostgresScriptStatement(connection: connection).end()
    }

    public func measureBloat(of index: IndexID) throws -> IndexSpace {
        try connection.beginCall()
        return try PostgresExactBloat(connection: connection).measure(index)
    }

    public func topStatements(limit: Int) throws -> StatementStatsReport {
        try connection.beginCall()
        return try PostgresStatementStats(connection: connection).top(limit: limit)
    }

    public func cancel() {
        connection.cancel()
        replicas.forEach { $0.cancel() }
    }

    public func whatIfPlanner() throws -> WhatIfPlanner {
        try connection.beginCall()
        return try PostgresWhatIfPlanner(connection: connection)
    }

    public func defaultWorkload(limit: Int) throws -> (statements: [WorkloadStatement], note: String?) {
        let report = try topStatements(limit: limit)
        guard let top = report.byTotalTime else {
            return ([], (report.note ?? "pg_stat_statements unavailable") + ": no workload, so no missing indexes (or give --workload FILE)")
        }
        let statements = top.filter { PlannableStatement.isPlannable($0.query) }
            .map { WorkloadStatement(text: $0.query, calls: max(1, $0.calls)) }
        return (statements, statements.isEmpty ? "pg_stat_statements holds no plannable statements yet" : nil)
    }
}
