import Foundation
import IdxScopeCore

/// The PostgreSQL engine: one read-only libpq session (application_name idxscope, with
/// statement and lock timeouts). Calls other than `cancel()` come from one thread at a time.
public final class PostgresInspector: Inspector, ExactBloatMeasuring, StatementStatsProviding {
    public let engine: Engine = .postgresql
    public var displayName: String { connection.displayName }

    private let connection: PGConnection

    /// `conninfo` is a postgres:// URI, a key=value string, a bare database name, or "" for the
    /// PG* variables alone; libpq reads it unchanged. Throws `.input` when the connection fails.
    public init(conninfo: String) throws {
        connection = try PGConnection(target: conninfo)
    }

    /// Statements sent on this connection so far (idxscope's own count; pg_stat_statements agrees).
    public var statementsSent: Int { connection.statementsSent }

    public func loadCatalog() throws -> Catalog {
        try connection.beginCall()
        let result = try connection.execute(PostgresCatalogSQL.catalog, failure: .database)
        var catalog = try PostgresCatalogDecoding.catalog(from: result, database: displayName)
        catalog.usageSource = .server
        return catalog
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

    public func measureBloat(of index: IndexID) throws -> IndexSpace {
        try connection.beginCall()
        return try PostgresExactBloat(connection: connection).measure(index)
    }

    public func topStatements(limit: Int) throws -> StatementStatsReport {
        try connection.beginCall()
        return try PostgresStatementStats(connection: connection).top(limit: limit)
    }

    public func cancel() { connection.cancel() }

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
